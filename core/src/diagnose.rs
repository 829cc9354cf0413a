//! Which known mistake produced a token, signature or header that does not verify.
//!
//! Each scheme has a catalogue of the mistakes integrators make ([`XPAY`],
//! [`CYBERSOURCE`], [`PAYSIMPLE`]). A diagnosis recomputes the correct value
//! from the credentials and the request, and when the received value differs,
//! recomputes the value each mistake would have produced and compares: the
//! first that reproduces the received value is reported, with one sentence
//! that says what went wrong and how to fix it. When none does, the expected
//! value is given beside the received one.
//!
//! Explanations name request parts (paths, queries, dates, digests) but never
//! a secret.
//!
//! ```
//! use paysign::diagnose::{xpay, Diagnosis, XPayRequest};
//! use paysign::PathRule;
//! let req = XPayRequest {
//!     api_key: "K", shared_secret: b"s", method: "GET",
//!     url: "https://sandbox.api.visa.com/vdp/helloworld?apikey=K", body: b"",
//!     path_rule: PathRule::ContextPath, time: None,
//! };
//! // a token computed over "/helloworld" instead of "helloworld"
//! let wrong = paysign::xpay::token(b"s", 1455716783, "/helloworld", "apikey=K", b"").unwrap();
//! let d = xpay(&req, &wrong).unwrap();
//! assert_eq!(d.mistake(), Some("resource_path_leading_slash"));
//! ```

use std::fmt;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use chrono::{DateTime, FixedOffset, NaiveDateTime, Timelike, Utc};
use sha2::{Digest as _, Sha256};

use crate::cybersource::{self, SigningInput};
use crate::error::{Error, Result};
use crate::request::{parse_url, Method};
use crate::secret::HmacKey;
use crate::time::{imf_fixdate, now_unix, parse_imf_fixdate, parse_rfc3339};
use crate::validate::{header_value, no_controls};
use crate::xpay::{self, PathRule, API_KEY_PARAM};

/// One entry of a scheme's catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mistake {
    /// Stable snake-case identifier, e.g. `"resource_path_leading_slash"`.
    pub id: &'static str,
    /// What the mistake is, in a few words.
    pub summary: &'static str,
}

const fn m(id: &'static str, summary: &'static str) -> Mistake {
    Mistake { id, summary }
}

/// The X-Pay-Token mistakes [`xpay`] recognises, in the order it tries them.
pub const XPAY: &[Mistake] = &[
    m(
        "timestamp_milliseconds",
        "timestamp in milliseconds instead of seconds",
    ),
    m(
        "resource_path_leading_slash",
        "resource path signed with its leading slash",
    ),
    m(
        "context_path_kept",
        "context path (e.g. /vdp/) kept in the resource path",
    ),
    m(
        "context_path_stripped",
        "first path segment removed where the whole path is signed",
    ),
    m(
        "query_unsorted",
        "query parameters not in lexicographical order",
    ),
    m("query_missing", "query string left out of the message"),
    m(
        "query_with_question_mark",
        "query string signed with its leading '?'",
    ),
    m(
        "api_key_case",
        "API key parameter spelled apiKey, not apikey",
    ),
    m(
        "body_reserialized",
        "body re-serialised (other JSON spacing) before signing",
    ),
    m(
        "body_null_or_undefined",
        "empty body signed as the text null or undefined",
    ),
    m("body_not_signed", "body sent but left out of the message"),
    m("trailing_newline", "newline appended to the message"),
    m("uppercase_hex", "HMAC written in uppercase hex"),
];

/// The CyberSource HTTP Signature mistakes [`cybersource`] recognises.
pub const CYBERSOURCE: &[Mistake] = &[
    m(
        "secret_not_base64_decoded",
        "shared secret used as text instead of base64-decoded",
    ),
    m(
        "request_target_parentheses",
        "(request-target) with parentheses instead of request-target",
    ),
    m(
        "method_not_lowercased",
        "method not lowercased in the request-target line",
    ),
    m(
        "query_missing_from_target",
        "query string left out of the request target",
    ),
    m(
        "digest_of_different_body",
        "Digest of a body other than the one sent",
    ),
    m("digest_hex", "Digest in hex instead of base64"),
    m("host_with_scheme_or_port", "host with a scheme or a port"),
    m("date_not_gmt", "Date in local time instead of GMT"),
    m("date_not_imf_fixdate", "Date not in the IMF-fixdate format"),
    m(
        "missing_space_after_colon",
        "no space after the colons of the signing string",
    ),
    m("trailing_newline", "newline appended to the signing string"),
    m(
        "date_line_missing",
        "date line left out of the signing string",
    ),
    m(
        "headers_list_mismatch",
        "headers= list not the one the method requires",
    ),
];

/// The PaySimple PSSERVER mistakes [`paysimple`] recognises.
pub const PAYSIMPLE: &[Mistake] = &[
    m(
        "trailing_newline_in_base64",
        "newline after the base64 signature (Ruby Base64.encode64)",
    ),
    m(
        "hex_instead_of_base64",
        "signature in hex instead of base64",
    ),
    m(
        "timestamp_differs_from_signed",
        "timestamp sent differs from the one signed",
    ),
    m(
        "key_and_message_swapped",
        "HMAC keyed with the timestamp over the API key",
    ),
    m(
        "header_syntax",
        "header not written as PSSERVER accessid=…; timestamp=…; signature=…",
    ),
    m(
        "timestamp_not_iso8601",
        "timestamp without an offset or not ISO-8601",
    ),
];

/// The outcome of a diagnosis.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Diagnosis {
    /// The received value is the correct one.
    Valid,
    /// A catalogue entry reproduces the received value.
    Match {
        /// The entry's [`Mistake::id`].
        mistake: &'static str,
        /// One sentence: what went wrong and how to fix it.
        explanation: String,
    },
    /// The received value is wrong and no catalogue entry reproduces it.
    NoMatch {
        /// The correct value.
        expected: String,
        /// The value received.
        received: String,
    },
}

impl Diagnosis {
    fn found(mistake: &'static str, explanation: String) -> Self {
        debug_assert!(
            [XPAY, CYBERSOURCE, PAYSIMPLE]
                .iter()
                .any(|c| c.iter().any(|e| e.id == mistake)),
            "{mistake} is not in a catalogue"
        );
        Diagnosis::Match {
            mistake,
            explanation,
        }
    }

    /// The id of the mistake found, if any.
    pub fn mistake(&self) -> Option<&'static str> {
        match self {
            Diagnosis::Match { mistake, .. } => Some(mistake),
            _ => None,
        }
    }
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Diagnosis::Valid => f.write_str("valid"),
            Diagnosis::Match {
                mistake,
                explanation,
            } => write!(f, "{mistake}: {explanation}"),
            Diagnosis::NoMatch { expected, received } => write!(
                f,
                "no known mistake reproduces it: expected {expected}, received {received}"
            ),
        }
    }
}

/// A value as shown in an explanation: control characters escaped (quotes
/// are not), length capped.
fn shown(text: &str) -> String {
    const MAX_CHARS: usize = 80;
    let mut out = String::new();
    for c in text.chars().take(MAX_CHARS) {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    if text.chars().count() > MAX_CHARS {
        out.push('…');
    }
    out
}

/// A value quoted for an explanation.
fn q(text: &str) -> String {
    format!("`{}`", shown(text))
}

fn q_bytes(bytes: &[u8]) -> String {
    q(&String::from_utf8_lossy(bytes))
}

// ---------------------------------------------------------------------------
// JSON re-serialisation: whitespace only, the tokens are kept byte for byte.

enum Tok<'a> {
    Punct(u8),
    Atom(&'a str),
}

fn json_tokens(text: &str) -> Option<Vec<Tok<'_>>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            c @ (b'{' | b'}' | b'[' | b']' | b',' | b':') => {
                out.push(Tok::Punct(c));
                i += 1;
            }
            b'"' => {
                let start = i;
                i += 1;
                loop {
                    match b.get(i)? {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                i += 1;
                out.push(Tok::Atom(&text[start..i]));
            }
            _ => {
                let start = i;
                while i < b.len()
                    && !matches!(
                        b[i],
                        b' ' | b'\t'
                            | b'\n'
                            | b'\r'
                            | b'{'
                            | b'}'
                            | b'['
                            | b']'
                            | b','
                            | b':'
                            | b'"'
                    )
                {
                    i += 1;
                }
                out.push(Tok::Atom(&text[start..i]));
            }
        }
    }
    matches!(out.first(), Some(Tok::Punct(b'{' | b'['))).then_some(out)
}

#[derive(Clone, Copy)]
enum JsonStyle {
    Compact,
    Spaced,
    Indent(usize),
}

