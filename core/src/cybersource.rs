//! CyberSource REST HTTP Signature with a shared secret (SPEC §2).
//!
//! ```
//! use paysign::cybersource::{sign, Request};
//! let signed = sign(&Request {
//!     key_id: "08c94330-f618-42a3-b09d-e1e43be5efda",
//!     shared_secret: "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=",
//!     merchant_id: "testrest",
//!     host: "apitest.cybersource.com",
//!     method: "GET",
//!     request_target: "/reporting/v3/reports?organizationId=testrest",
//!     body: b"",
//!     date: "Thu, 18 Jul 2019 00:18:03 GMT",
//! }).unwrap();
//! assert_eq!(signed.signing_string,
//!     "host: apitest.cybersource.com\ndate: Thu, 18 Jul 2019 00:18:03 GMT\n\
//!      request-target: get /reporting/v3/reports?organizationId=testrest\nv-c-merchant-id: testrest");
//! assert_eq!(signed.headers()[0], ("v-c-merchant-id", "testrest".to_owned()));
//! ```

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use sha2::{Digest as _, Sha256};

use crate::error::{Error, Rejection, Result};
use crate::request::{host_header, parse_url, Method, SignedRequest};
use crate::secret::{HmacKey, SecretBytes};
use crate::time::{check_window, imf_fixdate, now_unix, parse_imf_fixdate};
use crate::validate::{header_value, visible};

/// Header names, in the order they are returned.
pub const HEADER_MERCHANT_ID: &str = "v-c-merchant-id";
/// The `Date` header.
pub const HEADER_DATE: &str = "Date";
/// The `Host` header.
pub const HEADER_HOST: &str = "Host";
/// The `Digest` header (POST, PUT, PATCH).
pub const HEADER_DIGEST: &str = "Digest";
/// The `Signature` header.
pub const HEADER_SIGNATURE: &str = "Signature";
/// The only algorithm this scheme uses.
pub const ALGORITHM: &str = "HmacSHA256";
/// The `headers=` list for POST, PUT and PATCH.
pub const HEADERS_WITH_DIGEST: &str = "host date request-target digest v-c-merchant-id";
/// The `headers=` list for GET and DELETE.
pub const HEADERS_WITHOUT_DIGEST: &str = "host date request-target v-c-merchant-id";
/// The window verifiers apply by default, in seconds either side of now.
pub const DEFAULT_MAX_SKEW: u64 = 300;
/// Every header a verifier reads: each must appear at most once.
pub const READ_HEADERS: [&str; 5] = [
    HEADER_MERCHANT_ID,
    HEADER_DATE,
    HEADER_HOST,
    HEADER_DIGEST,
    HEADER_SIGNATURE,
];
/// The longest `Signature` value read, in bytes: the canonical form with a
/// 256-byte key id is under 400 bytes.
pub const MAX_SIGNATURE_LEN: usize = 512;
/// The longest key id accepted (signers and verifiers).
pub const MAX_KEY_ID_LEN: usize = 256;
/// The prefix of the `Digest` value.
pub const DIGEST_PREFIX: &str = "SHA-256=";

/// The sandbox merchant id CyberSource publishes in its official SDKs (test use only).
pub const SANDBOX_MERCHANT_ID: &str = "testrest";
/// The sandbox key id published with [`SANDBOX_MERCHANT_ID`].
pub const SANDBOX_KEY_ID: &str = "08c94330-f618-42a3-b09d-e1e43be5efda";
/// The sandbox shared secret published with [`SANDBOX_MERCHANT_ID`]: public, test use only.
pub const SANDBOX_SHARED_SECRET: &str = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=";
/// The sandbox host.
pub const SANDBOX_HOST: &str = "apitest.cybersource.com";

/// The `headers=` list `method` requires.
pub fn headers_list(method: Method) -> &'static str {
    if method.has_digest() {
        HEADERS_WITH_DIGEST
    } else {
        HEADERS_WITHOUT_DIGEST
    }
}

