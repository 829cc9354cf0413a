//! X-Pay-Token: time × resource path × query × body × trailer × key, and how
//! the token itself is written.

use std::fmt;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

use super::json::reserialised;
use super::{catalogue, q, q_bytes, search, Axis, Findings, Report, Variant, SECRET_LINE_ENDS};
use crate::error::Result;
use crate::request::{parse_url, Method};
use crate::secret::HmacKey;
use crate::time::{is_millis, now_unix};
use crate::validate::{header_value, no_controls};
use crate::xpay::{self as scheme, param_name, PathRule, API_KEY_PARAM, TOKEN_PREFIX};

catalogue! {
    /// The X-Pay-Token mistakes, most likely first.
    pub enum XPayMistake, XPAY {
        TimestampMilliseconds => "timestamp_milliseconds", "timestamp in milliseconds instead of seconds",
        ResourcePathLeadingSlash => "resource_path_leading_slash", "resource path signed with its leading slash",
        ResourcePathTrailingSlash => "resource_path_trailing_slash", "resource path signed with a trailing slash the URL does not have",
        ContextPathKept => "context_path_kept", "context path (e.g. /vdp/) kept in the resource path",
        ContextPathStripped => "context_path_stripped", "first path segment removed where the whole path is signed",
        QueryUnsorted => "query_unsorted", "query parameters not in lexicographical order",
        QueryMissing => "query_missing", "query string left out of the message",
        QueryWithQuestionMark => "query_with_question_mark", "query string signed with its leading '?'",
        ApiKeyCase => "api_key_case", "API key parameter spelled apiKey, not apikey",
        BodyReserialized => "body_reserialized", "body re-serialised (other JSON spacing) before signing",
        BodyNullOrUndefined => "body_null_or_undefined", "empty body signed as the text null or undefined",
        BodyNotSigned => "body_not_signed", "body sent but left out of the message",
        BodyTrimmed => "body_trimmed", "body signed without the trailing whitespace that is sent",
        TrailingNewline => "trailing_newline", "newline appended to the message",
        SecretTrailingNewline => "secret_trailing_newline", "shared secret read with its trailing newline (from a file or .env)",
        UppercaseHex => "uppercase_hex", "HMAC written in uppercase hex",
        HmacBase64 => "hmac_base64", "HMAC written in base64 instead of hex",
        TokenMalformed => "token_malformed", "token not written as xv2:<timestamp>:<hex HMAC>",
    }
}

use XPayMistake as M;

/// What [`diagnose`] needs besides the received token.
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

/// The message parts a candidate signs: indexes into the keys and bodies tried.
#[derive(Clone)]
struct Message {
    key: usize,
    ts: String,
    rp: String,
    query: String,
    body: usize,
    end: &'static str,
}

/// Every ordering of `pieces` (up to 6 of them).
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

/// How the HMAC of a received token is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum MacText {
    LowerHex,
    UpperHex,
    Base64,
}

/// The token read leniently: its timestamp text, MAC and encoding, or what is
/// wrong with it.
struct ReadToken<'t> {
    ts: &'t str,
    mac: [u8; 32],
    text: MacText,
    /// Problems that still let the token be read (e.g. no `xv2:` prefix).
    flaws: Vec<String>,
}