fn render_json(toks: &[Tok<'_>], style: JsonStyle) -> String {
    let mut s = String::new();
    let mut depth = 0usize;
    let newline = |s: &mut String, depth: usize, n: usize| {
        s.push('\n');
        s.extend(std::iter::repeat_n(' ', depth * n));
    };
    let mut i = 0;
    while i < toks.len() {
        match (&toks[i], style) {
            (Tok::Atom(a), _) => s.push_str(a),
            (Tok::Punct(c @ (b'{' | b'[')), JsonStyle::Indent(n)) => {
                s.push(*c as char);
                let close = if *c == b'{' { b'}' } else { b']' };
                if matches!(toks.get(i + 1), Some(Tok::Punct(x)) if *x == close) {
                    s.push(close as char);
                    i += 1;
                } else {
                    depth += 1;
                    newline(&mut s, depth, n);
                }
            }
            (Tok::Punct(c @ (b'}' | b']')), JsonStyle::Indent(n)) => {
                depth = depth.saturating_sub(1);
                newline(&mut s, depth, n);
                s.push(*c as char);
            }
            (Tok::Punct(b','), JsonStyle::Indent(n)) => {
                s.push(',');
                newline(&mut s, depth, n);
            }
            (Tok::Punct(b','), JsonStyle::Spaced) => s.push_str(", "),
            (Tok::Punct(b':'), JsonStyle::Spaced | JsonStyle::Indent(_)) => s.push_str(": "),
            (Tok::Punct(c), _) => s.push(*c as char),
        }
        i += 1;
    }
    s
}

/// The body as other serialisers would have written the same JSON, each with a
/// description; only those that differ from `body`.
fn reserialised(body: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Vec::new();
    };
    let Some(toks) = json_tokens(text) else {
        return Vec::new();
    };
    let styles = [
        ("compact JSON", JsonStyle::Compact),
        ("JSON with a space after each , and :", JsonStyle::Spaced),
        ("JSON indented by 2 spaces", JsonStyle::Indent(2)),
        ("JSON indented by 4 spaces", JsonStyle::Indent(4)),
    ];
    let mut out: Vec<(&'static str, Vec<u8>)> = Vec::new();
    for (name, style) in styles {
        let v = render_json(&toks, style).into_bytes();
        if v != body && !out.iter().any(|(_, o)| *o == v) {
            out.push((name, v));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// X-Pay-Token

/// What [`xpay`] needs besides the received token.
#[derive(Clone)]
pub struct XPayRequest<'a> {
    /// The API key (sent as `apikey=` in the query).
    pub api_key: &'a str,
    /// The shared secret.
    pub shared_secret: &'a [u8],
    /// The method sent.
    pub method: &'a str,
    /// The URL as sent.
    pub url: &'a str,
    /// The exact body bytes sent.
    pub body: &'a [u8],
    /// How the resource path is derived from the URL path.
    pub path_rule: PathRule,
    /// Unix seconds for the expected token when the received one carries no
    /// readable timestamp; the current time when `None`.
    pub time: Option<i64>,
}

impl fmt::Debug for XPayRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("XPayRequest")
            .field("api_key", &self.api_key)
            .field("shared_secret", &"<redacted>")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("body_len", &self.body.len())
            .field("path_rule", &self.path_rule)
            .field("time", &self.time)
            .finish()
    }
}

fn param_name(piece: &str) -> &str {
    piece.split_once('=').map_or(piece, |(n, _)| n)
}

fn sort_pieces(pieces: &mut [String]) {
    pieces.sort_by(|a, b| param_name(a).cmp(param_name(b)));
}

/// Every ordering of `pieces` (up to 6 of them) except the sorted one.
fn permutations(pieces: &[String]) -> Vec<Vec<String>> {
    fn go(rest: &mut Vec<String>, cur: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        if rest.is_empty() {
            out.push(cur.clone());
            return;
        }
        for i in 0..rest.len() {
            let p = rest.remove(i);
            cur.push(p);
            go(rest, cur, out);
            rest.insert(i, cur.pop().expect("pushed above"));
        }
    }
    let mut out = Vec::new();
    if pieces.len() <= 6 {
        go(&mut pieces.to_vec(), &mut Vec::new(), &mut out);
    }
    out
}

/// `xv2:<digits>:<64 hex digits in any case>`.
fn lenient_xpay_token(token: &str) -> Option<(&str, &str)> {
    let rest = token
        .strip_prefix(xpay::TOKEN_PREFIX)
        .or_else(|| token.strip_prefix("XV2:"))?;
    let (ts, mac) = rest.split_once(':')?;
    let ok_ts = !ts.is_empty() && ts.len() <= 16 && ts.bytes().all(|b| b.is_ascii_digit());
    let ok_mac = mac.len() == 64 && mac.bytes().all(|b| b.is_ascii_hexdigit());
    (ok_ts && ok_mac).then_some((ts, mac))
}

/// Diagnoses an X-Pay-Token: `Valid`, the catalogue entry ([`XPAY`]) that
/// reproduces it, or the expected token beside the received one.
pub fn xpay(req: &XPayRequest<'_>, token: &str) -> Result<Diagnosis> {
    let method = Method::parse("method", req.method)?;
    header_value("api_key", req.api_key)?;
    let key = HmacKey::new("shared_secret", req.shared_secret)?;
    let parsed = parse_url(req.url)?;
    let raw_query = parsed.query().unwrap_or("");
    no_controls("url", raw_query)?;
    let body = req.body;

    // The query as sent, with the API key's name fixed and present, then sorted.
    let sent: Vec<String> = raw_query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    let mut fixed: Vec<String> = sent
        .iter()
        .map(|p| match p.split_once('=') {
            Some((n, v)) if n != API_KEY_PARAM && n.eq_ignore_ascii_case(API_KEY_PARAM) => {
                format!("{API_KEY_PARAM}={v}")
            }
            _ => p.clone(),
        })
        .collect();
    if !fixed.iter().any(|p| param_name(p) == API_KEY_PARAM) {
        fixed.push(xpay::canonical_query("", req.api_key)?);
    }
    let in_sent_order = fixed.clone();
    sort_pieces(&mut fixed);
    let query = fixed.join("&");
    let sent_key_case = sent
        .iter()
        .map(|p| param_name(p))
        .find(|n| *n != API_KEY_PARAM && n.eq_ignore_ascii_case(API_KEY_PARAM));

    let path = parsed.path();
    let whole = path.strip_prefix('/').unwrap_or(path);
    let rp = xpay::resource_path(path, req.path_rule).value.to_owned();

    let received = lenient_xpay_token(token);
    let secs: i64 = match received {
        Some((ts, _)) => {
            let n: i64 = ts.parse().unwrap_or(i64::MAX);
            if ts.len() >= 12 {
                n / 1000
            } else {
                n
            }
        }
        None => req.time.unwrap_or_else(now_unix),
    };
    let expected = xpay::token_with_key(&key, secs, &rp, &query, body)?;
    let no_match = || {
        Ok(Diagnosis::NoMatch {
            expected: expected.clone(),
            received: shown(token),
        })
    };
    let Some((ts_text, mac_hex)) = received else {
        return no_match();
    };
    let mut mac = [0u8; 32];
    if hex::decode_to_slice(mac_hex, &mut mac).is_err() {
        return no_match();
    }
    let upper = mac_hex.bytes().any(|b| b.is_ascii_uppercase());
    let secs_text = secs.to_string();
    let hits = |ts: &str, rp: &str, query: &str, body: &[u8]| {
        key.verify_parts(
            &[ts.as_bytes(), rp.as_bytes(), query.as_bytes(), body],
            &mac,
        )
    };
    let also_upper = |mut s: String| {
        if upper {
            s.push_str(" The HMAC is also in uppercase hex: write it in lowercase.");
        }
        s
    };
    let found = |id, s| Ok(Diagnosis::found(id, also_upper(s)));

    // The right message.
    if hits(&secs_text, &rp, &query, body) {
        if ts_text != secs_text {
            return found(
                "timestamp_milliseconds",
                format!(
                    "The token carries the timestamp {} in milliseconds while the message used seconds; put Unix seconds ({secs_text}) in the token too.",
                    q(ts_text)
                ),
            );
        }
        if let Some(name) = sent_key_case {
            return found(
                "api_key_case",
                format!(
                    "The URL sends the API key as {}, which Visa does not read; send and sign it as `apikey` (lowercase).",
                    q(name)
                ),
            );
        }
        let sent_sorted = sent
            .windows(2)
            .all(|w| param_name(&w[0]) <= param_name(&w[1]));
        if !sent_sorted {
            return found(
                "query_unsorted",
                format!(
                    "The token signs the query {} but the URL sends {}; send the query sorted by parameter name, exactly as signed.",
                    q(&query),
                    q(raw_query)
                ),
            );
        }
        if upper {
            return Ok(Diagnosis::found(
                "uppercase_hex",
                "The HMAC in the token is in uppercase hex; Visa expects lowercase hex, so lowercase it (e.g. hexdigest(), not upper-case formatting).".into(),
            ));
        }
        return Ok(Diagnosis::Valid);
    }

    // Timestamp in milliseconds: in the token and the message, or only in the message.
    if ts_text.len() >= 12 && hits(ts_text, &rp, &query, body) {
        return found(
            "timestamp_milliseconds",
            format!(
                "The timestamp {} is in milliseconds; use Unix seconds ({secs_text}) in the message and the token, e.g. Math.floor(Date.now() / 1000).",
                q(ts_text)
            ),
        );
    }
    if ts_text.len() < 12 {
        for ms in 0..1000 {
            let ms_text = format!("{}{ms:03}", secs_text);
            if hits(&ms_text, &rp, &query, body) {
                return found(
                    "timestamp_milliseconds",
                    format!(
                        "The message was signed with the timestamp {} in milliseconds; sign the same Unix seconds ({secs_text}) that the token carries.",
                        q(&ms_text)
                    ),
                );
            }
        }
    }

    // Resource path.
    let slashed = format!("/{rp}");
    if hits(&secs_text, &slashed, &query, body) {
        return found(
            "resource_path_leading_slash",
            format!(
                "The message signs the resource path with a leading slash ({}); sign it without the slash: {}.",
                q(&slashed),
                q(&rp)
            ),
        );
    }
    if whole != rp {
        for cand in [whole.to_owned(), format!("/{whole}")] {
            if hits(&secs_text, &cand, &query, body) {
                let first = whole.split('/').next().unwrap_or_default();
                return found(
                    "context_path_kept",
                    format!(
                        "The message signs the whole path {}; drop the context path `/{first}/` and sign the resource path {}.",
                        q(&cand),
                        q(&rp)
                    ),
                );
            }
        }
    }
    if whole == rp {
        if let Some((first, stripped)) = whole.split_once('/') {
            for cand in [stripped.to_owned(), format!("/{stripped}")] {
                if hits(&secs_text, &cand, &query, body) {
                    let why = if req.path_rule == PathRule::FullPath {
                        "with the full-path rule the whole path is signed"
                    } else {
                        "Visa Token Service paths are signed whole"
                    };
                    return found(
                        "context_path_stripped",
                        format!(
                            "The message signs {} without its first segment `{first}`, but {why}: sign {}.",
                            q(&cand),
                            q(&rp)
                        ),
                    );
                }
            }
        }
    }

    // Query.
    let mut orders = vec![in_sent_order];
    orders.extend(permutations(&fixed));
    for order in orders {
        let cand = order.join("&");
        if cand != query && hits(&secs_text, &rp, &cand, body) {
            return found(
                "query_unsorted",
                format!(
                    "The message signs the query in the order {}; sort the parameters by name and send and sign {}.",
                    q(&cand),
                    q(&query)
                ),
            );
        }
    }
    if hits(&secs_text, &rp, "", body) {
        return found(
            "query_missing",
            format!(
                "The message leaves out the query string; sign it after the resource path, exactly as sent and without '?': {}.",
                q(&query)
            ),
        );
    }
    let with_mark = format!("?{query}");
    if hits(&secs_text, &rp, &with_mark, body) {
        return found(
            "query_with_question_mark",
            format!(
                "The message signs the query with its leading '?' ({}); sign it without the '?'.",
                q(&with_mark)
            ),
        );
    }
    let camel = |p: &String| match p.split_once('=') {
        Some((API_KEY_PARAM, v)) => format!("apiKey={v}"),
        _ => p.clone(),
    };
    let same_place: Vec<String> = fixed.iter().map(camel).collect();
    let mut resorted = same_place.clone();
    sort_pieces(&mut resorted);
    for cand in [same_place.join("&"), resorted.join("&")] {
        if hits(&secs_text, &rp, &cand, body) {
            return found(
                "api_key_case",
                format!(
                    "The message signs the API key parameter as `apiKey` ({}); Visa only reads `apikey` (lowercase): send and sign {}.",
                    q(&cand),
                    q(&query)
                ),
            );
        }
    }

    // Body.
    for (style, cand) in reserialised(body) {
        if hits(&secs_text, &rp, &query, &cand) {
            return found(
                "body_reserialized",
                format!(
                    "The message signs the body re-serialised as {style} ({}), not the bytes sent; serialise the body once and sign exactly the bytes you send.",
                    q_bytes(&cand)
                ),
            );
        }
    }
    if body.is_empty() {
        for cand in ["null", "undefined", "{}", "\"\""] {
            if hits(&secs_text, &rp, &query, cand.as_bytes()) {
                return found(
                    "body_null_or_undefined",
                    format!(
                        "The message signs the text {} for a request without a body ({method}); sign nothing after the query when there is no body.",
                        q(cand)
                    ),
                );
            }
        }
    } else if hits(&secs_text, &rp, &query, b"") {
        return found(
            "body_not_signed",
            "The message leaves out the body that is sent; append the exact body bytes after the query string.".into(),
        );
    }
    for nl in ["\n", "\r\n"] {
        let cand = [body, nl.as_bytes()].concat();
        if hits(&secs_text, &rp, &query, &cand) {
            return found(
                "trailing_newline",
                format!(
                    "The message ends with an extra {} after the body; sign the exact bytes sent, with nothing appended (check for println or a heredoc).",
                    q(nl)
                ),
            );
        }
    }
    no_match()
}

// ---------------------------------------------------------------------------
// CyberSource

/// What [`cybersource`] needs: the credentials, the request and the headers received.
#[derive(Clone)]
pub struct CyberSourceRequest<'a> {
    /// The merchant id (`v-c-merchant-id`).
    pub merchant_id: &'a str,
    /// The shared secret, base64 text.
    pub shared_secret: &'a str,
    /// The method sent.
    pub method: &'a str,
    /// The URL as sent.
    pub url: &'a str,
    /// The exact body bytes sent.
    pub body: &'a [u8],
    /// The headers received (names in any case); `Signature` is required.
    pub headers: &'a [(&'a str, &'a str)],
    /// Unix seconds of the request, when known: used when there is no readable
    /// `Date` header, and to detect a local time labelled GMT.
    pub time: Option<i64>,
}

