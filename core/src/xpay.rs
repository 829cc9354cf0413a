//! Visa Developer Platform X-Pay-Token (SPEC §1).
//!
//! `token = "xv2:" ‖ timestamp ‖ ":" ‖ hex(HMAC(shared_secret, timestamp ‖ resource_path ‖ query_string ‖ body))`
//!
//! ```
//! let token = paysign::xpay::token(b"secret", 1455716783, "helloworld", "apikey=KSKDFJOP934ALSFDJP34", b"").unwrap();
//! assert!(token.starts_with("xv2:1455716783:"));
//! ```

use crate::error::{Error, Rejection, Result};
use crate::request::{parse_url, Method, SignedRequest};
use crate::secret::HmacKey;
use crate::time::{check_unix_time, check_window, now_unix};
use crate::validate::{no_controls, visible};

/// The header that carries the token.
pub const HEADER: &str = "x-pay-token";
/// The token's version prefix.
pub const TOKEN_PREFIX: &str = "xv2:";
/// First path segments of the Visa Token Service products, whose resource path is the whole path.
pub const FULL_PATH_PRODUCTS: [&str; 4] = ["vts", "tokens", "ics", "vtis"];
/// The query parameter that carries the API key.
pub const API_KEY_PARAM: &str = "apikey";
/// The longest `x-pay-token` value read: `xv2:`, 18 digits, `:`, 64 hex digits.
pub const MAX_TOKEN_LEN: usize = 4 + 18 + 1 + 64;
/// The window Visa applies: a token more than 8 minutes from its clock is refused.
pub const DEFAULT_MAX_SKEW: u64 = 480;

/// The signed message's parts, in order; every signer and [`message`] use this one list.
fn parts<'a>(
    ts: &'a str,
    resource_path: &'a str,
    query_string: &'a str,
    body: &'a [u8],
) -> [&'a [u8]; 4] {
    [
        ts.as_bytes(),
        resource_path.as_bytes(),
        query_string.as_bytes(),
        body,
    ]
}

fn check_inputs(timestamp: i64, resource_path: &str, query_string: &str) -> Result<()> {
    check_unix_time("timestamp", timestamp)?;
    no_controls("resource_path", resource_path)?;
    no_controls("query_string", query_string)?;
    if query_string.starts_with('?') {
        return Err(Error::invalid(
            "query_string",
            "starts with '?': pass the query without it",
        ));
    }
    Ok(())
}

/// The exact message an X-Pay-Token signs, for debugging.
///
/// ```
/// let m = paysign::xpay::message(1455716783, "helloworld", "apikey=K", b"").unwrap();
/// assert_eq!(m, b"1455716783helloworldapikey=K");
/// ```
pub fn message(
    timestamp: i64,
    resource_path: &str,
    query_string: &str,
    body: &[u8],
) -> Result<Vec<u8>> {
    check_inputs(timestamp, resource_path, query_string)?;
    let mut ts = itoa::Buffer::new();
    Ok(parts(ts.format(timestamp), resource_path, query_string, body).concat())
}

/// Signs exactly what it is given with an already keyed HMAC.
pub fn token_with_key(
    key: &HmacKey,
    timestamp: i64,
    resource_path: &str,
    query_string: &str,
    body: &[u8],
) -> Result<String> {
    check_inputs(timestamp, resource_path, query_string)?;
    let mut ts_buf = itoa::Buffer::new();
    let ts = ts_buf.format(timestamp);
    let mac = key.sign_parts(&parts(ts, resource_path, query_string, body));
    let mut token = String::with_capacity(TOKEN_PREFIX.len() + ts.len() + 1 + 64);
    token.push_str(TOKEN_PREFIX);
    token.push_str(ts);
    token.push(':');
    let mut hex_buf = [0u8; 64];
    hex::encode_to_slice(mac, &mut hex_buf).expect("32 bytes are 64 hex digits");
    token.push_str(std::str::from_utf8(&hex_buf).expect("hex digits are ASCII"));
    Ok(token)
}

