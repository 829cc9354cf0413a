//! PaySimple API 4.0 legacy `PSSERVER` authorization (SPEC §3).
//!
//! ```
//! let h = paysign::paysimple::header("APIUser1000", "key", "2017-07-20T20:45:44.0973928Z").unwrap();
//! assert!(h.starts_with("PSSERVER accessid=APIUser1000; timestamp=2017-07-20T20:45:44.0973928Z; signature="));
//! ```

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use subtle::ConstantTimeEq;

use crate::error::{Error, Rejection, Result};
use crate::request::{parse_url, Method, SignedRequest};
use crate::secret::HmacKey;
use crate::time::{check_window, parse_rfc3339, paysimple_timestamp, paysimple_timestamp_now};
use crate::validate::{header_value, visible};

/// The header that carries the value.
pub const HEADER: &str = "Authorization";
/// The window PaySimple applies: 5 minutes either side of its clock.
pub const DEFAULT_MAX_SKEW: u64 = 300;
/// The longest `Authorization` value read, in bytes.
pub const MAX_HEADER_LEN: usize = 1024;
/// The scheme word that opens the value.
pub const SCHEME: &str = "PSSERVER";

fn check_username(username: &str) -> Result<()> {
    header_value("username", username)?;
    crate::validate::at_most("username", username, 256)?;
    if username.contains(';') {
        return Err(Error::invalid(
            "username",
            "contains ';', which separates the header's fields",
        ));
    }
    Ok(())
}

fn api_key(api_key: &str) -> Result<HmacKey> {
    HmacKey::new("api_key", api_key.as_bytes())
}

/// base64(HMAC(api_key, timestamp)) with an already keyed HMAC; the timestamp must be ISO-8601.
pub fn signature_with_key(key: &HmacKey, timestamp: &str) -> Result<String> {
    parse_rfc3339("timestamp", timestamp)?;
    Ok(BASE64.encode(key.sign_parts(&[timestamp.as_bytes()])))
}

/// `signature = base64(HMAC(key = api_key, message = timestamp))`.
///
/// ```
/// let s = paysign::paysimple::signature("key", "2017-07-20T20:45:44.0973928Z").unwrap();
/// assert_eq!(s.len(), 44);
/// ```
pub fn signature(api_key_text: &str, timestamp: &str) -> Result<String> {
    signature_with_key(&api_key(api_key_text)?, timestamp)
}

/// The header value with an already keyed HMAC.
pub fn header_with_key(key: &HmacKey, username: &str, timestamp: &str) -> Result<String> {
    check_username(username)?;
    let signature = signature_with_key(key, timestamp)?;
    Ok(header_text(username, timestamp, &signature))
}

fn header_text(username: &str, timestamp: &str, signature: &str) -> String {
    let mut out = String::with_capacity(48 + username.len() + timestamp.len() + signature.len());
    for piece in [
        SCHEME,
        " accessid=",
        username,
        "; timestamp=",
        timestamp,
        "; signature=",
        signature,
    ] {
        out.push_str(piece);
    }
    out
}

/// `PSSERVER accessid=<username>; timestamp=<timestamp>; signature=<signature>`,
/// signing the timestamp text exactly as given.
pub fn header(username: &str, api_key_text: &str, timestamp: &str) -> Result<String> {
    check_username(username)?;
    header_with_key(&api_key(api_key_text)?, username, timestamp)
}

/// The fields of a received `PSSERVER` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedHeader<'a> {
    /// `accessid=`
    pub access_id: &'a str,
    /// `timestamp=`, as received.
    pub timestamp: &'a str,
    /// `signature=`, as received.
    pub signature: &'a str,
}