/// The `Digest` header value: `SHA-256=` ‖ base64(SHA-256(body)).
///
/// ```
/// assert_eq!(paysign::cybersource::digest(b""), "SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
/// ```
pub fn digest(body: &[u8]) -> String {
    let mut out = String::with_capacity(DIGEST_PREFIX.len() + 44);
    out.push_str(DIGEST_PREFIX);
    BASE64.encode_string(Sha256::digest(body), &mut out);
    out
}

/// Decodes the shared secret, which CyberSource issues as strict base64 text.
/// An undecodable secret is an error, never a fallback to its raw bytes.
///
/// ```
/// assert!(paysign::cybersource::decode_secret("shared_secret", "c2VjcmV0").is_ok());
/// assert!(paysign::cybersource::decode_secret("shared_secret", "c2VjcmV0LQ").is_err());
/// ```
pub fn decode_secret(field: &'static str, base64_secret: &str) -> Result<SecretBytes> {
    if base64_secret.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    // The decoder's own error names the offending character: say less, it is secret.
    let bytes = BASE64.decode(base64_secret).map_err(|_| {
        Error::invalid(
            field,
            "is not standard base64 with padding (RFC 4648 §4); CyberSource secrets are base64 text and are decoded before use",
        )
    })?;
    if bytes.is_empty() {
        return Err(Error::invalid(field, "decodes to no bytes"));
    }
    Ok(SecretBytes::new(bytes))
}

/// The non-secret values a CyberSource signature covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningInput<'a> {
    /// `Host` header value.
    pub host: &'a str,
    /// `Date` header value (IMF-fixdate).
    pub date: &'a str,
    /// The method.
    pub method: Method,
    /// Path and query.
    pub request_target: &'a str,
    /// The `Digest` value, for POST/PUT/PATCH.
    pub digest: Option<&'a str>,
    /// The merchant id.
    pub merchant_id: &'a str,
}

impl SigningInput<'_> {
    /// The signing string: `name: value` lines joined by `\n`, no trailing newline.
    pub fn signing_string(&self) -> String {
        let mut s = String::with_capacity(
            96 + self.host.len() + self.request_target.len() + self.merchant_id.len(),
        );
        s.push_str("host: ");
        s.push_str(self.host);
        s.push_str("\ndate: ");
        s.push_str(self.date);
        s.push_str("\nrequest-target: ");
        s.push_str(self.method.as_lower());
        s.push(' ');
        s.push_str(self.request_target);
        if let Some(digest) = self.digest {
            s.push_str("\ndigest: ");
            s.push_str(digest);
        }
        s.push_str("\nv-c-merchant-id: ");
        s.push_str(self.merchant_id);
        s
    }
}

/// The inputs of the low-level signer: signs exactly what it is given.
#[derive(Clone, PartialEq, Eq)]
pub struct Request<'a> {
    /// The key id (`keyid=`), a UUID from the Business Center.
    pub key_id: &'a str,
    /// The shared secret, base64 text.
    pub shared_secret: &'a str,
    /// `v-c-merchant-id`.
    pub merchant_id: &'a str,
    /// `Host`, e.g. `apitest.cybersource.com` (no scheme).
    pub host: &'a str,
    /// GET, POST, PUT, PATCH or DELETE, in any case.
    pub method: &'a str,
    /// Path and query, starting with `/`.
    pub request_target: &'a str,
    /// The exact body bytes.
    pub body: &'a [u8],
    /// IMF-fixdate, e.g. `Thu, 18 Jul 2019 00:18:03 GMT`.
    pub date: &'a str,
}

impl std::fmt::Debug for Request<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("key_id", &self.key_id)
            .field("shared_secret", &"<redacted>")
            .field("merchant_id", &self.merchant_id)
            .field("host", &self.host)
            .field("method", &self.method)
            .field("request_target", &self.request_target)
            .field("body_len", &self.body.len())
            .field("date", &self.date)
            .finish()
    }
}

/// The headers to send, and the signing string they carry, for debugging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// `v-c-merchant-id`.
    pub merchant_id: String,
    /// `Date`.
    pub date: String,
    /// `Host`.
    pub host: String,
    /// `Digest`, for POST/PUT/PATCH.
    pub digest: Option<String>,
    /// The `Signature` header value.
    pub signature: String,
    /// The exact text signed.
    pub signing_string: String,
}