/// The X-Pay-Token for these exact inputs (no normalisation: the resource path
/// and query string are signed as given).
///
/// ```
/// let t = paysign::xpay::token(b"s", 0, "helloworld", "apikey=K", b"").unwrap();
/// assert_eq!(t.len(), "xv2:0:".len() + 64);
/// ```
pub fn token(
    shared_secret: &[u8],
    timestamp: i64,
    resource_path: &str,
    query_string: &str,
    body: &[u8],
) -> Result<String> {
    let key = HmacKey::new("shared_secret", shared_secret)?;
    token_with_key(&key, timestamp, resource_path, query_string, body)
}

/// Splits `xv2:<timestamp>:<64 lowercase hex>` into its time and MAC.
///
/// ```
/// let (ts, mac) = paysign::xpay::parse_token(&format!("xv2:12:{}", "0".repeat(64))).unwrap();
/// assert_eq!((ts, mac), (12, [0u8; 32]));
/// ```
pub fn parse_token(token: &str) -> Result<(i64, [u8; 32]), Rejection> {
    let malformed = |why: &str| {
        Rejection::MalformedHeader(format!("x-pay-token \"{}\": {why}", visible(token)))
    };
    if token.len() > MAX_TOKEN_LEN {
        return Err(malformed(&format!("longer than {MAX_TOKEN_LEN} bytes")));
    }
    let rest = token
        .strip_prefix(TOKEN_PREFIX)
        .ok_or_else(|| malformed("does not start with \"xv2:\""))?;
    let (ts, mac_hex) = rest
        .split_once(':')
        .ok_or_else(|| malformed("expected xv2:<timestamp>:<hex HMAC>"))?;
    // Any canonical decimal that fits is accepted here: the window check then
    // reports a timestamp in milliseconds as far in the future, which is the
    // useful answer. A leading zero would be a second spelling of the token.
    if ts.is_empty() || ts.len() > 18 || !ts.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed("the timestamp is not Unix seconds"));
    }
    if ts.len() > 1 && ts.starts_with('0') {
        return Err(malformed("the timestamp has a leading zero"));
    }
    let ts: i64 = ts
        .parse()
        .map_err(|_| malformed("the timestamp is not Unix seconds"))?;
    if mac_hex.len() != 64
        || !mac_hex
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return Err(malformed("the HMAC is not 64 lowercase hex digits"));
    }
    let mut mac = [0u8; 32];
    hex::decode_to_slice(mac_hex, &mut mac).map_err(|_| malformed("the HMAC is not hex"))?;
    // One spelling: what was parsed prints back to the very bytes received.
    debug_assert_eq!(format!("{TOKEN_PREFIX}{ts}:{}", hex::encode(mac)), token);
    Ok((ts, mac))
}

/// Verifies `token` with an already keyed HMAC: syntax, then the time window, then the HMAC in constant time.
pub fn verify_with_key(
    key: &HmacKey,
    token: &str,
    resource_path: &str,
    query_string: &str,
    body: &[u8],
    now: i64,
    max_skew: u64,
) -> Result<()> {
    verify_parsed(key, token, resource_path, query_string, body, now, max_skew).map(|_| ())
}

/// [`verify_with_key`], answering with the token's time and MAC.
pub(crate) fn verify_parsed(
    key: &HmacKey,
    token: &str,
    resource_path: &str,
    query_string: &str,
    body: &[u8],
    now: i64,
    max_skew: u64,
) -> Result<(i64, [u8; 32])> {
    no_controls("resource_path", resource_path)?;
    no_controls("query_string", query_string)?;
    let (ts, mac) = parse_token(token)?;
    check_window(ts, now, max_skew)?;
    let mut ts_text = itoa::Buffer::new();
    if key.verify_parts(
        &parts(ts_text.format(ts), resource_path, query_string, body),
        &mac,
    ) {
        Ok((ts, mac))
    } else {
        Err(Rejection::SignatureMismatch.into())
    }
}