/// Reads the layout `PSSERVER accessid=…; timestamp=…; signature=…` alone,
/// the values not checked: what a diagnosis reads before it asks what is
/// wrong with the signature. A verifier uses [`parse_header`].
///
/// ```
/// let p = paysign::paysimple::parse_layout("PSSERVER accessid=u; timestamp=t; signature=abc\n").unwrap();
/// assert_eq!(p.signature, "abc\n");
/// ```
pub fn parse_layout(value: &str) -> Result<ParsedHeader<'_>, Rejection> {
    // The value is never quoted: other Authorization schemes (`basic
    // user:key`) carry the API key itself.
    let malformed = || {
        Rejection::MalformedHeader(
            "Authorization is not \"PSSERVER accessid=<user>; timestamp=<ISO-8601>; signature=<base64>\""
                .to_owned(),
        )
    };
    if value.len() > MAX_HEADER_LEN {
        return Err(Rejection::MalformedHeader(format!(
            "Authorization is longer than {MAX_HEADER_LEN} bytes"
        )));
    }
    let rest = value
        .strip_prefix(SCHEME)
        .and_then(|r| r.strip_prefix(' '))
        .ok_or_else(malformed)?;
    let mut fields = rest.split("; ");
    let mut field = |name: &str| {
        fields
            .next()
            .and_then(|f| f.strip_prefix(name))
            .and_then(|f| f.strip_prefix('='))
            .filter(|v| !v.is_empty())
            .ok_or_else(malformed)
    };
    let parsed = ParsedHeader {
        access_id: field("accessid")?,
        timestamp: field("timestamp")?,
        signature: field("signature")?,
    };
    if fields.next().is_some() {
        return Err(malformed());
    }
    Ok(parsed)
}

/// Parses `PSSERVER accessid=…; timestamp=…; signature=…`, exactly as
/// documented, with one spelling per credential: the access id a username the
/// signer would take, the signature the canonical base64 of 32 bytes.
///
/// ```
/// let sig = "c2lnbmF0dXJlLWJ5dGVzLWFyZS0zMi1ieXRlcy1sb24=";
/// let header = format!("PSSERVER accessid=u; timestamp=t; signature={sig}");
/// let p = paysign::paysimple::parse_header(&header).unwrap();
/// assert_eq!((p.access_id, p.timestamp, p.signature), ("u", "t", sig));
/// assert!(paysign::paysimple::parse_header(&format!("PSSERVER accessid=u; timestamp=t; signature={sig};")).is_err());
/// assert!(paysign::paysimple::parse_header("PSSERVER AccessId = u; Timestamp = t; Signature = s").is_err());
/// ```
pub fn parse_header(value: &str) -> Result<ParsedHeader<'_>, Rejection> {
    let malformed = || {
        Rejection::MalformedHeader(
            "Authorization is not \"PSSERVER accessid=<user>; timestamp=<ISO-8601>; signature=<base64>\""
                .to_owned(),
        )
    };
    let parsed = parse_layout(value)?;
    // One spelling: the access id is a username the signer would take, the
    // signature the canonical base64 of 32 bytes (a trailing ';' or space is
    // a malformed header, not a wrong signature).
    let canonical_sig = BASE64
        .decode(parsed.signature)
        .ok()
        .is_some_and(|m| m.len() == 32 && BASE64.encode(&m) == parsed.signature);
    if !canonical_sig
        || check_username(parsed.access_id).is_err()
        || parsed.access_id.starts_with(' ')
        || parsed.timestamp.contains([' ', ';'])
    {
        return Err(malformed());
    }
    Ok(parsed)
}

/// Verifies a header, finding the API key by its `accessid` with `lookup`
/// (`None` rejects with [`Rejection::UnknownAccessId`]).
pub fn verify_with_lookup(
    lookup: impl Fn(&str) -> Option<HmacKey>,
    header_value: &str,
    now: i64,
    max_skew: u64,
) -> Result<()> {
    let parsed = parse_header(header_value)?;
    let signed_at = parse_rfc3339("timestamp", parsed.timestamp).map_err(|_| {
        Rejection::MalformedHeader(format!(
            "timestamp \"{}\" is not ISO-8601",
            visible(parsed.timestamp)
        ))
    })?;
    check_window(signed_at, now, max_skew)?;
    let key = lookup(parsed.access_id).ok_or(Rejection::UnknownAccessId)?;
    let expected = BASE64.encode(key.sign_parts(&[parsed.timestamp.as_bytes()]));
    if bool::from(expected.as_bytes().ct_eq(parsed.signature.as_bytes())) {
        Ok(())
    } else {
        Err(Rejection::SignatureMismatch.into())
    }
}

