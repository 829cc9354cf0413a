//! CyberSource webhook notifications: the `v-c-signature` header (SPEC §5).
//!
//! `v-c-signature: t=<Unix ms>;keyId=<key id>;sig=<base64 HMAC-SHA256(base64_decode(key), "<t>.<raw body>")>`
//!
//! ```
//! let key = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=";
//! let v = paysign::webhook::signature("key-1", key, br#"{"eventType":"payments.capture"}"#, 1_700_000_000_123).unwrap();
//! assert!(v.starts_with("t=1700000000123;keyId=key-1;sig="));
//! let parsed = paysign::webhook::parse_signature(&v).unwrap();
//! assert_eq!((parsed.timestamp_ms, parsed.key_id), (1_700_000_000_123, "key-1"));
//! ```

use std::collections::HashMap;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

use crate::error::{Error, Rejection, Result};
use crate::replay::{credential_key, Replay};
use crate::secret::HmacKey;
use crate::time::{check_unix_time, check_window, now_unix};
use crate::validate::{header_value, visible};
use crate::verifier::{Received, Verified, Verifier};

/// The header CyberSource sends with each notification.
pub const HEADER: &str = "v-c-signature";
/// The tolerance public samples apply: 5 minutes.
pub const DEFAULT_MAX_SKEW: u64 = 300;
/// The longest `v-c-signature` value accepted.
pub const MAX_HEADER_LEN: usize = 512;

fn check_key_id(key_id: &str) -> Result<()> {
    header_value("key_id", key_id)?;
    if key_id.contains([';', '=', ' ', ',']) {
        return Err(Error::invalid(
            "key_id",
            "contains ';', '=', ',' or a space, which the header cannot carry",
        ));
    }
    Ok(())
}

/// The webhook key: base64 text, decoded before use (never used as text).
pub fn decode_key(field: &'static str, key_b64: &str) -> Result<HmacKey> {
    let secret = crate::cybersource::decode_secret(field, key_b64)?;
    HmacKey::new(field, secret.expose())
}

fn mac(key: &HmacKey, timestamp_ms: i64, body: &[u8]) -> [u8; 32] {
    let t = timestamp_ms.to_string();
    key.sign_parts(&[t.as_bytes(), b".", body])
}

/// The exact bytes signed: `<t>.<raw body>`.
pub fn message(timestamp_ms: i64, body: &[u8]) -> Vec<u8> {
    let mut m = timestamp_ms.to_string().into_bytes();
    m.push(b'.');
    m.extend_from_slice(body);
    m
}

/// The header value with an already decoded key.
pub fn signature_with_key(
    key: &HmacKey,
    key_id: &str,
    body: &[u8],
    timestamp_ms: i64,
) -> Result<String> {
    check_key_id(key_id)?;
    if timestamp_ms < 0 {
        return Err(Error::invalid(
            "timestamp",
            "must not be negative (Unix milliseconds)",
        ));
    }
    check_unix_time("timestamp", timestamp_ms / 1000)?;
    Ok(format!(
        "t={timestamp_ms};keyId={key_id};sig={}",
        BASE64.encode(mac(key, timestamp_ms, body))
    ))
}

/// The `v-c-signature` value for `body` at `timestamp_ms` (Unix milliseconds).
pub fn signature(key_id: &str, key_b64: &str, body: &[u8], timestamp_ms: i64) -> Result<String> {
    check_key_id(key_id)?;
    signature_with_key(&decode_key("key", key_b64)?, key_id, body, timestamp_ms)
}

/// A parsed `v-c-signature`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSignature<'a> {
    /// `t=`, Unix milliseconds.
    pub timestamp_ms: i64,
    /// `keyId=`
    pub key_id: &'a str,
    /// `sig=`, decoded.
    pub mac: [u8; 32],
}