impl Signed {
    /// The headers in the order to send them.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        self.clone().into_headers()
    }

    pub(crate) fn into_headers(self) -> Vec<(&'static str, String)> {
        let mut headers = Vec::with_capacity(5);
        headers.push((HEADER_MERCHANT_ID, self.merchant_id));
        headers.push((HEADER_DATE, self.date));
        headers.push((HEADER_HOST, self.host));
        if let Some(d) = self.digest {
            headers.push((HEADER_DIGEST, d));
        }
        headers.push((HEADER_SIGNATURE, self.signature));
        headers
    }
}

fn check_key_id(key_id: &str) -> Result<()> {
    header_value("key_id", key_id)?;
    crate::validate::at_most("key_id", key_id, MAX_KEY_ID_LEN)?;
    if key_id.as_bytes().contains(&b'"') {
        return Err(Error::invalid(
            "key_id",
            "contains '\"', which would end keyid=\"…\"",
        ));
    }
    Ok(())
}

fn check_request_target(request_target: &str) -> Result<()> {
    header_value("request_target", request_target)?;
    if !request_target.starts_with('/') {
        return Err(Error::invalid(
            "request_target",
            "must start with '/' (path and query, e.g. /pts/v2/payments)",
        ));
    }
    if request_target.as_bytes().contains(&b' ') {
        return Err(Error::invalid(
            "request_target",
            "contains a space; percent-encode it",
        ));
    }
    if request_target.as_bytes().contains(&b'#') {
        return Err(Error::invalid(
            "request_target",
            "contains a fragment ('#'), which is never sent",
        ));
    }
    Ok(())
}

/// The `Signature` header value.
pub fn signature_header(key_id: &str, method: Method, signature_b64: &str) -> String {
    let list = headers_list(method);
    let mut out = String::with_capacity(64 + key_id.len() + list.len() + signature_b64.len());
    for piece in [
        "keyid=\"",
        key_id,
        "\", algorithm=\"",
        ALGORITHM,
        "\", headers=\"",
        list,
        "\", signature=\"",
        signature_b64,
        "\"",
    ] {
        out.push_str(piece);
    }
    out
}

/// Signs with an already keyed HMAC (the key is the *decoded* secret).
#[allow(clippy::too_many_arguments)]
pub fn sign_with_key(
    key: &HmacKey,
    key_id: &str,
    merchant_id: &str,
    host: &str,
    method: &str,
    request_target: &str,
    body: &[u8],
    date: &str,
) -> Result<Signed> {
    check_key_id(key_id)?;
    header_value("merchant_id", merchant_id)?;
    crate::validate::host_port("host", host)?;
    let method = Method::parse("method", method)?;
    check_request_target(request_target)?;
    parse_imf_fixdate("date", date)?;
    Ok(sign_checked(
        key,
        key_id,
        SigningInput {
            host,
            date,
            method,
            request_target,
            digest: None,
            merchant_id,
        },
        body,
    ))
}

/// Signs inputs already checked, by [`sign_with_key`] or by a signer that
/// checked its own parts once; `input.digest` is filled in here.
fn sign_checked(key: &HmacKey, key_id: &str, input: SigningInput<'_>, body: &[u8]) -> Signed {
    let digest = input.method.has_digest().then(|| digest(body));
    let input = SigningInput {
        digest: digest.as_deref(),
        ..input
    };
    let signing_string = input.signing_string();
    let mac = key.sign_parts(&[signing_string.as_bytes()]);
    let mut mac_b64 = [0u8; 44];
    BASE64
        .encode_slice(mac, &mut mac_b64)
        .expect("32 bytes are 44 base64 digits");
    let mac_b64 = std::str::from_utf8(&mac_b64).expect("base64 digits are ASCII");
    Signed {
        merchant_id: input.merchant_id.to_owned(),
        date: input.date.to_owned(),
        host: input.host.to_owned(),
        signature: signature_header(key_id, input.method, mac_b64),
        digest,
        signing_string,
    }
}