/// Verifies a received header with one API key, whatever its `accessid`.
///
/// ```
/// let h = paysign::paysimple::header("u", "key", "2017-07-20T20:45:44.0973928Z").unwrap();
/// paysign::paysimple::verify(&h, "key", 1_500_583_544, 300).unwrap();
/// let err = paysign::paysimple::verify(&h, "other", 1_500_583_544, 300).unwrap_err();
/// assert_eq!(err.rejection().unwrap().code(), "signature_mismatch");
/// ```
pub fn verify(header_value: &str, api_key_text: &str, now: i64, max_skew: u64) -> Result<()> {
    let key = api_key(api_key_text)?;
    verify_with_lookup(|_| Some(key.clone()), header_value, now, max_skew)
}

/// Signs requests for one API username and key, keyed once. The request itself
/// is not signed by this scheme; the URL is returned unchanged.
///
/// ```
/// let signer = paysign::paysimple::PaySimpleSigner::new("APIUser1000", "key").unwrap();
/// let signed = signer.sign_at("GET", "https://sandbox-api.paysimple.com/v4/customer", b"", 1_500_583_544, 97_392_800).unwrap();
/// assert!(signed.header("Authorization").unwrap().contains("timestamp=2017-07-20T20:45:44.0973928Z;"));
/// ```
#[derive(Debug, Clone)]
pub struct PaySimpleSigner {
    username: String,
    key: HmacKey,
    // The API key's text, kept (zeroized, never shown) for `diagnose`.
    api_key: crate::SecretBytes,
    // the URL to send, for each URL signed lately
    prepared: crate::request::PreparedUrls<String>,
}

impl PaySimpleSigner {
    /// A signer for an API username and key.
    pub fn new(username: &str, api_key_text: &str) -> Result<Self> {
        check_username(username)?;
        Ok(PaySimpleSigner {
            username: username.to_owned(),
            key: api_key(api_key_text)?,
            api_key: crate::SecretBytes::new(api_key_text.as_bytes().to_vec()),
            prepared: Default::default(),
        })
    }

    /// The API username (`accessid=`).
    pub fn username(&self) -> &str {
        &self.username
    }

    pub(crate) fn key(&self) -> &HmacKey {
        &self.key
    }

    pub(crate) fn api_key_text(&self) -> &str {
        std::str::from_utf8(self.api_key.expose()).unwrap_or_default()
    }

    /// Signs with the exact timestamp text given.
    pub fn sign_with_timestamp(
        &self,
        method: &str,
        url: &str,
        _body: &[u8],
        timestamp: &str,
    ) -> Result<SignedRequest> {
        let url = self.url_to_send(method, url)?;
        parse_rfc3339("timestamp", timestamp)?;
        Ok(self.sign_checked(&url, timestamp))
    }

    /// Signs at Unix time `unix_time` + `nanos`.
    pub fn sign_at(
        &self,
        method: &str,
        url: &str,
        _body: &[u8],
        unix_time: i64,
        nanos: u32,
    ) -> Result<SignedRequest> {
        // formatted here, so not parsed back
        let timestamp = paysimple_timestamp(unix_time, nanos)?;
        let url = self.url_to_send(method, url)?;
        Ok(self.sign_checked(&url, &timestamp))
    }

    /// Signs now.
    pub fn sign(&self, method: &str, url: &str, _body: &[u8]) -> Result<SignedRequest> {
        let url = self.url_to_send(method, url)?;
        Ok(self.sign_checked(&url, &paysimple_timestamp_now()))
    }

    /// The method checked, and the URL to send (kept for the next call with it).
    fn url_to_send(&self, method: &str, url: &str) -> Result<std::sync::Arc<String>> {
        Method::parse("method", method)?;
        self.prepared.get(url, |url| {
            Ok(parse_url(url)?[..url::Position::AfterQuery].to_owned())
        })
    }

    fn sign_checked(&self, url: &str, timestamp: &str) -> SignedRequest {
        let signature = BASE64.encode(self.key.sign_parts(&[timestamp.as_bytes()]));
        SignedRequest {
            url: url.to_owned(),
            headers: vec![(HEADER, header_text(&self.username, timestamp, &signature))],
        }
    }

    /// Verifies a header received for this signer's username.
    pub fn verify(&self, header_value: &str, now: i64, max_skew: u64) -> Result<()> {
        verify_with_lookup(
            |access_id| (access_id == self.username).then(|| self.key.clone()),
            header_value,
            now,
            max_skew,
        )
    }
}