impl fmt::Debug for CyberSourceRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CyberSourceRequest")
            .field("merchant_id", &self.merchant_id)
            .field("shared_secret", &"<redacted>")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("body_len", &self.body.len())
            .field("headers", &self.headers)
            .field("time", &self.time)
            .finish()
    }
}

fn find<'a>(headers: &[(&'a str, &'a str)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
}

/// The value of `name="…"` in a Signature header, found leniently.
fn sig_param<'a>(value: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = value;
    while let Some(at) = rest.find(name) {
        let before_ok = at == 0 || matches!(rest.as_bytes()[at - 1], b' ' | b',' | b'\t');
        let after = rest[at + name.len()..].trim_start();
        if before_ok {
            if let Some(v) = after.strip_prefix('=') {
                let v = v.trim_start();
                return Some(match v.strip_prefix('"') {
                    Some(v) => v.split('"').next().unwrap_or(v),
                    None => v.split([',', ' ']).next().unwrap_or(v),
                });
            }
        }
        rest = &rest[at + name.len()..];
    }
    None
}

/// A received date: its instant, and whether it is in GMT.
fn lenient_date(text: &str) -> Option<(i64, bool)> {
    if let Ok(t) = parse_imf_fixdate("date", text) {
        return Some((t, true));
    }
    let fixed = |d: DateTime<FixedOffset>| (d.timestamp(), d.offset().local_minus_utc() == 0);
    if let Ok(d) = DateTime::parse_from_rfc2822(text) {
        return Some(fixed(d));
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(text) {
        return Some(fixed(d));
    }
    if let Ok((d, _)) = DateTime::parse_and_remainder(text, "%a %b %d %Y %H:%M:%S GMT%z") {
        return Some(fixed(d));
    }
    const NAIVE: [&str; 7] = [
        "%a, %d %b %Y %H:%M:%S UTC",
        "%a, %d %b %Y %H:%M:%S",
        "%a %b %e %H:%M:%S %Y",
        "%A, %d-%b-%y %H:%M:%S GMT",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.fZ",
    ];
    NAIVE.iter().find_map(|f| {
        NaiveDateTime::parse_from_str(text, f)
            .ok()
            .map(|d| (d.and_utc().timestamp(), true))
    })
}

/// Offsets in minutes that local clocks use.
const OFFSETS_MIN: [i64; 30] = [
    -720, -660, -600, -570, -540, -480, -420, -360, -300, -240, -210, -180, -120, -60, 60, 120,
    180, 210, 240, 300, 330, 345, 360, 420, 480, 540, 570, 600, 660, 720,
];

/// Dates for instant `t` written other ways than IMF-fixdate, with the mistake each is.
fn date_variants(t: i64) -> Vec<(&'static str, String)> {
    let Some(utc) = DateTime::<Utc>::from_timestamp(t, 0) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for f in [
        "%a, %d %b %Y %H:%M:%S UTC",
        "%a, %d %b %Y %H:%M:%S +0000",
        "%a, %-d %b %Y %H:%M:%S GMT",
        "%a, %d %b %Y %H:%M:%S",
        "%Y-%m-%dT%H:%M:%SZ",
        "%Y-%m-%dT%H:%M:%S%.3fZ",
        "%Y-%m-%dT%H:%M:%S+00:00",
        "%a %b %e %H:%M:%S %Y",
        "%A, %d-%b-%y %H:%M:%S GMT",
        "%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)",
    ] {
        out.push(("date_not_imf_fixdate", utc.format(f).to_string()));
    }
    out.push(("date_not_imf_fixdate", t.to_string()));
    for minutes in OFFSETS_MIN {
        let Some(off) = FixedOffset::east_opt((minutes * 60) as i32) else {
            continue;
        };
        let local = utc.with_timezone(&off);
        for f in [
            "%a, %d %b %Y %H:%M:%S GMT",
            "%a, %d %b %Y %H:%M:%S %z",
            "%a, %d %b %Y %H:%M:%S",
        ] {
            out.push(("date_not_gmt", local.format(f).to_string()));
        }
    }
    out
}

#[derive(Clone)]
struct Lines {
    host: String,
    date: String,
    label: &'static str,
    method: String,
    target: String,
    digest: Option<String>,
    merchant: String,
    host_sep: &'static str,
    sep: &'static str,
    with_date: bool,
    end: &'static str,
}

impl Lines {
    fn render(&self) -> String {
        let mut s = format!("host{}{}", self.host_sep, self.host);
        if self.with_date {
            s.push_str(&format!("\ndate{}{}", self.sep, self.date));
        }
        s.push_str(&format!(
            "\n{}{}{} {}",
            self.label, self.sep, self.method, self.target
        ));
        if let Some(d) = &self.digest {
            s.push_str(&format!("\ndigest{}{d}", self.sep));
        }
        s.push_str(&format!("\nv-c-merchant-id{}{}", self.sep, self.merchant));
        s.push_str(self.end);
        s
    }
}

fn hex_digest(body: &[u8]) -> String {
    hex::encode(Sha256::digest(body))
}

/// Why a received `Digest` value is not the one of the body: hex, or another body.
fn classify_digest(received: &str, body: &[u8]) -> (&'static str, String) {
    let value = received
        .split_once('=')
        .map_or(received, |(_, v)| v)
        .to_ascii_lowercase();
    let hex = hex_digest(body);
    if value == hex || received.eq_ignore_ascii_case(&hex) {
        (
            "digest_hex",
            format!(
                "The Digest {} is the SHA-256 in hex; send and sign `SHA-256=` followed by the base64 of the SHA-256 of the body: {}.",
                q(received),
                q(&cybersource::digest(body))
            ),
        )
    } else {
        let other = reserialised(body)
            .into_iter()
            .find(|(_, b)| cybersource::digest(b) == received)
            .map(|(style, _)| format!(" (it is the digest of the body as {style})"))
            .unwrap_or_default();
        (
            "digest_of_different_body",
            format!(
                "The Digest {} is not the SHA-256 of the body sent{other}; hash the exact bytes you send: {}.",
                q(received),
                q(&cybersource::digest(body))
            ),
        )
    }
}

/// Diagnoses a CyberSource `Signature`: `Valid`, the catalogue entry
/// ([`CYBERSOURCE`]) that reproduces it, or the expected `signature=` beside
/// the received one.
pub fn cybersource(req: &CyberSourceRequest<'_>) -> Result<Diagnosis> {
    header_value("merchant_id", req.merchant_id)?;
    let method = Method::parse("method", req.method)?;
    let secret = cybersource::decode_secret("shared_secret", req.shared_secret)?;
    let key = HmacKey::new("shared_secret", secret.expose())?;
    let raw_key = HmacKey::new("shared_secret", req.shared_secret.as_bytes())?;
    let prepared = cybersource::prepare_url(req.url)?;
    let body = req.body;

    let sig_header = find(req.headers, cybersource::HEADER_SIGNATURE)
        .ok_or_else(|| Error::invalid("signature", "no Signature header was given"))?;
    let (received_sig, received_list) = match cybersource::parse_signature_header(sig_header) {
        Ok(p) => (p.signature, Some(p.headers)),
        Err(_) => (
            sig_param(sig_header, "signature").ok_or_else(|| {
                Error::invalid("signature", "the Signature header has no signature=\"…\"")
            })?,
            sig_param(sig_header, "headers"),
        ),
    };

    let date_header = find(req.headers, cybersource::HEADER_DATE);
    let parsed_date = date_header.and_then(lenient_date);
    let instant = parsed_date.map(|(t, _)| t).or(req.time);
    let date_is_imf = date_header.is_some_and(|d| parse_imf_fixdate("date", d).is_ok());
    let correct_date = match (date_header, instant) {
        (Some(d), _) if date_is_imf => d.to_owned(),
        (_, Some(t)) => imf_fixdate(t)?,
        _ => {
            return Err(Error::invalid(
                "date",
                "no readable Date header and no time given",
            ))
        }
    };
    let correct_digest = method.has_digest().then(|| cybersource::digest(body));
    let correct = Lines {
        host: prepared.host.clone(),
        date: correct_date.clone(),
        label: "request-target",
        method: method.as_lower().to_owned(),
        target: prepared.request_target.clone(),
        digest: correct_digest.clone(),
        merchant: req.merchant_id.to_owned(),
        host_sep: ": ",
        sep: ": ",
        with_date: true,
        end: "",
    };
    // The core's own signing string for the same inputs: `Lines` must agree with it.
    let signing_string = SigningInput {
        host: &prepared.host,
        date: &correct_date,
        method,
        request_target: &prepared.request_target,
        digest: correct_digest.as_deref(),
        merchant_id: req.merchant_id,
    }
    .signing_string();
    debug_assert_eq!(signing_string, correct.render());
    let expected = BASE64.encode(key.sign_parts(&[signing_string.as_bytes()]));
    let no_match = || {
        Ok(Diagnosis::NoMatch {
            expected: expected.clone(),
            received: shown(received_sig),
        })
    };
    let Some(mac) = BASE64.decode(received_sig).ok().filter(|m| m.len() == 32) else {
        return no_match();
    };
    let hits = |k: &HmacKey, l: &Lines| k.verify_parts(&[l.render().as_bytes()], &mac);
    let found = |id, s| Ok(Diagnosis::found(id, s));
    let expected_list = cybersource::headers_list(method);

    if hits(&key, &correct) {
        if let Some(list) = received_list.filter(|l| *l != expected_list) {
            if list.contains("(request-target)") {
                return found(
                    "request_target_parentheses",
                    format!(
                        "The headers= list names {}; since 2024 CyberSource only accepts `request-target` without parentheses: send headers=\"{expected_list}\".",
                        q("(request-target)")
                    ),
                );
            }
            return found(
                "headers_list_mismatch",
                format!(
                    "The headers= list is {} but a {method} request needs headers=\"{expected_list}\", in that order.",
                    q(list)
                ),
            );
        }
        if method.has_digest() {
            match find(req.headers, cybersource::HEADER_DIGEST) {
                Some(d) if Some(d) != correct_digest.as_deref() => {
                    let (id, why) = classify_digest(d, body);
                    return found(id, why);
                }
                _ => {}
            }
        }
        if let (Some(d), false) = (date_header, date_is_imf) {
            let id = match parsed_date {
                Some((_, false)) => "date_not_gmt",
                _ => "date_not_imf_fixdate",
            };
            return found(
                id,
                format!(
                    "The Date header {} is not an IMF-fixdate in GMT; send the date that was signed, {}.",
                    q(d),
                    q(&correct_date)
                ),
            );
        }
        if let Some(h) = find(req.headers, cybersource::HEADER_HOST) {
            if h != prepared.host {
                return found(
                    "host_with_scheme_or_port",
                    format!(
                        "The Host header is {}; send the bare host of the URL, {}, with no scheme and no default port.",
                        q(h),
                        q(&prepared.host)
                    ),
                );
            }
        }
        if let (Some(now), Some((t, true))) = (req.time, parsed_date) {
            let skew = t - now;
            let quarters = (skew as f64 / 900.0).round() as i64;
            if skew.abs() > 300
                && quarters != 0
                && quarters.abs() <= 56
                && (skew - quarters * 900).abs() <= 300
            {
                return found(
                    "date_not_gmt",
                    format!(
                        "The Date {} is {:+.2} h from the request time: it is local time labelled GMT; format the time in UTC, e.g. {}.",
                        q(&correct_date),
                        quarters as f64 / 4.0,
                        q(&imf_fixdate(now)?)
                    ),
                );
            }
        }
        return Ok(Diagnosis::Valid);
    }

    if hits(&raw_key, &correct) {
        return found(
            "secret_not_base64_decoded",
            "The HMAC key is the shared secret's base64 text; base64-decode the secret and key the HMAC with the decoded bytes.".into(),
        );
    }
    let with = |f: &dyn Fn(&mut Lines)| {
        let mut l = correct.clone();
        f(&mut l);
        l
    };
    if hits(&key, &with(&|l| l.label = "(request-target)")) {
        return found(
            "request_target_parentheses",
            "The signing string uses `(request-target)`; CyberSource has only accepted `request-target` without parentheses since 2024, in the line and in headers=.".into(),
        );
    }
    let mut methods = vec![method.as_upper().to_owned()];
    if req.method != method.as_upper() && req.method != method.as_lower() {
        methods.push(req.method.to_owned());
    }
    for mt in methods {
        if hits(&key, &with(&|l| l.method = mt.clone())) {
            return found(
                "method_not_lowercased",
                format!(
                    "The request-target line has the method as {}; lowercase it: `request-target: {} {}`.",
                    q(&mt),
                    method.as_lower(),
                    shown(&prepared.request_target)
                ),
            );
        }
    }
    if let Some((path, _)) = prepared.request_target.split_once('?') {
        if hits(&key, &with(&|l| l.target = path.to_owned())) {
            return found(
                "query_missing_from_target",
                format!(
                    "The request target leaves out the query ({}); sign the path and query as sent: {}.",
                    q(path),
                    q(&prepared.request_target)
                ),
            );
        }
    }
    if method.has_digest() {
        let hex = hex_digest(body);
        let mut digests: Vec<String> = vec![
            format!("{}{hex}", cybersource::DIGEST_PREFIX),
            hex.clone(),
            format!("{}{}", cybersource::DIGEST_PREFIX, hex.to_ascii_uppercase()),
        ];
        let received_digest = find(req.headers, cybersource::HEADER_DIGEST);
        if let Some(d) = received_digest.filter(|d| Some(*d) != correct_digest.as_deref()) {
            digests.push(d.to_owned());
        }
        for (_, b) in reserialised(body) {
            digests.push(cybersource::digest(&b));
        }
        digests.push(cybersource::digest(b""));
        digests.push(cybersource::digest(&[body, b"\n"].concat()));
        for d in digests {
            if Some(&d) != correct_digest.as_ref()
                && hits(&key, &with(&|l| l.digest = Some(d.clone())))
            {
                let (id, why) = classify_digest(&d, body);
                return found(id, why);
            }
        }
    }
    let h = &prepared.host;
    let mut hosts = vec![
        format!("https://{h}"),
        format!("http://{h}"),
        format!("https://{h}/"),
        format!("{h}/"),
    ];
    if h.contains(':') {
        if let Some((bare, _)) = h.rsplit_once(':') {
            hosts.push(bare.to_owned());
        }
    } else {
        hosts.extend([
            format!("{h}:443"),
            format!("{h}:80"),
            format!("https://{h}:443"),
        ]);
    }
    if let Some(recv) = find(req.headers, cybersource::HEADER_HOST).filter(|r| r != h) {
        hosts.push(recv.to_owned());
    }
    for cand in hosts {
        if hits(&key, &with(&|l| l.host = cand.clone())) {
            return found(
                "host_with_scheme_or_port",
                format!(
                    "The host line signs {}; sign (and send in Host) the bare host {}, with no scheme, slash or default port.",
                    q(&cand),
                    q(h)
                ),
            );
        }
    }
    let mut dates: Vec<(&'static str, String)> = Vec::new();
    if let (Some(d), false) = (date_header, date_is_imf) {
        let id = match parsed_date {
            Some((_, false)) => "date_not_gmt",
            _ => "date_not_imf_fixdate",
        };
        dates.push((id, d.to_owned()));
    }
    if let Some(t) = instant {
        dates.extend(date_variants(t));
    }
    for (id, cand) in dates {
        if hits(&key, &with(&|l| l.date = cand.clone())) {
            let why = if id == "date_not_gmt" {
                "a local time, not GMT"
            } else {
                "not an IMF-fixdate"
            };
            return found(
                id,
                format!(
                    "The signed date {} is {why}; send and sign the time in GMT as an IMF-fixdate: {}.",
                    q(&cand),
                    q(&correct_date)
                ),
            );
        }
    }
    for (host_sep, sep) in [(":", ":"), (":", ": ")] {
        if hits(
            &key,
            &with(&|l| {
                l.host_sep = host_sep;
                l.sep = sep;
            }),
        ) {
            return found(
                "missing_space_after_colon",
                "The signing string has no space after the colon (`host:…`, as in the vendor page's example); write every line as `name: value` with exactly one space.".into(),
            );
        }
    }
    for end in ["\n", "\r\n"] {
        if hits(&key, &with(&|l| l.end = end)) {
            return found(
                "trailing_newline",
                format!(
                    "The signing string ends with {}; join the lines with `\\n` and add nothing after the last line.",
                    q(end)
                ),
            );
        }
    }
    if hits(&key, &with(&|l| l.with_date = false)) {
        return found(
            "date_line_missing",
            "The signing string leaves out the `date: …` line; sign host, date, request-target, (digest,) v-c-merchant-id in that order.".into(),
        );
    }
    no_match()
}

// ---------------------------------------------------------------------------
// PaySimple

/// What [`paysimple`] needs besides the received header.
#[derive(Clone)]
pub struct PaySimpleRequest<'a> {
    /// The API key (the HMAC key).
    pub api_key: &'a str,
    /// The timestamp text the sending code signed, when known (e.g. from its
    /// logs); variants of the received timestamp are tried in any case.
    pub signed_timestamp: Option<&'a str>,
}

impl fmt::Debug for PaySimpleRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaySimpleRequest")
            .field("api_key", &"<redacted>")
            .field("signed_timestamp", &self.signed_timestamp)
            .finish()
    }
}