/// Signs exactly what it is given: the headers to send and the signing string.
pub fn sign(req: &Request<'_>) -> Result<Signed> {
    // Check the public fields first so a bad key id is reported before the secret.
    check_key_id(req.key_id)?;
    let secret = decode_secret("shared_secret", req.shared_secret)?;
    let key = HmacKey::new("shared_secret", secret.expose())?;
    sign_with_key(
        &key,
        req.key_id,
        req.merchant_id,
        req.host,
        req.method,
        req.request_target,
        req.body,
        req.date,
    )
}

/// The parameters of a received `Signature` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureParams<'a> {
    /// `keyid=`
    pub key_id: &'a str,
    /// `algorithm=`
    pub algorithm: &'a str,
    /// `headers=`
    pub headers: &'a str,
    /// `signature=` (base64)
    pub signature: &'a str,
}

/// Parses the one spelling of a `Signature` header this scheme sends:
/// `keyid="…", algorithm="…", headers="…", signature="…"` — those four
/// parameters in that order, separated by `", "`, no other whitespace, no
/// other parameter, at most [`MAX_SIGNATURE_LEN`] bytes, `signature=` the
/// canonical base64 of 32 bytes. Printing what was parsed gives back the same
/// bytes; anything else is `malformed_header` (a second spelling of one
/// signature would defeat a replay memory and hide appended data).
///
/// ```
/// let sig = "c2lnbmF0dXJlLWJ5dGVzLWFyZS0zMi1ieXRlcy1sb24=";
/// let header = format!(r#"keyid="k", algorithm="HmacSHA256", headers="host date", signature="{sig}""#);
/// let p = paysign::cybersource::parse_signature_header(&header).unwrap();
/// assert_eq!((p.key_id, p.headers), ("k", "host date"));
/// assert!(paysign::cybersource::parse_signature_header(&format!(
///     r#"keyid="k",  algorithm="HmacSHA256", headers="host date", signature="{sig}""#)).is_err());
/// ```
pub fn parse_signature_header(value: &str) -> Result<SignatureParams<'_>, Rejection> {
    let malformed = |why: String| Rejection::MalformedHeader(format!("Signature: {why}"));
    if value.len() > MAX_SIGNATURE_LEN {
        return Err(malformed(format!("longer than {MAX_SIGNATURE_LEN} bytes")));
    }
    const NAMES: [&str; 4] = ["keyid", "algorithm", "headers", "signature"];
    let mut values = [""; 4];
    let mut rest = value;
    for (i, name) in NAMES.iter().enumerate() {
        if i > 0 {
            rest = rest.strip_prefix(", ").ok_or_else(|| {
                malformed(format!(
                    "expected \", {name}=\"…\"\" at \"{}\" (parameters are separated by a comma and one space)",
                    visible(rest)
                ))
            })?;
        }
        let (found, after) = rest
            .split_once('=')
            .ok_or_else(|| malformed(format!("expected {name}=\"…\" at \"{}\"", visible(rest))))?;
        if found != *name {
            return Err(malformed(if NAMES.contains(&found) {
                format!("expected {name}= where {} is (keyid, algorithm, headers, signature, in that order)", visible(found))
            } else {
                format!(
                    "unknown parameter \"{}\" (expected {name}=)",
                    visible(found)
                )
            }));
        }
        let after = after
            .strip_prefix('"')
            .ok_or_else(|| malformed(format!("the value of {name} is not quoted")))?;
        let (param, after) = after
            .split_once('"')
            .ok_or_else(|| malformed(format!("the value of {name} is not closed")))?;
        values[i] = param;
        rest = after;
    }
    if !rest.is_empty() {
        return Err(malformed(format!(
            "unexpected text after signature=: \"{}\" (no other parameter is accepted)",
            visible(rest)
        )));
    }
    let [key_id, algorithm, headers, signature] = values;
    if key_id.is_empty() || key_id.len() > MAX_KEY_ID_LEN || key_id.chars().any(char::is_control) {
        return Err(malformed(format!(
            "keyid= is empty, longer than {MAX_KEY_ID_LEN} bytes or holds a control character"
        )));
    }
    let canonical_mac = BASE64
        .decode(signature)
        .ok()
        .is_some_and(|m| m.len() == 32 && BASE64.encode(&m) == signature);
    if !canonical_mac {
        return Err(malformed(
            "signature= is not the canonical base64 of 32 bytes".into(),
        ));
    }
    Ok(SignatureParams {
        key_id,
        algorithm,
        headers,
        signature,
    })
}