/// Parses `t=<ms>;keyId=<id>;sig=<base64>` strictly: that order, no spaces,
/// no other parameter, and only the one spelling that prints back the same bytes.
pub fn parse_signature(value: &str) -> Result<ParsedSignature<'_>, Rejection> {
    let malformed = |why: &str| Rejection::MalformedHeader(format!("{HEADER}: {why}"));
    if value.len() > MAX_HEADER_LEN {
        return Err(malformed(&format!("longer than {MAX_HEADER_LEN} bytes")));
    }
    let mut fields = value.split(';');
    let mut field = |name: &str| {
        fields
            .next()
            .and_then(|f| f.strip_prefix(name))
            .and_then(|f| f.strip_prefix('='))
            .ok_or_else(|| malformed("expected t=<Unix ms>;keyId=<key id>;sig=<base64>"))
    };
    let t = field("t")?;
    let key_id = field("keyId")?;
    let sig = field("sig")?;
    if fields.next().is_some() {
        return Err(malformed("unexpected field after sig="));
    }
    let canonical = !t.is_empty()
        && t.len() <= 16
        && t.bytes().all(|b| b.is_ascii_digit())
        && (t == "0" || !t.starts_with('0'));
    let timestamp_ms: i64 = t
        .parse()
        .ok()
        .filter(|_| canonical)
        .ok_or_else(|| malformed(&format!("t=\"{}\" is not Unix milliseconds", visible(t))))?;
    if key_id.is_empty() || key_id.contains([' ', ',', '=']) || key_id.chars().any(char::is_control)
    {
        return Err(malformed("keyId= is empty or not a key id"));
    }
    let decoded = BASE64
        .decode(sig)
        .ok()
        .filter(|m| m.len() == 32 && BASE64.encode(m) == sig)
        .ok_or_else(|| malformed("sig= is not the base64 of 32 bytes"))?;
    let mut mac = [0u8; 32];
    mac.copy_from_slice(&decoded);
    // One spelling: what was parsed prints back to the very bytes received.
    debug_assert_eq!(
        format!("t={timestamp_ms};keyId={key_id};sig={}", BASE64.encode(mac)),
        value
    );
    Ok(ParsedSignature {
        timestamp_ms,
        key_id,
        mac,
    })
}

/// Verifies webhook notifications for a keyring of key id → base64 key.
#[derive(Debug)]
pub struct CyberSourceWebhookVerifier {
    keys: HashMap<String, HmacKey>,
    max_skew: u64,
    replay: Replay,
}

impl CyberSourceWebhookVerifier {
    /// `keys`: key id → key (base64 text); `max_skew` defaults to 5 minutes.
    pub fn new(
        keys: impl IntoIterator<Item = (String, Vec<u8>)>,
        max_skew: Option<u64>,
        replay: Replay,
    ) -> Result<Self> {
        let mut ring = HashMap::new();
        for (id, key) in keys {
            check_key_id(&id).map_err(|_| {
                Error::invalid(
                    "keys",
                    "a key id is empty or holds ';', '=', ',' or a space",
                )
            })?;
            let text = std::str::from_utf8(&key)
                .map_err(|_| Error::invalid("keys", "a key is not base64 text"))?;
            if ring.insert(id, decode_key("keys", text)?).is_some() {
                return Err(Error::invalid("keys", "the same key id appears twice"));
            }
        }
        if ring.is_empty() {
            return Err(Error::invalid("keys", "must hold at least one key"));
        }
        Ok(CyberSourceWebhookVerifier {
            keys: ring,
            max_skew: max_skew.unwrap_or(DEFAULT_MAX_SKEW),
            replay,
        })
    }

    /// Verifies a notification from its headers and raw body.
    pub fn verify_notification(
        &self,
        headers: &[(&str, &str)],
        body: &[u8],
        now: Option<i64>,
    ) -> Result<Verified> {
        self.verify(
            &Received {
                method: "POST",
                url: "/",
                headers,
                body,
            },
            now,
        )
    }
}

impl Verifier for CyberSourceWebhookVerifier {
    fn verify(&self, request: &Received<'_>, now: Option<i64>) -> Result<Verified> {
        let now = now.unwrap_or_else(now_unix);
        let parsed = parse_signature(request.header(HEADER)?)?;
        check_window(parsed.timestamp_ms.div_euclid(1000), now, self.max_skew)?;
        let key = self.keys.get(parsed.key_id).ok_or(Rejection::UnknownKey)?;
        let t = parsed.timestamp_ms.to_string();
        if !key.verify_parts(&[t.as_bytes(), b".", request.body], &parsed.mac) {
            return Err(Rejection::SignatureMismatch.into());
        }
        let ts = parsed.timestamp_ms.div_euclid(1000);
        let id = || {
            credential_key(
                "cybersource-webhook",
                &[parsed.key_id.as_bytes(), t.as_bytes(), &parsed.mac],
            )
        };
        self.replay
            .check(id, now, ts.saturating_add(self.max_skew as i64))?;
        Ok(Verified {
            scheme: "cybersource-webhook",
            key_id: parsed.key_id.to_owned(),
            merchant_id: None,
            timestamp: ts,
            signed: vec!["timestamp".to_owned(), "body".to_owned()],
        })
    }
}