/// `PSSERVER accessid = …; Timestamp=…; signature = …` in any case and spacing.
/// Values keep trailing newlines (only spaces are trimmed).
fn lenient_paysimple(value: &str) -> Option<(&str, &str)> {
    let rest = value.trim_start_matches(' ');
    let (scheme, rest) = rest.split_at_checked(crate::paysimple::SCHEME.len())?;
    if !scheme.eq_ignore_ascii_case(crate::paysimple::SCHEME) {
        return None;
    }
    let (mut ts, mut sig) = (None, None);
    for field in rest.split([';', ',']) {
        let Some((name, v)) = field.split_once('=') else {
            continue;
        };
        let v = v.trim_start_matches(' ').trim_end_matches(' ');
        match name.trim().to_ascii_lowercase().as_str() {
            "timestamp" => ts = Some(v),
            "signature" => sig = Some(v),
            _ => {}
        }
    }
    Some((ts?, sig?))
}

fn fraction_digits(ts: &str) -> usize {
    ts.split_once('.').map_or(0, |(_, rest)| {
        rest.bytes().take_while(u8::is_ascii_digit).count()
    })
}

fn format_ts(t: DateTime<FixedOffset>, digits: usize, zone: &str) -> String {
    let mut s = t.format("%Y-%m-%dT%H:%M:%S").to_string();
    if digits > 0 {
        let frac = format!("{:09}", t.nanosecond() % 1_000_000_000);
        s.push('.');
        s.push_str(&frac[..digits]);
    }
    s.push_str(zone);
    s
}