/// The one value of header `name` (any case): absent → `missing_header`, more
/// than once → `duplicate_header`.
fn find_header<'a>(
    headers: &[(&'a str, &'a str)],
    name: &'static str,
) -> Result<&'a str, Rejection> {
    optional_header(headers, name)?.ok_or(Rejection::MissingHeader(name))
}

fn optional_header<'a>(
    headers: &[(&'a str, &'a str)],
    name: &'static str,
) -> Result<Option<&'a str>, Rejection> {
    let mut found = None;
    for (n, v) in headers {
        if n.eq_ignore_ascii_case(name) {
            if found.is_some() {
                return Err(Rejection::DuplicateHeader(name.to_owned()));
            }
            found = Some(*v);
        }
    }
    Ok(found)
}

/// Verifies a received request, finding the key by its `keyid` with `lookup`
/// (`None` rejects with [`Rejection::UnknownKeyId`]). Header names are matched
/// case-insensitively.
#[allow(clippy::too_many_arguments)]
pub fn verify_with_lookup(
    lookup: impl Fn(&str) -> Option<HmacKey>,
    headers: &[(&str, &str)],
    method: &str,
    request_target: &str,
    body: &[u8],
    now: i64,
    max_skew: u64,
) -> Result<()> {
    verify_accepted(lookup, headers, method, request_target, body, now, max_skew).map(|_| ())
}

/// What a request [`verify_with_lookup`] accepted was signed with.
pub(crate) struct Accepted<'a> {
    pub(crate) key_id: &'a str,
    pub(crate) merchant_id: &'a str,
    pub(crate) signed_at: i64,
    pub(crate) mac: Vec<u8>,
    pub(crate) headers_list: &'static str,
}

/// [`verify_with_lookup`], keeping what it parsed for the verifier's answer.
pub(crate) fn verify_accepted<'a>(
    lookup: impl Fn(&str) -> Option<HmacKey>,
    headers: &[(&'a str, &'a str)],
    method: &str,
    request_target: &str,
    body: &[u8],
    now: i64,
    max_skew: u64,
) -> Result<Accepted<'a>> {
    let method = Method::parse("method", method)?;
    check_request_target(request_target)?;
    // Every header this scheme reads appears once, whatever the method: an
    // application reading the other copy would act on unauthenticated data.
    for name in READ_HEADERS {
        optional_header(headers, name)?;
    }
    let merchant_id = find_header(headers, HEADER_MERCHANT_ID)?;
    let date = find_header(headers, HEADER_DATE)?;
    let host = find_header(headers, HEADER_HOST)?;
    // What the application reads from these is what the signer could have
    // signed: no control character (a tab passes most HTTP parsers), bounded.
    for (name, value) in [(HEADER_MERCHANT_ID, merchant_id), (HEADER_HOST, host)] {
        if value.len() > crate::validate::MAX_HEADER_VALUE_LEN {
            return Err(Rejection::MalformedHeader(format!(
                "{name} is longer than {} bytes",
                crate::validate::MAX_HEADER_VALUE_LEN
            ))
            .into());
        }
        crate::validate::no_controls(name, value)
            .map_err(|e| Rejection::MalformedHeader(e.to_string()))?;
    }
    let received_digest = if method.has_digest() {
        Some(find_header(headers, HEADER_DIGEST)?)
    } else {
        None
    };
    let params = parse_signature_header(find_header(headers, HEADER_SIGNATURE)?)?;
    if params.algorithm != ALGORITHM {
        return Err(Rejection::UnsupportedAlgorithm(visible(params.algorithm)).into());
    }
    let expected_list = headers_list(method);
    if params.headers != expected_list {
        return Err(Rejection::HeadersListMismatch {
            expected: expected_list,
            found: visible(params.headers),
        }
        .into());
    }
    if let Some(received) = received_digest {
        if received != digest(body) {
            return Err(Rejection::DigestMismatch.into());
        }
    }
    let signed_at = parse_imf_fixdate("date", date).map_err(|_| {
        Rejection::MalformedHeader(format!("Date \"{}\" is not an IMF-fixdate", visible(date)))
    })?;
    check_window(signed_at, now, max_skew)?;
    let mac = BASE64
        .decode(params.signature)
        .ok()
        .filter(|m| m.len() == 32)
        .ok_or_else(|| {
            Rejection::MalformedHeader("Signature: signature= is not the base64 of 32 bytes".into())
        })?;
    let key = lookup(params.key_id).ok_or(Rejection::UnknownKeyId)?;
    let input = SigningInput {
        host,
        date,
        method,
        request_target,
        digest: received_digest,
        merchant_id,
    };
    if key.verify_parts(&[input.signing_string().as_bytes()], &mac) {
        Ok(Accepted {
            key_id: params.key_id,
            merchant_id,
            signed_at,
            mac,
            headers_list: expected_list,
        })
    } else {
        Err(Rejection::SignatureMismatch.into())
    }
}

