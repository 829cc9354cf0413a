//! Whole-request verifiers: a keyring, the scheme's window, replay
//! protection, and one answer — [`Verified`] or a [`Rejection`].
//!
//! Every verifier has the same shape: built once from a keyring (credential
//! id → secret), shared by every thread, `verify(&Received, now)`.
//!
//! ```
//! use paysign::verifier::{Received, Verifier, XPayVerifier};
//! use paysign::replay::Replay;
//! let v = XPayVerifier::new([("K".to_owned(), b"secret".to_vec())], false, None, Replay::default()).unwrap();
//! let signer = paysign::XPaySigner::new("K", b"secret").unwrap();
//! let signed = signer.sign_at("GET", "https://sandbox.api.visa.com/vdp/helloworld", b"", 1_455_716_783).unwrap();
//! let headers = [("x-pay-token", signed.header("x-pay-token").unwrap())];
//! let req = Received { method: "GET", url: &signed.url, headers: &headers, body: b"" };
//! let ok = v.verify(&req, Some(1_455_716_783)).unwrap();
//! assert_eq!((ok.scheme, ok.key_id.as_str(), ok.timestamp), ("xpay", "K", 1_455_716_783));
//! let again = v.verify(&req, Some(1_455_716_783)).unwrap_err();
//! assert_eq!(again.rejection().unwrap().code(), "replayed");
//! ```

use std::collections::HashMap;

use crate::error::{Error, Rejection, Result};
use crate::replay::{credential_key, Replay};
use crate::secret::HmacKey;
use crate::time::now_unix;
use crate::{cybersource, paysimple, xpay};

/// A request as a server received it.
#[derive(Debug, Clone, Copy)]
pub struct Received<'a> {
    /// The method, e.g. `POST`.
    pub method: &'a str,
    /// The absolute URL, or the request target (`/path?query`) as received.
    pub url: &'a str,
    /// Every header received, in order, duplicates included.
    pub headers: &'a [(&'a str, &'a str)],
    /// The exact body bytes.
    pub body: &'a [u8],
}

impl<'a> Received<'a> {
    /// The one value of header `name` (any case): absent → `missing_header`,
    /// more than once → `duplicate_header`.
    pub fn header(&self, name: &'static str) -> Result<&'a str, Rejection> {
        self.optional_header(name)?
            .ok_or(Rejection::MissingHeader(name))
    }

    /// The value of header `name` if present once; `duplicate_header` if more.
    pub fn optional_header(&self, name: &'static str) -> Result<Option<&'a str>, Rejection> {
        let mut found = None;
        for (n, v) in self.headers {
            if n.eq_ignore_ascii_case(name) {
                if found.is_some() {
                    return Err(Rejection::DuplicateHeader(name.to_owned()));
                }
                found = Some(*v);
            }
        }
        Ok(found)
    }

    /// The request target as received: path and query, never decoded.
    pub fn target(&self) -> Result<&'a str> {
        request_target(self.url)
    }
}

/// The raw `/path?query` of an absolute URL or of a request target.
pub(crate) fn request_target(url: &str) -> Result<&str> {
    crate::validate::header_value("url", url)?;
    let target = if url.starts_with('/') {
        url
    } else {
        let after_scheme = url.split_once("://").map(|(_, rest)| rest).ok_or_else(|| {
            Error::invalid(
                "url",
                "is neither an absolute URL nor a request target starting with '/'",
            )
        })?;
        match after_scheme.find(['/', '?']) {
            Some(at) => &after_scheme[at..],
            None => "/",
        }
    };
    if target.contains('#') {
        return Err(Error::invalid(
            "url",
            "contains a fragment ('#'), which is never sent",
        ));
    }
    if target.contains(' ') {
        return Err(Error::invalid(
            "url",
            "contains a space; it is not a request target as received",
        ));
    }
    Ok(target)
}

/// What a verifier accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// `"xpay"`, `"cybersource"`, `"paysimple"` or `"cybersource-webhook"`.
    pub scheme: &'static str,
    /// The API key, key id or username that matched.
    pub key_id: String,
    /// CyberSource's `v-c-merchant-id`.
    pub merchant_id: Option<String>,
    /// When it was signed, Unix seconds.
    pub timestamp: i64,
    /// The names of what the credential covered.
    pub signed: Vec<String>,
}