/// Verifies an X-Pay-Token received with a request (SPEC §4).
///
/// ```
/// let t = paysign::xpay::token(b"s", 1000, "helloworld", "apikey=K", b"").unwrap();
/// paysign::xpay::verify(b"s", &t, "helloworld", "apikey=K", b"", 1200, 300).unwrap();
/// let err = paysign::xpay::verify(b"s", &t, "helloworld", "apikey=K", b"", 2000, 300).unwrap_err();
/// assert_eq!(err.rejection().unwrap().code(), "timestamp_out_of_window");
/// ```
pub fn verify(
    shared_secret: &[u8],
    token: &str,
    resource_path: &str,
    query_string: &str,
    body: &[u8],
    now: i64,
    max_skew: u64,
) -> Result<()> {
    let key = HmacKey::new("shared_secret", shared_secret)?;
    verify_with_key(
        &key,
        token,
        resource_path,
        query_string,
        body,
        now,
        max_skew,
    )
}

/// How the request-level signer derives the resource path from the URL path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PathRule {
    /// SPEC §1: drop the context path (the first segment), except for the Visa
    /// Token Service products ([`FULL_PATH_PRODUCTS`]), whose whole path is used.
    #[default]
    ContextPath,
    /// Hash the whole path (without its leading `/`), as some integrations do.
    FullPath,
}

impl PathRule {
    /// The rule a binding's `full_path` flag names.
    pub fn from_full_path(full_path: bool) -> Self {
        if full_path {
            PathRule::FullPath
        } else {
            PathRule::ContextPath
        }
    }

    /// Whether this is [`PathRule::FullPath`].
    pub fn is_full_path(self) -> bool {
        self == PathRule::FullPath
    }
}

/// The API key a received query carries: exactly one `apikey` parameter
/// (no other spelling), percent-decoded.
///
/// ```
/// assert_eq!(paysign::xpay::api_key_of_query("a=1&apikey=K%2B").unwrap(), "K+");
/// assert_eq!(paysign::xpay::api_key_of_query("apikey=K&apikey=L").unwrap_err().rejection().unwrap().code(), "duplicate_header");
/// ```
pub fn api_key_of_query(query: &str) -> Result<String> {
    let mut found = None;
    for piece in query.split('&').filter(|p| !p.is_empty()) {
        let name = param_name(piece);
        if name.eq_ignore_ascii_case(API_KEY_PARAM) {
            if found.is_some() || name != API_KEY_PARAM {
                return Err(Rejection::DuplicateHeader(format!(
                    "query parameter {API_KEY_PARAM} (as \"{}\")",
                    visible(name)
                ))
                .into());
            }
            found = Some(piece.split_once('=').map_or("", |(_, v)| v));
        }
    }
    let raw = found.ok_or(Rejection::MissingHeader("apikey query parameter"))?;
    let decoded = decode_query_value(raw);
    if decoded.is_empty() {
        return Err(
            Rejection::MalformedHeader("the apikey query parameter is empty".into()).into(),
        );
    }
    Ok(decoded)
}

/// A resource path and how it was derived from the URL path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourcePath<'a> {
    /// What is signed.
    pub value: &'a str,
    /// The context path removed (`"vdp"`), if any.
    pub removed_context: Option<&'a str>,
    /// Why, in words, for `explain`.
    pub reason: &'static str,
}

/// Derives the resource path from a URL path under `rule`.
///
/// ```
/// use paysign::xpay::{resource_path, PathRule};
/// assert_eq!(resource_path("/vdp/helloworld", PathRule::ContextPath).value, "helloworld");
/// assert_eq!(resource_path("/vts/provisionedTokens", PathRule::ContextPath).value, "vts/provisionedTokens");
/// assert_eq!(resource_path("/vdp/helloworld", PathRule::FullPath).value, "vdp/helloworld");
/// ```
pub fn resource_path(path: &str, rule: PathRule) -> ResourcePath<'_> {
    let whole = path.strip_prefix('/').unwrap_or(path);
    let (first, rest) = match whole.split_once('/') {
        Some((first, rest)) => (first, rest),
        None => (whole, ""),
    };
    match rule {
        PathRule::FullPath => ResourcePath {
            value: whole,
            removed_context: None,
            reason: "whole path kept (full-path override)",
        },
        PathRule::ContextPath if FULL_PATH_PRODUCTS.contains(&first) => ResourcePath {
            value: whole,
            removed_context: None,
            reason: "whole path kept (Visa Token Service product)",
        },
        PathRule::ContextPath => ResourcePath {
            value: rest,
            removed_context: Some(first),
            reason: "context path removed",
        },
    }
}