/// Verifies a received request with one shared secret (base64 text), whatever its `keyid`.
///
/// ```
/// use paysign::cybersource::{sign, verify, Request};
/// let secret = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=";
/// let signed = sign(&Request { key_id: "k", shared_secret: secret, merchant_id: "m",
///     host: "h", method: "POST", request_target: "/p", body: b"{}",
///     date: "Thu, 18 Jul 2019 00:18:03 GMT" }).unwrap();
/// let headers = signed.headers();
/// let pairs: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
/// verify(secret, &pairs, "POST", "/p", b"{}", 1_563_409_083, 300).unwrap();
/// let err = verify(secret, &pairs, "POST", "/p", b"{ }", 1_563_409_083, 300).unwrap_err();
/// assert_eq!(err.rejection().unwrap().code(), "digest_mismatch");
/// ```
#[allow(clippy::too_many_arguments)]
pub fn verify(
    shared_secret: &str,
    headers: &[(&str, &str)],
    method: &str,
    request_target: &str,
    body: &[u8],
    now: i64,
    max_skew: u64,
) -> Result<()> {
    let secret = decode_secret("shared_secret", shared_secret)?;
    let key = HmacKey::new("shared_secret", secret.expose())?;
    verify_with_lookup(
        |_| Some(key.clone()),
        headers,
        method,
        request_target,
        body,
        now,
        max_skew,
    )
}

/// Signs requests for one merchant, key id and shared secret, keyed once.
///
/// ```
/// let signer = paysign::cybersource::CyberSourceSigner::new(
///     "testrest", "08c94330-f618-42a3-b09d-e1e43be5efda",
///     "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=").unwrap();
/// let signed = signer.sign_at("POST", "https://apitest.cybersource.com/pts/v2/payments", b"{}", 1_563_409_083).unwrap();
/// assert_eq!(signed.header("Host"), Some("apitest.cybersource.com"));
/// assert_eq!(signed.header("Date"), Some("Thu, 18 Jul 2019 00:18:03 GMT"));
/// assert!(!format!("{signer:?}").contains("yBJxy6"));
/// ```
#[derive(Debug, Clone)]
pub struct CyberSourceSigner {
    merchant_id: String,
    key_id: String,
    key: HmacKey,
    // The base64 text, kept (zeroized, never shown) for `diagnose`.
    secret: SecretBytes,
    prepared: crate::request::PreparedUrls<PreparedUrl>,
}

/// The `Host` and request target a URL yields, and the URL to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedUrl {
    /// The URL to send (without fragment).
    pub url: String,
    /// `Host`: host, and port when not the default.
    pub host: String,
    /// Path and query.
    pub request_target: String,
}