/// Every whole-request verifier.
pub trait Verifier: Send + Sync {
    /// Verifies `request` at `now` (Unix seconds; `None`: the clock).
    fn verify(&self, request: &Received<'_>, now: Option<i64>) -> Result<Verified>;
}

fn max_skew_or(max_skew: Option<u64>, default: u64) -> u64 {
    max_skew.unwrap_or(default)
}

fn keyring(
    field: &'static str,
    keys: impl IntoIterator<Item = (String, Vec<u8>)>,
    key_of: impl Fn(&[u8]) -> Result<HmacKey>,
) -> Result<HashMap<String, HmacKey>> {
    let mut ring = HashMap::new();
    for (id, secret) in keys {
        crate::validate::header_value(field, &id)?;
        let key = key_of(&secret)?;
        let zeroed = zeroize::Zeroizing::new(secret);
        drop(zeroed);
        if ring.insert(id, key).is_some() {
            return Err(Error::invalid(
                field,
                "the same id appears twice in the keyring",
            ));
        }
    }
    if ring.is_empty() {
        return Err(Error::invalid("keys", "must hold at least one key"));
    }
    Ok(ring)
}

/// Verifies X-Pay-Token requests for a keyring of API key → shared secret.
#[derive(Debug)]
pub struct XPayVerifier {
    keys: HashMap<String, HmacKey>,
    rule: xpay::PathRule,
    max_skew: u64,
    replay: Replay,
}

impl XPayVerifier {
    /// `keys`: API key → shared secret; `max_skew` defaults to Visa's 8 minutes.
    pub fn new(
        keys: impl IntoIterator<Item = (String, Vec<u8>)>,
        full_path: bool,
        max_skew: Option<u64>,
        replay: Replay,
    ) -> Result<Self> {
        Ok(XPayVerifier {
            keys: keyring("keys", keys, |s| HmacKey::new("keys", s))?,
            rule: xpay::PathRule::from_full_path(full_path),
            max_skew: max_skew_or(max_skew, xpay::DEFAULT_MAX_SKEW),
            replay,
        })
    }
}

impl Verifier for XPayVerifier {
    fn verify(&self, request: &Received<'_>, now: Option<i64>) -> Result<Verified> {
        let now = now.unwrap_or_else(now_unix);
        crate::request::Method::parse("method", request.method)?;
        let target = request.target()?;
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let token = request.header(xpay::HEADER)?;
        let api_key = xpay::api_key_of_query(query)?;
        let key = self.keys.get(&api_key).ok_or(Rejection::UnknownKey)?;
        let rp = xpay::resource_path(path, self.rule);
        let (ts, mac) = xpay::verify_parsed(
            key,
            token,
            rp.value,
            query,
            request.body,
            now,
            self.max_skew,
        )?;
        let id = || {
            credential_key(
                "xpay",
                &[api_key.as_bytes(), ts.to_string().as_bytes(), &mac],
            )
        };
        self.replay
            .check(id, now, ts.saturating_add(self.max_skew as i64))?;
        Ok(Verified {
            scheme: "xpay",
            key_id: api_key,
            merchant_id: None,
            timestamp: ts,
            signed: ["timestamp", "resource_path", "query_string", "body"]
                .map(str::to_owned)
                .to_vec(),
        })
    }
}

/// Verifies CyberSource HTTP Signature requests for a keyring of key id → base64 secret.
#[derive(Debug)]
pub struct CyberSourceVerifier {
    keys: HashMap<String, HmacKey>,
    max_skew: u64,
    replay: Replay,
}

impl CyberSourceVerifier {
    /// `keys`: key id → shared secret (base64 text); `max_skew` defaults to 5 minutes.
    pub fn new(
        keys: impl IntoIterator<Item = (String, Vec<u8>)>,
        max_skew: Option<u64>,
        replay: Replay,
    ) -> Result<Self> {
        Ok(CyberSourceVerifier {
            keys: keyring("keys", keys, |s| {
                let text = std::str::from_utf8(s)
                    .map_err(|_| Error::invalid("keys", "a shared secret is not base64 text"))?;
                let secret = cybersource::decode_secret("keys", text)?;
                HmacKey::new("keys", secret.expose())
            })?,
            max_skew: max_skew_or(max_skew, cybersource::DEFAULT_MAX_SKEW),
            replay,
        })
    }
}

impl Verifier for CyberSourceVerifier {
    fn verify(&self, request: &Received<'_>, now: Option<i64>) -> Result<Verified> {
        let now = now.unwrap_or_else(now_unix);
        let target = request.target()?;
        for name in cybersource::READ_HEADERS {
            request.optional_header(name)?;
        }
        let accepted = cybersource::verify_accepted(
            |key_id| self.keys.get(key_id).cloned(),
            request.headers,
            request.method,
            target,
            request.body,
            now,
            self.max_skew,
        )
        .map_err(|e| match e.rejection() {
            Some(Rejection::UnknownKeyId) => Rejection::UnknownKey.into(),
            _ => e,
        })?;
        let ts = accepted.signed_at;
        let id = || credential_key("cybersource", &[accepted.key_id.as_bytes(), &accepted.mac]);
        self.replay
            .check(id, now, ts.saturating_add(self.max_skew as i64))?;
        Ok(Verified {
            scheme: "cybersource",
            key_id: accepted.key_id.to_owned(),
            merchant_id: Some(accepted.merchant_id.to_owned()),
            timestamp: ts,
            signed: accepted
                .headers_list
                .split(' ')
                .map(str::to_owned)
                .collect(),
        })
    }
}

/// Verifies PaySimple PSSERVER headers for a keyring of username → API key.
#[derive(Debug)]
pub struct PaySimpleVerifier {
    keys: HashMap<String, HmacKey>,
    max_skew: u64,
    replay: Replay,
}

impl PaySimpleVerifier {
    /// `keys`: username → API key; `max_skew` defaults to PaySimple's 5 minutes.
    pub fn new(
        keys: impl IntoIterator<Item = (String, Vec<u8>)>,
        max_skew: Option<u64>,
        replay: Replay,
    ) -> Result<Self> {
        Ok(PaySimpleVerifier {
            keys: keyring("keys", keys, |s| HmacKey::new("keys", s))?,
            max_skew: max_skew_or(max_skew, paysimple::DEFAULT_MAX_SKEW),
            replay,
        })
    }
}

impl Verifier for PaySimpleVerifier {
    fn verify(&self, request: &Received<'_>, now: Option<i64>) -> Result<Verified> {
        let now = now.unwrap_or_else(now_unix);
        let value = request.header(paysimple::HEADER)?;
        paysimple::verify_with_lookup(|id| self.keys.get(id).cloned(), value, now, self.max_skew)
            .map_err(|e| match e.rejection() {
            Some(Rejection::UnknownAccessId) => Rejection::UnknownKey.into(),
            _ => e,
        })?;
        let parsed = paysimple::parse_header(value)?;
        let ts = crate::time::parse_rfc3339("timestamp", parsed.timestamp)?;
        let mac =
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, parsed.signature)
                .map_err(|_| {
                    Rejection::MalformedHeader("Authorization: signature= is not base64".into())
                })?;
        let id = || {
            credential_key(
                "paysimple",
                &[
                    parsed.access_id.as_bytes(),
                    parsed.timestamp.as_bytes(),
                    &mac,
                ],
            )
        };
        self.replay
            .check(id, now, ts.saturating_add(self.max_skew as i64))?;
        Ok(Verified {
            scheme: "paysimple",
            key_id: parsed.access_id.to_owned(),
            merchant_id: None,
            timestamp: ts,
            signed: vec!["timestamp".to_owned()],
        })
    }
}