fn read_token(token: &str) -> std::result::Result<ReadToken<'_>, String> {
    let mut flaws = Vec::new();
    let rest = match token.strip_prefix(TOKEN_PREFIX) {
        Some(r) => r,
        None => match token.get(..TOKEN_PREFIX.len()) {
            Some(p) if p.eq_ignore_ascii_case(TOKEN_PREFIX) => {
                flaws.push(format!(
                    "The token starts with {}; write the prefix `{TOKEN_PREFIX}` in lowercase.",
                    q(p)
                ));
                &token[TOKEN_PREFIX.len()..]
            }
            _ if token.matches(':').count() == 1 => {
                flaws.push(format!(
                    "The token has no `{TOKEN_PREFIX}` prefix; send `{TOKEN_PREFIX}<timestamp>:<hex HMAC>`."
                ));
                token
            }
            _ => {
                return Err(format!(
                    "The token {} is not `{TOKEN_PREFIX}<Unix seconds>:<64 lowercase hex digits>`: it does not start with `{TOKEN_PREFIX}`.",
                    q(token)
                ))
            }
        },
    };
    let (ts, mac_text) = rest.split_once(':').ok_or_else(|| {
        format!(
            "The token {} has no `:` between the timestamp and the HMAC; write `{TOKEN_PREFIX}<timestamp>:<hex HMAC>`.",
            q(token)
        )
    })?;
    if ts.is_empty() || ts.len() > 16 || !ts.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "The token's timestamp {} is not Unix seconds in decimal; write e.g. `{TOKEN_PREFIX}1455716783:…`.",
            q(ts)
        ));
    }
    let mut mac = [0u8; 32];
    let text = if hex::decode_to_slice(mac_text, &mut mac).is_ok() {
        if mac_text.bytes().any(|b| b.is_ascii_uppercase()) {
            MacText::UpperHex
        } else {
            MacText::LowerHex
        }
    } else {
        match BASE64.decode(mac_text.trim_end_matches('\n')) {
            Ok(bytes) if bytes.len() == 32 => {
                mac.copy_from_slice(&bytes);
                MacText::Base64
            }
            _ => {
                return Err(format!(
                    "The token's HMAC {} is not 64 hex digits ({} characters); write the 32 HMAC bytes in lowercase hex.",
                    q(mac_text),
                    mac_text.chars().count()
                ))
            }
        }
    };
    Ok(ReadToken {
        ts,
        mac,
        text,
        flaws,
    })
}