/// Derives `Host` and the request target from a URL.
///
/// ```
/// let p = paysign::cybersource::prepare_url("https://apitest.cybersource.com/reporting/v3/reports?organizationId=x#top").unwrap();
/// assert_eq!((p.host.as_str(), p.request_target.as_str()), ("apitest.cybersource.com", "/reporting/v3/reports?organizationId=x"));
/// ```
pub fn prepare_url(url: &str) -> Result<PreparedUrl> {
    let parsed = parse_url(url)?;
    let request_target = parsed[url::Position::BeforePath..url::Position::AfterQuery].to_owned();
    Ok(PreparedUrl {
        url: parsed[..url::Position::AfterQuery].to_owned(),
        host: host_header(&parsed),
        request_target,
    })
}

impl CyberSourceSigner {
    /// A signer for a merchant id, key id and base64 shared secret.
    pub fn new(merchant_id: &str, key_id: &str, shared_secret: &str) -> Result<Self> {
        header_value("merchant_id", merchant_id)?;
        check_key_id(key_id)?;
        let secret = decode_secret("shared_secret", shared_secret)?;
        Ok(CyberSourceSigner {
            merchant_id: merchant_id.to_owned(),
            key_id: key_id.to_owned(),
            key: HmacKey::new("shared_secret", secret.expose())?,
            secret: SecretBytes::new(shared_secret.as_bytes().to_vec()),
            prepared: Default::default(),
        })
    }

    /// The merchant id (`v-c-merchant-id`).
    pub fn merchant_id(&self) -> &str {
        &self.merchant_id
    }

    /// The key id (`keyid=`).
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    pub(crate) fn key(&self) -> &HmacKey {
        &self.key
    }

    pub(crate) fn secret_text(&self) -> &str {
        std::str::from_utf8(self.secret.expose()).unwrap_or_default()
    }

    /// Signs with an explicit `Date` value (IMF-fixdate).
    pub fn sign_with_date(
        &self,
        method: &str,
        url: &str,
        body: &[u8],
        date: &str,
    ) -> Result<SignedRequest> {
        let (prepared, method) = self.prepare_checked(method, url)?;
        parse_imf_fixdate("date", date)?;
        Ok(self.sign_prepared(&prepared, method, body, date))
    }

    /// Signs at Unix time `unix_time`.
    pub fn sign_at(
        &self,
        method: &str,
        url: &str,
        body: &[u8],
        unix_time: i64,
    ) -> Result<SignedRequest> {
        // formatted here, so not parsed back
        let date = imf_fixdate(unix_time)?;
        let (prepared, method) = self.prepare_checked(method, url)?;
        Ok(self.sign_prepared(&prepared, method, body, &date))
    }

    /// `url` prepared, with the `Host` and request target checked as
    /// [`sign_with_key`] checks them (kept for the next call with the same
    /// URL), and the method.
    fn prepare_checked(
        &self,
        method: &str,
        url: &str,
    ) -> Result<(std::sync::Arc<PreparedUrl>, Method)> {
        let prepared = self.prepared.get(url, |url| {
            let prepared = prepare_url(url)?;
            crate::validate::host_port("host", &prepared.host)?;
            check_request_target(&prepared.request_target)?;
            Ok(prepared)
        })?;
        Ok((prepared, Method::parse("method", method)?))
    }

    fn sign_prepared(
        &self,
        prepared: &PreparedUrl,
        method: Method,
        body: &[u8],
        date: &str,
    ) -> SignedRequest {
        let input = SigningInput {
            host: &prepared.host,
            date,
            method,
            request_target: &prepared.request_target,
            digest: None,
            merchant_id: &self.merchant_id,
        };
        let signed = sign_checked(&self.key, &self.key_id, input, body);
        SignedRequest {
            url: prepared.url.clone(),
            headers: signed.into_headers(),
        }
    }

    /// Signs now.
    pub fn sign(&self, method: &str, url: &str, body: &[u8]) -> Result<SignedRequest> {
        self.sign_at(method, url, body, now_unix())
    }

    /// Verifies a request received with this signer's key (its key id must match).
    pub fn verify(
        &self,
        headers: &[(&str, &str)],
        method: &str,
        request_target: &str,
        body: &[u8],
        now: i64,
        max_skew: u64,
    ) -> Result<()> {
        verify_with_lookup(
            |key_id| (key_id == self.key_id).then(|| self.key.clone()),
            headers,
            method,
            request_target,
            body,
            now,
            max_skew,
        )
    }
}