/// The same instant written other ways, and nearby instants written the same way.
fn timestamp_variants(ts: &str) -> Vec<String> {
    let parsed = DateTime::parse_from_rfc3339(ts).ok().or_else(|| {
        NaiveDateTime::parse_from_str(ts, "%Y-%m-%dT%H:%M:%S%.f")
            .ok()
            .map(|n| n.and_utc().fixed_offset())
    });
    let Some(t) = parsed else {
        return Vec::new();
    };
    let utc = t.with_timezone(&FixedOffset::east_opt(0).expect("zero offset"));
    let own_zone = t.format("%:z").to_string();
    let mut out = Vec::new();
    for digits in [0, 3, 6, 7] {
        for (when, zone) in [
            (utc, "Z"),
            (utc, "+00:00"),
            (utc, ""),
            (t, own_zone.as_str()),
            (t, ""),
        ] {
            out.push(format_ts(when, digits, zone));
        }
    }
    // Two clock readings a moment apart, written with the header's own precision.
    let digits = fraction_digits(ts);
    if digits <= 3 {
        let zone = if ts.ends_with('Z') {
            "Z".to_owned()
        } else if ts.len() >= 6 && matches!(ts.as_bytes()[ts.len() - 6], b'+' | b'-') {
            ts[ts.len() - 6..].to_owned()
        } else {
            String::new()
        };
        let step_ms = 10i64.pow(3 - digits as u32);
        let span = 2000 / step_ms;
        for k in -span..=span {
            let when = t + chrono::Duration::milliseconds(k * step_ms);
            out.push(format_ts(when, digits, &zone));
        }
    }
    out.retain(|v| v != ts);
    out.dedup();
    out
}

/// Diagnoses a PaySimple `Authorization: PSSERVER …` value: `Valid`, the
/// catalogue entry ([`PAYSIMPLE`]) that reproduces it, or the expected
/// signature beside the received one.
pub fn paysimple(req: &PaySimpleRequest<'_>, header: &str) -> Result<Diagnosis> {
    let key = HmacKey::new("api_key", req.api_key.as_bytes())?;
    let (ts, sig, strict) = match crate::paysimple::parse_header(header) {
        Ok(p) => (p.timestamp, p.signature, true),
        Err(_) => {
            let (ts, sig) = lenient_paysimple(header).ok_or_else(|| {
                Error::invalid(
                    "header",
                    "has no timestamp=… and signature=… after PSSERVER",
                )
            })?;
            (ts, sig, false)
        }
    };
    let mac = key.sign_parts(&[ts.as_bytes()]);
    let expected = BASE64.encode(mac);
    let found = |id, s| Ok(Diagnosis::found(id, s));
    if sig == expected {
        if !strict {
            return found(
                "header_syntax",
                "The signature is right but the header is not written as documented; send exactly `PSSERVER accessid=<user>; timestamp=<timestamp>; signature=<signature>` (lowercase names, no spaces around `=`).".into(),
            );
        }
        if parse_rfc3339("timestamp", ts).is_err() {
            return found(
                "timestamp_not_iso8601",
                format!(
                    "The timestamp {} is not ISO-8601 with an offset (e.g. DateTime.Now without one); sign and send UTC like `2018-04-19T16:04:59.9148591Z`.",
                    q(ts)
                ),
            );
        }
        return Ok(Diagnosis::Valid);
    }
    for nl in ["\n", "\r\n", "\\n"] {
        if sig.strip_suffix(nl) == Some(expected.as_str()) {
            return found(
                "trailing_newline_in_base64",
                format!(
                    "The signature ends with {} (Ruby's Base64.encode64 adds one); use Base64.strict_encode64 or strip the newline.",
                    q(nl)
                ),
            );
        }
    }
    if sig.eq_ignore_ascii_case(&hex::encode(mac)) {
        return found(
            "hex_instead_of_base64",
            "The signature is the HMAC in hex; PaySimple expects the base64 of the 32 HMAC bytes (e.g. Convert.ToBase64String, not ToString(\"x2\")).".into(),
        );
    }
    let swapped = HmacKey::new("timestamp", ts.as_bytes())?;
    if BASE64.encode(swapped.sign_parts(&[req.api_key.as_bytes()])) == sig {
        return found(
            "key_and_message_swapped",
            "The HMAC is keyed with the timestamp over the API key; key it with the API key and hash the timestamp.".into(),
        );
    }
    let mut candidates: Vec<String> = req
        .signed_timestamp
        .filter(|s| *s != ts)
        .map(str::to_owned)
        .into_iter()
        .collect();
    candidates.extend(timestamp_variants(ts));
    for cand in candidates {
        if BASE64.encode(key.sign_parts(&[cand.as_bytes()])) == sig {
            return found(
                "timestamp_differs_from_signed",
                format!(
                    "The signature was computed over the timestamp {} but the header sends {}; read the clock once and use the same text in both.",
                    q(&cand),
                    q(ts)
                ),
            );
        }
    }
    Ok(Diagnosis::NoMatch {
        expected,
        received: shown(sig),
    })
}