/// A query value as `application/x-www-form-urlencoded` decodes it.
fn decode_query_value(raw: &str) -> String {
    url::form_urlencoded::parse(format!("k={raw}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// The name of a query piece `name=value` (the whole piece when it has no `=`).
pub fn param_name(piece: &str) -> &str {
    piece.split_once('=').map_or(piece, |(name, _)| name)
}

/// The query to send and sign: the raw pieces (never decoded), `apikey=<key>`
/// added when absent, stably sorted by parameter name.
///
/// ```
/// assert_eq!(paysign::xpay::canonical_query("b=2&a=1", "K").unwrap(), "a=1&apikey=K&b=2");
/// ```
pub fn canonical_query(raw_query: &str, api_key: &str) -> Result<String> {
    no_controls("url", raw_query)?;
    let mut pieces: Vec<&str> = raw_query.split('&').filter(|p| !p.is_empty()).collect();
    let mut has_key = false;
    for piece in &pieces {
        let name = param_name(piece);
        if name == API_KEY_PARAM {
            // The URL may carry this signer's key (once); any other value would
            // send another key signed with this signer's secret.
            if has_key {
                return Err(Error::invalid(
                    "url",
                    "the query carries apikey more than once",
                ));
            }
            let value = piece.split_once('=').map_or("", |(_, v)| v);
            if decode_query_value(value) != api_key {
                return Err(Error::invalid(
                    "url",
                    "the query carries an apikey that is not this signer's API key (remove it: the signer adds its own)",
                ));
            }
            has_key = true;
        } else if name.eq_ignore_ascii_case(API_KEY_PARAM) {
            return Err(Error::invalid(
                "url",
                format!(
                    "query parameter \"{}\" must be spelled \"apikey\" (lowercase)",
                    visible(name)
                ),
            ));
        }
    }
    let added;
    if !has_key {
        added = format!(
            "{API_KEY_PARAM}={}",
            url::form_urlencoded::byte_serialize(api_key.as_bytes()).collect::<String>()
        );
        pieces.push(&added);
    }
    pieces.sort_by(|a, b| param_name(a).cmp(param_name(b)));
    Ok(pieces.join("&"))
}

/// A URL made ready for X-Pay: what to send and what to sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedUrl {
    /// The URL to send: the query sorted, `apikey` present, no fragment.
    pub url: String,
    /// The URL's path, as sent.
    pub path: String,
    /// The resource path signed.
    pub resource_path: String,
    /// The context path removed, if any.
    pub removed_context: Option<String>,
    /// Why the resource path is what it is.
    pub resource_path_reason: &'static str,
    /// The query signed (and sent).
    pub query_string: String,
}

/// The URL to send for `api_key` and the parts to sign, without a secret.
///
/// ```
/// use paysign::xpay::{prepare, PathRule};
/// let p = prepare("https://sandbox.api.visa.com/vdp/helloworld?b=2&a=1", "K", PathRule::ContextPath).unwrap();
/// assert_eq!(p.url, "https://sandbox.api.visa.com/vdp/helloworld?a=1&apikey=K&b=2");
/// assert_eq!((p.resource_path.as_str(), p.removed_context.as_deref()), ("helloworld", Some("vdp")));
/// ```
pub fn prepare(url: &str, api_key: &str, rule: PathRule) -> Result<PreparedUrl> {
    crate::validate::header_value("api_key", api_key)?;
    let parsed = parse_url(url)?;
    let query = canonical_query(parsed.query().unwrap_or(""), api_key)?;
    let rp = resource_path(parsed.path(), rule);
    let mut out = String::with_capacity(url.len() + api_key.len() + 8);
    out.push_str(&parsed[..url::Position::AfterPath]);
    out.push('?');
    out.push_str(&query);
    Ok(PreparedUrl {
        url: out,
        path: parsed.path().to_owned(),
        resource_path: rp.value.to_owned(),
        removed_context: rp.removed_context.map(str::to_owned),
        resource_path_reason: rp.reason,
        query_string: query,
    })
}

/// Signs requests for one Visa API key and shared secret, keyed once.
///
/// ```
/// let signer = paysign::xpay::XPaySigner::new("KSKDFJOP934ALSFDJP34", b"secret").unwrap();
/// let signed = signer.sign_at("GET", "https://sandbox.api.visa.com/vdp/helloworld", b"", 1455716783).unwrap();
/// assert_eq!(signed.url, "https://sandbox.api.visa.com/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34");
/// assert!(signed.header("x-pay-token").unwrap().starts_with("xv2:1455716783:"));
/// assert!(!format!("{signer:?}").contains("secret\""));
/// ```
#[derive(Debug, Clone)]
pub struct XPaySigner {
    api_key: String,
    key: HmacKey,
    // Kept (zeroized on drop, never shown) for `diagnose`, which tries keys
    // derived from the secret's text.
    secret: crate::SecretBytes,
    rule: PathRule,
    prepared: crate::request::PreparedUrls<PreparedUrl>,
}

impl XPaySigner {
    /// A signer for `api_key` and `shared_secret`, with the [`PathRule::ContextPath`] rule.
    pub fn new(api_key: &str, shared_secret: &[u8]) -> Result<Self> {
        crate::validate::header_value("api_key", api_key)?;
        Ok(XPaySigner {
            api_key: api_key.to_owned(),
            key: HmacKey::new("shared_secret", shared_secret)?,
            secret: crate::SecretBytes::new(shared_secret.to_vec()),
            rule: PathRule::default(),
            prepared: Default::default(),
        })
    }

    /// The same signer with another resource-path rule.
    pub fn with_path_rule(mut self, rule: PathRule) -> Self {
        self.rule = rule;
        // what was prepared under the old rule signs another resource path
        self.prepared = Default::default();
        self
    }

    /// The API key (not a secret: it travels in the URL).
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The resource-path rule.
    pub fn path_rule(&self) -> PathRule {
        self.rule
    }

    pub(crate) fn key(&self) -> &HmacKey {
        &self.key
    }

    pub(crate) fn secret(&self) -> &[u8] {
        self.secret.expose()
    }

    /// The URL to send and the parts to sign, without signing.
    pub fn prepare(&self, url: &str) -> Result<PreparedUrl> {
        prepare(url, &self.api_key, self.rule)
    }

    /// Signs a request at Unix time `timestamp`.
    pub fn sign_at(
        &self,
        method: &str,
        url: &str,
        body: &[u8],
        timestamp: i64,
    ) -> Result<SignedRequest> {
        Method::parse("method", method)?;
        let prepared = self.prepared.get(url, |url| self.prepare(url))?;
        let token = token_with_key(
            &self.key,
            timestamp,
            &prepared.resource_path,
            &prepared.query_string,
            body,
        )?;
        let mut headers = vec![(HEADER, token), ("Accept", "application/json".to_owned())];
        if !body.is_empty() {
            headers.push(("Content-Type", "application/json".to_owned()));
        }
        Ok(SignedRequest {
            url: prepared.url.clone(),
            headers,
        })
    }

    /// Signs a request now.
    pub fn sign(&self, method: &str, url: &str, body: &[u8]) -> Result<SignedRequest> {
        self.sign_at(method, url, body, now_unix())
    }

    /// Verifies a token received for `url` (as sent: query sorted, `apikey` included).
    pub fn verify(
        &self,
        token: &str,
        url: &str,
        body: &[u8],
        now: i64,
        max_skew: u64,
    ) -> Result<()> {
        let parsed = parse_url(url)?;
        let rp = resource_path(parsed.path(), self.rule);
        verify_with_key(
            &self.key,
            token,
            rp.value,
            parsed.query().unwrap_or(""),
            body,
            now,
            max_skew,
        )
    }
}