/// Diagnoses an X-Pay-Token: valid, the mistakes ([`XPayMistake`]) that
/// reproduce it, or the expected token beside the received one.
pub fn diagnose(req: &XPayRequest<'_>, token: &str) -> Result<Report> {
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
        fixed.push(scheme::canonical_query("", req.api_key)?);
    }
    let in_sent_order = fixed.clone();
    fixed.sort_by(|a, b| param_name(a).cmp(param_name(b)));
    let query = fixed.join("&");
    let sent_key_case = sent
        .iter()
        .map(|p| param_name(p))
        .find(|n| *n != API_KEY_PARAM && n.eq_ignore_ascii_case(API_KEY_PARAM));

    let path = parsed.path();
    let whole = path.strip_prefix('/').unwrap_or(path);
    let rp = scheme::resource_path(path, req.path_rule).value.to_owned();

    let read = read_token(token);
    let secs: i64 = match &read {
        Ok(r) => {
            let n: i64 = r.ts.parse().unwrap_or(i64::MAX);
            if is_millis(n) {
                n / 1000
            } else {
                n
            }
        }
        Err(_) => req.time.unwrap_or_else(now_unix),
    };
    let expected = scheme::token_with_key(&key, secs, &rp, &query, body)?;
    let read = match read {
        Ok(r) => r,
        Err(why) => {
            let mut f = Findings::new();
            f.add(M::TokenMalformed, why);
            return Ok(f.into_report(expected));
        }
    };
    let ts_text = read.ts;
    let secs_text = secs.to_string();

    let mut keys = vec![key.clone()];
    for end in SECRET_LINE_ENDS {
        keys.push(HmacKey::new(
            "shared_secret",
            &[req.shared_secret, end.as_bytes()].concat(),
        )?);
    }
    let mut bodies: Vec<Vec<u8>> = vec![body.to_vec()];
    let correct = Message {
        key: 0,
        ts: secs_text.clone(),
        rp: rp.clone(),
        query: query.clone(),
        body: 0,
        end: "",
    };

    // Time.
    let mut time_axis: Axis<Message, M> = Vec::new();
    if ts_text != secs_text {
        let t = ts_text.to_owned();
        time_axis.push(Variant::new(
            M::TimestampMilliseconds,
            format!(
                "The timestamp {} is in milliseconds; use Unix seconds ({secs_text}) in the message and the token, e.g. Math.floor(Date.now() / 1000).",
                q(ts_text)
            ),
            move |m: &mut Message| m.ts = t.clone(),
        ));
    } else {
        for ms in 0..1000 {
            let ms_text = format!("{secs_text}{ms:03}");
            time_axis.push(Variant::new(
                M::TimestampMilliseconds,
                format!(
                    "The message was signed with the timestamp {} in milliseconds; sign the same Unix seconds ({secs_text}) that the token carries.",
                    q(&ms_text)
                ),
                move |m: &mut Message| m.ts = ms_text.clone(),
            ));
        }
    }

    // Resource path.
    let mut path_axis: Axis<Message, M> = Vec::new();
    let slashed = format!("/{rp}");
    path_axis.push(Variant::new(
        M::ResourcePathLeadingSlash,
        format!(
            "The message signs the resource path with a leading slash ({}); sign it without the slash: {}.",
            q(&slashed),
            q(&rp)
        ),
        {
            let v = slashed.clone();
            move |m: &mut Message| m.rp = v.clone()
        },
    ));
    if !rp.ends_with('/') {
        let trailing = format!("{rp}/");
        path_axis.push(Variant::new(
            M::ResourcePathTrailingSlash,
            format!(
                "The message signs the resource path with a trailing slash ({}) that the URL does not have; sign the path exactly as sent: {}.",
                q(&trailing),
                q(&rp)
            ),
            move |m: &mut Message| m.rp = trailing.clone(),
        ));
    }
    if whole != rp {
        let first = whole.split('/').next().unwrap_or_default().to_owned();
        for cand in [whole.to_owned(), format!("/{whole}")] {
            path_axis.push(Variant::new(
                M::ContextPathKept,
                format!(
                    "The message signs the whole path {}; drop the context path `/{first}/` and sign the resource path {}.",
                    q(&cand),
                    q(&rp)
                ),
                move |m: &mut Message| m.rp = cand.clone(),
            ));
        }
    } else if let Some((first, stripped)) = whole.split_once('/') {
        let why = if req.path_rule.is_full_path() {
            "with the full-path rule the whole path is signed"
        } else {
            "Visa Token Service paths are signed whole"
        };
        for cand in [stripped.to_owned(), format!("/{stripped}")] {
            path_axis.push(Variant::new(
                M::ContextPathStripped,
                format!(
                    "The message signs {} without its first segment `{first}`, but {why}: sign {}.",
                    q(&cand),
                    q(&rp)
                ),
                move |m: &mut Message| m.rp = cand.clone(),
            ));
        }
    }

    // Query.
    let mut query_axis: Axis<Message, M> = Vec::new();
    let mut orders = vec![in_sent_order];
    orders.extend(permutations(&fixed));
    let mut seen = vec![query.clone()];
    for order in orders {
        let cand = order.join("&");
        if seen.contains(&cand) {
            continue;
        }
        seen.push(cand.clone());
        query_axis.push(Variant::new(
            M::QueryUnsorted,
            format!(
                "The message signs the query in the order {}; sort the parameters by name and send and sign {}.",
                q(&cand),
                q(&query)
            ),
            move |m: &mut Message| m.query = cand.clone(),
        ));
    }
    query_axis.push(Variant::new(
        M::QueryMissing,
        format!(
            "The message leaves out the query string; sign it after the resource path, exactly as sent and without '?': {}.",
            q(&query)
        ),
        |m: &mut Message| m.query.clear(),
    ));
    let with_mark = format!("?{query}");
    query_axis.push(Variant::new(
        M::QueryWithQuestionMark,
        format!(
            "The message signs the query with its leading '?' ({}); sign it without the '?'.",
            q(&with_mark)
        ),
        move |m: &mut Message| m.query = with_mark.clone(),
    ));
    let camel = |p: &String| match p.split_once('=') {
        Some((API_KEY_PARAM, v)) => format!("apiKey={v}"),
        _ => p.clone(),
    };
    let same_place: Vec<String> = fixed.iter().map(camel).collect();
    let mut resorted = same_place.clone();
    resorted.sort_by(|a, b| param_name(a).cmp(param_name(b)));
    let mut camel_orders = vec![same_place.join("&")];
    if resorted != same_place {
        camel_orders.push(resorted.join("&"));
    }
    for cand in camel_orders {
        query_axis.push(Variant::new(
            M::ApiKeyCase,
            format!(
                "The message signs the API key parameter as `apiKey` ({}); Visa only reads `apikey` (lowercase): send and sign {}.",
                q(&cand),
                q(&query)
            ),
            move |m: &mut Message| m.query = cand.clone(),
        ));
    }

    // Body.
    let mut body_axis: Axis<Message, M> = Vec::new();
    let trimmed = body.trim_ascii_end();
    if trimmed.len() != body.len() {
        let why = format!(
                "The message signs the body without its trailing {} that is sent; sign the exact bytes sent (Visa compares every space and newline).",
                q_bytes(&body[trimmed.len()..])
            );
        bodies.push(trimmed.to_vec());
        let i = bodies.len() - 1;
        body_axis.push(Variant::new(M::BodyTrimmed, why, move |m: &mut Message| {
            m.body = i
        }));
    }
    for (style, cand) in reserialised(body) {
        let why = format!(
            "The message signs the body re-serialised as {style} ({}), not the bytes sent; serialise the body once and sign exactly the bytes you send.",
            q_bytes(&cand)
        );
        bodies.push(cand);
        let i = bodies.len() - 1;
        body_axis.push(Variant::new(
            M::BodyReserialized,
            why,
            move |m: &mut Message| m.body = i,
        ));
    }
    if body.is_empty() {
        for cand in ["null", "undefined", "{}", "\"\""] {
            bodies.push(cand.as_bytes().to_vec());
            let i = bodies.len() - 1;
            body_axis.push(Variant::new(
                M::BodyNullOrUndefined,
                format!(
                    "The message signs the text {} for a request without a body ({method}); sign nothing after the query when there is no body.",
                    q(cand)
                ),
                move |m: &mut Message| m.body = i,
            ));
        }
    } else {
        bodies.push(Vec::new());
        let i = bodies.len() - 1;
        body_axis.push(Variant::new(
            M::BodyNotSigned,
            "The message leaves out the body that is sent; append the exact body bytes after the query string.",
            move |m: &mut Message| m.body = i,
        ));
    }

    // What follows the message.
    let mut end_axis: Axis<Message, M> = Vec::new();
    for nl in ["\n", "\r\n"] {
        end_axis.push(Variant::new(
            M::TrailingNewline,
            format!(
                "The message ends with an extra {} after the body; sign the exact bytes sent, with nothing appended (check for println or a heredoc).",
                q(nl)
            ),
            move |m: &mut Message| m.end = nl,
        ));
    }

    // The key.
    let mut key_axis: Axis<Message, M> = Vec::new();
    for (i, end) in SECRET_LINE_ENDS.iter().enumerate() {
        key_axis.push(Variant::new(
            M::SecretTrailingNewline,
            format!(
                "The HMAC is keyed with the shared secret followed by {} (read from a file or .env with its line end); strip the line end before using the secret.",
                q(end)
            ),
            move |m: &mut Message| m.key = i + 1,
        ));
    }

    let axes = [
        time_axis, path_axis, query_axis, body_axis, end_axis, key_axis,
    ];
    let mac = read.mac;
    let hit = search(&correct, &axes, |m| {
        keys[m.key].verify_parts(
            &[
                m.ts.as_bytes(),
                m.rp.as_bytes(),
                m.query.as_bytes(),
                &bodies[m.body],
                m.end.as_bytes(),
            ],
            &mac,
        )
    });
    let Some(variants) = hit else {
        if !read.flaws.is_empty() {
            let mut f = Findings::new();
            f.add(M::TokenMalformed, read.flaws.join(" "));
            return Ok(f.into_report(expected));
        }
        return Ok(Report::no_match(expected, token));
    };

    let mut found = Findings::new();
    for v in &variants {
        found.add(v.mistake, v.why.clone());
    }
    // How the token and URL present a message that is otherwise right.
    if ts_text != secs_text && !found.has(M::TimestampMilliseconds) {
        found.add(
            M::TimestampMilliseconds,
            format!(
                "The token carries the timestamp {} in milliseconds while the message used seconds; put Unix seconds ({secs_text}) in the token too.",
                q(ts_text)
            ),
        );
    }
    if let Some(name) = sent_key_case {
        found.add(
            M::ApiKeyCase,
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
        found.add(
            M::QueryUnsorted,
            format!(
                "The token signs the query {} but the URL sends {}; send the query sorted by parameter name, exactly as signed.",
                q(&query),
                q(raw_query)
            ),
        );
    }
    match read.text {
        MacText::UpperHex => found.add(
            M::UppercaseHex,
            "The HMAC in the token is in uppercase hex; Visa expects lowercase hex, so lowercase it (e.g. hexdigest(), not upper-case formatting).",
        ),
        MacText::Base64 => found.add(
            M::HmacBase64,
            "The HMAC in the token is base64; Visa expects the 32 HMAC bytes in lowercase hex (hexdigest(), not base64).",
        ),
        MacText::LowerHex => {}
    }
    if !read.flaws.is_empty() {
        found.add(M::TokenMalformed, read.flaws.join(" "));
    }
    Ok(found.into_report(expected))
}