#[cfg(test)]
mod tests {
    //! Each wrong value is built here with `hmac`/`sha2`/`base64`/`hex`
    //! directly, by making the mistake, never with the diagnosing code.

    use super::*;
    use hmac::{KeyInit, Mac};

    fn raw_mac(key: &[u8], msg: &[u8]) -> Vec<u8> {
        let mut m = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
        m.update(msg);
        m.finalize().into_bytes().to_vec()
    }

    // ---------------- X-Pay

    const SECRET: &[u8] = b"p@ssw0rd-shared-secret";
    const KEY: &str = "KSKDFJOP934ALSFDJP34";

    fn xreq<'a>(method: &'a str, url: &'a str, body: &'a [u8]) -> XPayRequest<'a> {
        XPayRequest {
            api_key: KEY,
            shared_secret: SECRET,
            method,
            url,
            body,
            path_rule: PathRule::ContextPath,
            time: None,
        }
    }

    fn xtok(ts: &str, message: &[u8]) -> String {
        format!("xv2:{ts}:{}", hex::encode(raw_mac(SECRET, message)))
    }

    fn xdiag(req: &XPayRequest<'_>, token: &str) -> Diagnosis {
        xpay(req, token).unwrap()
    }

    const HELLO: &str = "https://sandbox.api.visa.com/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34";

    #[test]
    fn xpay_valid() {
        let t = xtok(
            "1455716783",
            b"1455716783helloworldapikey=KSKDFJOP934ALSFDJP34",
        );
        assert_eq!(xdiag(&xreq("GET", HELLO, b""), &t), Diagnosis::Valid);
    }

    #[test]
    fn xpay_timestamp_milliseconds() {
        let t = xtok(
            "1455716783000",
            b"1455716783000helloworldapikey=KSKDFJOP934ALSFDJP34",
        );
        let d = xdiag(&xreq("GET", HELLO, b""), &t);
        assert_eq!(d.mistake(), Some("timestamp_milliseconds"), "{d}");
        // only the message in milliseconds
        let t = xtok(
            "1455716783",
            b"1455716783123helloworldapikey=KSKDFJOP934ALSFDJP34",
        );
        assert_eq!(
            xdiag(&xreq("GET", HELLO, b""), &t).mistake(),
            Some("timestamp_milliseconds")
        );
    }

    #[test]
    fn xpay_leading_slash() {
        let t = xtok(
            "1455716783",
            b"1455716783/helloworldapikey=KSKDFJOP934ALSFDJP34",
        );
        let d = xdiag(&xreq("GET", HELLO, b""), &t);
        assert_eq!(d.mistake(), Some("resource_path_leading_slash"), "{d}");
    }

    #[test]
    fn xpay_context_path_kept() {
        for path in ["vdp/helloworld", "/vdp/helloworld"] {
            let msg = format!("1455716783{path}apikey=KSKDFJOP934ALSFDJP34");
            let t = xtok("1455716783", msg.as_bytes());
            let d = xdiag(&xreq("GET", HELLO, b""), &t);
            assert_eq!(d.mistake(), Some("context_path_kept"), "{d}");
        }
    }

    #[test]
    fn xpay_context_path_stripped() {
        let url = "https://sandbox.api.visa.com/vts/provisionedTokens?apikey=KSKDFJOP934ALSFDJP34";
        let t = xtok(
            "1455716783",
            b"1455716783provisionedTokensapikey=KSKDFJOP934ALSFDJP34",
        );
        let d = xdiag(&xreq("GET", url, b""), &t);
        assert_eq!(d.mistake(), Some("context_path_stripped"), "{d}");
        // and against the full-path override
        let mut r = xreq("GET", HELLO, b"");
        r.path_rule = PathRule::FullPath;
        let t = xtok(
            "1455716783",
            b"1455716783helloworldapikey=KSKDFJOP934ALSFDJP34",
        );
        assert_eq!(xdiag(&r, &t).mistake(), Some("context_path_stripped"));
    }

    #[test]
    fn xpay_query_unsorted() {
        // sent unsorted, signed as sent
        let url = "https://sandbox.api.visa.com/vdp/helloworld?zeta=1&apikey=KSKDFJOP934ALSFDJP34&alpha=2";
        let t = xtok(
            "1455716783",
            b"1455716783helloworldzeta=1&apikey=KSKDFJOP934ALSFDJP34&alpha=2",
        );
        let d = xdiag(&xreq("GET", url, b""), &t);
        assert_eq!(d.mistake(), Some("query_unsorted"), "{d}");
        // sent sorted, signed in another order
        let url = "https://sandbox.api.visa.com/vdp/helloworld?alpha=2&apikey=KSKDFJOP934ALSFDJP34&zeta=1";
        let t = xtok(
            "1455716783",
            b"1455716783helloworldapikey=KSKDFJOP934ALSFDJP34&zeta=1&alpha=2",
        );
        assert_eq!(
            xdiag(&xreq("GET", url, b""), &t).mistake(),
            Some("query_unsorted")
        );
    }

    #[test]
    fn xpay_query_missing() {
        let t = xtok("1455716783", b"1455716783helloworld");
        let d = xdiag(&xreq("GET", HELLO, b""), &t);
        assert_eq!(d.mistake(), Some("query_missing"), "{d}");
    }

    #[test]
    fn xpay_query_with_question_mark() {
        let t = xtok(
            "1455716783",
            b"1455716783helloworld?apikey=KSKDFJOP934ALSFDJP34",
        );
        let d = xdiag(&xreq("GET", HELLO, b""), &t);
        assert_eq!(d.mistake(), Some("query_with_question_mark"), "{d}");
    }

    #[test]
    fn xpay_api_key_case() {
        // signed with apiKey, URL sends apikey
        let t = xtok(
            "1455716783",
            b"1455716783helloworldapiKey=KSKDFJOP934ALSFDJP34",
        );
        let d = xdiag(&xreq("GET", HELLO, b""), &t);
        assert_eq!(d.mistake(), Some("api_key_case"), "{d}");
        // the URL sends apiKey and it was signed as sent
        let url = "https://sandbox.api.visa.com/vdp/helloworld?apiKey=KSKDFJOP934ALSFDJP34";
        assert_eq!(
            xdiag(&xreq("GET", url, b""), &t).mistake(),
            Some("api_key_case")
        );
    }

    const BODY: &[u8] = br#"{"amount": "10.00", "items": [1, 2], "card": {}}"#;
    const PAY: &str = "https://sandbox.api.visa.com/cybersource/payments/v1/authorizations?apikey=KSKDFJOP934ALSFDJP34";

    #[test]
    fn xpay_body_reserialized() {
        let compact = br#"{"amount":"10.00","items":[1,2],"card":{}}"#;
        let mut msg = b"1455716783payments/v1/authorizationsapikey=KSKDFJOP934ALSFDJP34".to_vec();
        msg.extend_from_slice(compact);
        let t = xtok("1455716783", &msg);
        let d = xdiag(&xreq("POST", PAY, BODY), &t);
        assert_eq!(d.mistake(), Some("body_reserialized"), "{d}");
        // the other way round: compact sent, spaced signed
        let mut msg = b"1455716783payments/v1/authorizationsapikey=KSKDFJOP934ALSFDJP34".to_vec();
        msg.extend_from_slice(BODY);
        let t = xtok("1455716783", &msg);
        assert_eq!(
            xdiag(&xreq("POST", PAY, compact), &t).mistake(),
            Some("body_reserialized")
        );
        // pretty-printed (JSON.stringify(x, null, 2))
        let pretty =
            b"{\n  \"amount\": \"10.00\",\n  \"items\": [\n    1,\n    2\n  ],\n  \"card\": {}\n}";
        let mut msg = b"1455716783payments/v1/authorizationsapikey=KSKDFJOP934ALSFDJP34".to_vec();
        msg.extend_from_slice(pretty);
        let t = xtok("1455716783", &msg);
        assert_eq!(
            xdiag(&xreq("POST", PAY, compact), &t).mistake(),
            Some("body_reserialized")
        );
    }

    #[test]
    fn xpay_body_null_or_undefined() {
        for text in ["null", "undefined"] {
            let msg = format!("1455716783helloworldapikey=KSKDFJOP934ALSFDJP34{text}");
            let t = xtok("1455716783", msg.as_bytes());
            let d = xdiag(&xreq("GET", HELLO, b""), &t);
            assert_eq!(d.mistake(), Some("body_null_or_undefined"), "{d}");
            assert!(d.to_string().contains(text));
        }
    }

    #[test]
    fn xpay_body_not_signed() {
        let t = xtok(
            "1455716783",
            b"1455716783payments/v1/authorizationsapikey=KSKDFJOP934ALSFDJP34",
        );
        let d = xdiag(&xreq("POST", PAY, BODY), &t);
        assert_eq!(d.mistake(), Some("body_not_signed"), "{d}");
    }

    #[test]
    fn xpay_trailing_newline() {
        let t = xtok(
            "1455716783",
            b"1455716783helloworldapikey=KSKDFJOP934ALSFDJP34\n",
        );
        let d = xdiag(&xreq("GET", HELLO, b""), &t);
        assert_eq!(d.mistake(), Some("trailing_newline"), "{d}");
    }

    #[test]
    fn xpay_uppercase_hex() {
        let t = format!(
            "xv2:1455716783:{}",
            hex::encode_upper(raw_mac(
                SECRET,
                b"1455716783helloworldapikey=KSKDFJOP934ALSFDJP34"
            ))
        );
        let d = xdiag(&xreq("GET", HELLO, b""), &t);
        assert_eq!(d.mistake(), Some("uppercase_hex"), "{d}");
    }

    #[test]
    fn xpay_no_match_shows_both() {
        let t = xtok("1455716783", b"something else entirely");
        match xdiag(&xreq("GET", HELLO, b""), &t) {
            Diagnosis::NoMatch { expected, received } => {
                assert_eq!(received, t);
                assert_eq!(
                    expected,
                    xtok(
                        "1455716783",
                        b"1455716783helloworldapikey=KSKDFJOP934ALSFDJP34"
                    )
                );
            }
            d => panic!("{d:?}"),
        }
        let d = xdiag(&xreq("GET", HELLO, b""), "garbage");
        assert!(matches!(d, Diagnosis::NoMatch { .. }));
    }

    #[test]
    fn xpay_bad_input_names_field() {
        let err = xpay(&xreq("GET", "not a url", b""), "x").unwrap_err();
        assert_eq!(err.field(), Some("url"));
    }

    // ---------------- CyberSource

    const CS_SECRET: &str = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=";
    const DATE: &str = "Thu, 18 Jul 2019 00:18:03 GMT";
    const CS_URL: &str = "https://apitest.cybersource.com/pts/v2/payments";
    const CS_BODY: &[u8] = br#"{"clientReferenceInformation":{"code":"TC50171_3"}}"#;
    const CS_GET: &str =
        "https://apitest.cybersource.com/reporting/v3/reports?organizationId=testrest";

    fn b64digest(body: &[u8]) -> String {
        format!("SHA-256={}", BASE64.encode(Sha256::digest(body)))
    }

    fn cs_sig(key: &[u8], s: &str) -> String {
        BASE64.encode(raw_mac(key, s.as_bytes()))
    }

    fn decoded() -> Vec<u8> {
        BASE64.decode(CS_SECRET).unwrap()
    }

    /// The signing string of the POST example with each line chosen by the test.
    fn post_string(host: &str, date: &str, rt: &str, digest: &str) -> String {
        format!("host: {host}\ndate: {date}\n{rt}\ndigest: {digest}\nv-c-merchant-id: testrest")
    }

    struct Cs {
        method: &'static str,
        url: &'static str,
        body: &'static [u8],
        headers: Vec<(String, String)>,
        time: Option<i64>,
    }

    impl Cs {
        fn post(signature: String, date: &str, digest: &str, list: &str) -> Cs {
            Cs {
                method: "POST",
                url: CS_URL,
                body: CS_BODY,
                headers: vec![
                    ("v-c-merchant-id".into(), "testrest".into()),
                    ("Date".into(), date.into()),
                    ("Host".into(), "apitest.cybersource.com".into()),
                    ("Digest".into(), digest.into()),
                    (
                        "Signature".into(),
                        format!(
                            "keyid=\"08c94330-f618-42a3-b09d-e1e43be5efda\", algorithm=\"HmacSHA256\", headers=\"{list}\", signature=\"{signature}\""
                        ),
                    ),
                ],
                time: None,
            }
        }

        fn run(&self) -> Diagnosis {
            let pairs: Vec<(&str, &str)> = self
                .headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            cybersource(&CyberSourceRequest {
                merchant_id: "testrest",
                shared_secret: CS_SECRET,
                method: self.method,
                url: self.url,
                body: self.body,
                headers: &pairs,
                time: self.time,
            })
            .unwrap()
        }
    }

    const LIST: &str = "host date request-target digest v-c-merchant-id";

    fn cs_post(s: &str) -> Diagnosis {
        Cs::post(cs_sig(&decoded(), s), DATE, &b64digest(CS_BODY), LIST).run()
    }

    fn good_string() -> String {
        post_string(
            "apitest.cybersource.com",
            DATE,
            "request-target: post /pts/v2/payments",
            &b64digest(CS_BODY),
        )
    }

    #[test]
    fn cs_valid() {
        assert_eq!(cs_post(&good_string()), Diagnosis::Valid);
    }

    #[test]
    fn cs_secret_not_decoded() {
        let sig = cs_sig(CS_SECRET.as_bytes(), &good_string());
        let d = Cs::post(sig, DATE, &b64digest(CS_BODY), LIST).run();
        assert_eq!(d.mistake(), Some("secret_not_base64_decoded"), "{d}");
    }

    #[test]
    fn cs_request_target_parentheses() {
        let s = post_string(
            "apitest.cybersource.com",
            DATE,
            "(request-target): post /pts/v2/payments",
            &b64digest(CS_BODY),
        );
        let sig = cs_sig(&decoded(), &s);
        let d = Cs::post(
            sig,
            DATE,
            &b64digest(CS_BODY),
            "host date (request-target) digest v-c-merchant-id",
        )
        .run();
        assert_eq!(d.mistake(), Some("request_target_parentheses"), "{d}");
        // right string, old headers= list
        let sig = cs_sig(&decoded(), &good_string());
        let d = Cs::post(
            sig,
            DATE,
            &b64digest(CS_BODY),
            "host date (request-target) digest v-c-merchant-id",
        )
        .run();
        assert_eq!(d.mistake(), Some("request_target_parentheses"), "{d}");
    }

    #[test]
    fn cs_method_not_lowercased() {
        let s = post_string(
            "apitest.cybersource.com",
            DATE,
            "request-target: POST /pts/v2/payments",
            &b64digest(CS_BODY),
        );
        let d = cs_post(&s);
        assert_eq!(d.mistake(), Some("method_not_lowercased"), "{d}");
    }

    #[test]
    fn cs_query_missing_from_target() {
        let s = format!("host: apitest.cybersource.com\ndate: {DATE}\nrequest-target: get /reporting/v3/reports\nv-c-merchant-id: testrest");
        let sig = cs_sig(&decoded(), &s);
        let mut c = Cs::post(sig, DATE, "", "host date request-target v-c-merchant-id");
        c.method = "GET";
        c.url = CS_GET;
        c.body = b"";
        c.headers.retain(|(n, _)| n != "Digest");
        let d = c.run();
        assert_eq!(d.mistake(), Some("query_missing_from_target"), "{d}");
    }

    #[test]
    fn cs_digest_of_different_body() {
        let spaced = br#"{"clientReferenceInformation": {"code": "TC50171_3"}}"#;
        let wrong = b64digest(spaced);
        let s = post_string(
            "apitest.cybersource.com",
            DATE,
            "request-target: post /pts/v2/payments",
            &wrong,
        );
        // the header carries the wrong digest too
        let d = Cs::post(cs_sig(&decoded(), &s), DATE, &wrong, LIST).run();
        assert_eq!(d.mistake(), Some("digest_of_different_body"), "{d}");
        // the header is right, the signed digest is not
        let d = cs_post(&s);
        assert_eq!(d.mistake(), Some("digest_of_different_body"), "{d}");
    }

    #[test]
    fn cs_digest_hex() {
        let wrong = format!("SHA-256={}", hex::encode(Sha256::digest(CS_BODY)));
        let s = post_string(
            "apitest.cybersource.com",
            DATE,
            "request-target: post /pts/v2/payments",
            &wrong,
        );
        let d = Cs::post(cs_sig(&decoded(), &s), DATE, &wrong, LIST).run();
        assert_eq!(d.mistake(), Some("digest_hex"), "{d}");
    }

    #[test]
    fn cs_host_with_scheme_or_port() {
        for host in [
            "https://apitest.cybersource.com",
            "apitest.cybersource.com:443",
        ] {
            let s = post_string(
                host,
                DATE,
                "request-target: post /pts/v2/payments",
                &b64digest(CS_BODY),
            );
            let d = cs_post(&s);
            assert_eq!(d.mistake(), Some("host_with_scheme_or_port"), "{host}: {d}");
        }
    }

    #[test]
    fn cs_date_not_gmt() {
        // header and signature both in local time with an offset
        let local = "Thu, 18 Jul 2019 02:18:03 +0200";
        let s = post_string(
            "apitest.cybersource.com",
            local,
            "request-target: post /pts/v2/payments",
            &b64digest(CS_BODY),
        );
        let d = Cs::post(cs_sig(&decoded(), &s), local, &b64digest(CS_BODY), LIST).run();
        assert_eq!(d.mistake(), Some("date_not_gmt"), "{d}");
        // header right, signed local time labelled GMT
        let s = post_string(
            "apitest.cybersource.com",
            "Thu, 18 Jul 2019 02:18:03 GMT",
            "request-target: post /pts/v2/payments",
            &b64digest(CS_BODY),
        );
        assert_eq!(cs_post(&s).mistake(), Some("date_not_gmt"));
        // header and signature local labelled GMT, caught with the request time
        let fake = "Thu, 18 Jul 2019 02:18:03 GMT";
        let mut c = Cs::post(cs_sig(&decoded(), &s), fake, &b64digest(CS_BODY), LIST);
        c.time = Some(1_563_409_083);
        assert_eq!(c.run().mistake(), Some("date_not_gmt"));
    }

    #[test]
    fn cs_date_not_imf_fixdate() {
        let iso = "2019-07-18T00:18:03Z";
        let s = post_string(
            "apitest.cybersource.com",
            iso,
            "request-target: post /pts/v2/payments",
            &b64digest(CS_BODY),
        );
        let d = Cs::post(cs_sig(&decoded(), &s), iso, &b64digest(CS_BODY), LIST).run();
        assert_eq!(d.mistake(), Some("date_not_imf_fixdate"), "{d}");
        // header right, signed with UTC instead of GMT
        let s = post_string(
            "apitest.cybersource.com",
            "Thu, 18 Jul 2019 00:18:03 UTC",
            "request-target: post /pts/v2/payments",
            &b64digest(CS_BODY),
        );
        assert_eq!(cs_post(&s).mistake(), Some("date_not_imf_fixdate"));
    }

    #[test]
    fn cs_missing_space_after_colon() {
        let all = good_string().replace(": ", ":");
        assert_eq!(cs_post(&all).mistake(), Some("missing_space_after_colon"));
        let host_only = good_string().replacen("host: ", "host:", 1);
        assert_eq!(
            cs_post(&host_only).mistake(),
            Some("missing_space_after_colon")
        );
    }

    #[test]
    fn cs_trailing_newline() {
        let s = format!("{}\n", good_string());
        assert_eq!(cs_post(&s).mistake(), Some("trailing_newline"));
    }

    #[test]
    fn cs_date_line_missing() {
        let s = format!(
            "host: apitest.cybersource.com\nrequest-target: post /pts/v2/payments\ndigest: {}\nv-c-merchant-id: testrest",
            b64digest(CS_BODY)
        );
        assert_eq!(cs_post(&s).mistake(), Some("date_line_missing"));
    }

    #[test]
    fn cs_no_match() {
        match cs_post("nothing like it") {
            Diagnosis::NoMatch { expected, received } => {
                assert_eq!(expected, cs_sig(&decoded(), &good_string()));
                assert_ne!(received, expected);
            }
            d => panic!("{d:?}"),
        }
    }

    // ---------------- PaySimple

    const API_KEY: &str = "ps-api-key-0123456789";
    const PTS: &str = "2017-07-20T20:45:44.0973928Z";

    fn ps(header: &str, signed: Option<&str>) -> Diagnosis {
        paysimple(
            &PaySimpleRequest {
                api_key: API_KEY,
                signed_timestamp: signed,
            },
            header,
        )
        .unwrap()
    }

    fn ps_header(ts: &str, sig: &str) -> String {
        format!("PSSERVER accessid=APIUser1000; timestamp={ts}; signature={sig}")
    }

    #[test]
    fn ps_valid() {
        let sig = BASE64.encode(raw_mac(API_KEY.as_bytes(), PTS.as_bytes()));
        assert_eq!(ps(&ps_header(PTS, &sig), None), Diagnosis::Valid);
    }

    #[test]
    fn ps_trailing_newline() {
        // Ruby: Base64.encode64(mac) == strict + "\n"
        let sig = format!(
            "{}\n",
            BASE64.encode(raw_mac(API_KEY.as_bytes(), PTS.as_bytes()))
        );
        let d = ps(&ps_header(PTS, &sig), None);
        assert_eq!(d.mistake(), Some("trailing_newline_in_base64"), "{d}");
    }

    #[test]
    fn ps_hex() {
        let sig = hex::encode(raw_mac(API_KEY.as_bytes(), PTS.as_bytes()));
        let d = ps(&ps_header(PTS, &sig), None);
        assert_eq!(d.mistake(), Some("hex_instead_of_base64"), "{d}");
    }

    #[test]
    fn ps_timestamp_differs() {
        let signed = "2017-07-20T20:45:44.0973901Z";
        let sig = BASE64.encode(raw_mac(API_KEY.as_bytes(), signed.as_bytes()));
        let d = ps(&ps_header(PTS, &sig), Some(signed));
        assert_eq!(d.mistake(), Some("timestamp_differs_from_signed"), "{d}");
        // found without being told: signed with 3 digits, sent with 7
        let signed = "2017-07-20T20:45:44.097Z";
        let sig = BASE64.encode(raw_mac(API_KEY.as_bytes(), signed.as_bytes()));
        let d = ps(&ps_header(PTS, &sig), None);
        assert_eq!(d.mistake(), Some("timestamp_differs_from_signed"), "{d}");
        // two clock readings 4 ms apart
        let sent = "2017-07-20T20:45:44.101Z";
        let d = ps(&ps_header(sent, &sig), None);
        assert_eq!(d.mistake(), Some("timestamp_differs_from_signed"), "{d}");
    }

    #[test]
    fn ps_key_and_message_swapped() {
        let sig = BASE64.encode(raw_mac(PTS.as_bytes(), API_KEY.as_bytes()));
        let d = ps(&ps_header(PTS, &sig), None);
        assert_eq!(d.mistake(), Some("key_and_message_swapped"), "{d}");
        assert!(!d.to_string().contains(API_KEY));
    }

    #[test]
    fn ps_header_syntax_and_timestamp() {
        let sig = BASE64.encode(raw_mac(API_KEY.as_bytes(), PTS.as_bytes()));
        let php = format!("PSSERVER AccessId = APIUser1000; Timestamp = {PTS}; Signature = {sig}");
        assert_eq!(ps(&php, None).mistake(), Some("header_syntax"));
        let local = "2017-07-20T14:45:44.0973928";
        let sig = BASE64.encode(raw_mac(API_KEY.as_bytes(), local.as_bytes()));
        assert_eq!(
            ps(&ps_header(local, &sig), None).mistake(),
            Some("timestamp_not_iso8601")
        );
    }

    #[test]
    fn ps_no_match() {
        let d = ps(&ps_header(PTS, "AAAA"), None);
        assert!(matches!(d, Diagnosis::NoMatch { ref received, .. } if received == "AAAA"));
        assert!(!d.to_string().contains(API_KEY));
    }

    #[test]
    fn catalogue_ids_are_unique_snake_case() {
        for cat in [XPAY, CYBERSOURCE, PAYSIMPLE] {
            for (i, e) in cat.iter().enumerate() {
                assert!(e
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit()));
                assert!(cat[..i].iter().all(|o| o.id != e.id), "{}", e.id);
            }
        }
    }

    #[test]
    fn json_styles() {
        let toks = json_tokens(r#"{ "a" : [1, {}, []], "b":"x, y: z" }"#).unwrap();
        assert_eq!(
            render_json(&toks, JsonStyle::Compact),
            r#"{"a":[1,{},[]],"b":"x, y: z"}"#
        );
        assert_eq!(
            render_json(&toks, JsonStyle::Spaced),
            r#"{"a": [1, {}, []], "b": "x, y: z"}"#
        );
        assert_eq!(
            render_json(&toks, JsonStyle::Indent(2)),
            "{\n  \"a\": [\n    1,\n    {},\n    []\n  ],\n  \"b\": \"x, y: z\"\n}"
        );
        assert!(json_tokens("plain text").is_none());
        assert!(json_tokens("{\"unterminated").is_none());
    }
}

/// A diagnosis as every binding returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The received value is the correct one.
    pub valid: bool,
    /// The ids of the mistakes found, most likely first; empty when valid or unexplained.
    pub mistakes: Vec<&'static str>,
    /// One paragraph: what went wrong and how to fix it (or "valid").
    pub message: String,
    /// The correct value, when the received one is wrong.
    pub expected: Option<String>,
}

impl From<Diagnosis> for Report {
    fn from(d: Diagnosis) -> Self {
        match d {
            Diagnosis::Valid => Report {
                valid: true,
                mistakes: vec![],
                message: "valid".into(),
                expected: None,
            },
            Diagnosis::Match {
                mistake,
                explanation,
            } => Report {
                valid: false,
                mistakes: vec![mistake],
                message: explanation,
                expected: None,
            },
            d @ Diagnosis::NoMatch { .. } => {
                let Diagnosis::NoMatch { expected, .. } = &d else {
                    unreachable!()
                };
                Report {
                    valid: false,
                    mistakes: vec![],
                    expected: Some(expected.clone()),
                    message: d.to_string(),
                }
            }
        }
    }
}
