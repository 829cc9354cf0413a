//! CyberSource webhook `v-c-signature`: key handling × timestamp × separator ×
//! body × how the signature is encoded, and how the header is written.

use std::fmt;

use base64::engine::general_purpose::{
    STANDARD as BASE64, STANDARD_NO_PAD as BASE64_NO_PAD, URL_SAFE_NO_PAD as BASE64_URL,
};
use base64::Engine;

use super::json::{js_parse, reserialised, JsValue};
use super::{catalogue, find_header, q, q_bytes, search, Axis, Findings, Report, Variant};
use crate::error::Result;
use crate::secret::HmacKey;
use crate::time::is_millis;
use crate::webhook::{self as scheme, HEADER};

catalogue! {
    /// The webhook `v-c-signature` mistakes, most likely first.
    pub enum WebhookMistake, WEBHOOK {
        BodyReserialized => "body_reserialized", "body parsed and re-serialised by a JSON parser before hashing",
        PayloadMemberOnly => "payload_member_only", "JSON.stringify of the body's payload member hashed instead of the raw body",
        BodyTrailingNewline => "body_trailing_newline", "newline appended to the body before hashing",
        KeyNotBase64Decoded => "key_not_base64_decoded", "key used as text instead of base64-decoded",
        TimestampSeconds => "timestamp_seconds", "timestamp in seconds instead of milliseconds",
        TimestampNotSigned => "timestamp_not_signed", "body hashed alone, without \"<t>.\" in front",
        SeparatorMissing => "separator_missing", "timestamp and body joined without the '.'",
        SignatureHex => "signature_hex", "signature in hex instead of base64",
        SignatureBase64Url => "signature_base64url", "signature in URL-safe base64 instead of standard base64",
        SignatureUnpadded => "signature_unpadded", "signature base64 without its '=' padding",
        KeyIdMismatch => "keyid_mismatch", "keyId= names another key than the one given",
        HeaderHttpSignature => "header_http_signature", "header in the REST API's HTTP Signature form instead of t=<ms>;keyId=<id>;sig=<base64>",
        HeaderBareSignature => "header_bare_signature", "header is only the base64 signature, without t= and keyId=",
        HeaderSyntax => "header_syntax", "header not written as t=<ms>;keyId=<id>;sig=<base64>",
        HeaderMalformed => "header_malformed", "header missing, or without t= or sig=",
    }
}

use WebhookMistake as M;

/// What [`diagnose`] needs: the key, the notification as received.
#[derive(Clone)]
pub struct WebhookRequest<'a> {
    /// The key id the key belongs to (`keyId=`).
    pub key_id: &'a str,
    /// The key, base64 text as the Business Center shows it.
    pub key: &'a str,
    /// The headers received (`v-c-signature` is read).
    pub headers: &'a [(&'a str, &'a str)],
    /// The exact body bytes received.
    pub body: &'a [u8],
    /// Unix milliseconds of the notification, when the header carries none readable.
    pub time_ms: Option<i64>,
}

impl fmt::Debug for WebhookRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookRequest")
            .field("key_id", &self.key_id)
            .field("key", &"<redacted>")
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .field("time_ms", &self.time_ms)
            .finish()
    }
}

/// The fields of a `v-c-signature` read leniently.
struct ReadHeader<'h> {
    t: Option<&'h str>,
    key_id: Option<&'h str>,
    sig: Option<&'h str>,
    strict: bool,
}

fn read_header(value: &str) -> ReadHeader<'_> {
    // The layout alone: `t=…;keyId=…;sig=…`, no spaces or quotes (the values
    // are judged by the search, not here).
    let fields: Vec<&str> = value.split(';').collect();
    let laid_out = fields.len() == 3
        && ["t=", "keyId=", "sig="]
            .iter()
            .zip(&fields)
            .all(|(name, f)| f.starts_with(name))
        && !value.contains([' ', '"', '\t']);
    let (mut t, mut key_id, mut sig) = (None, None, None);
    for field in value.split([';', ',']) {
        let Some((name, v)) = field.split_once('=') else {
            continue;
        };
        let v = v.trim().trim_matches('"');
        match name.trim().to_ascii_lowercase().as_str() {
            "t" => t = Some(v),
            "keyid" => key_id = Some(v),
            "sig" | "signature" => sig = Some(v),
            _ => {}
        }
    }
    ReadHeader {
        t,
        key_id,
        sig,
        strict: laid_out,
    }
}

/// Whether `value` is written as the REST API's `Signature` header,
/// `keyid="…", algorithm="…", headers="…", signature="…"`, and not as a webhook's.
fn is_http_signature(value: &str) -> bool {
    let names: Vec<String> = value
        .split([',', ';'])
        .filter_map(|field| field.split_once('='))
        .map(|(name, _)| name.trim().to_ascii_lowercase())
        .collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    has("signature") && (has("algorithm") || has("headers")) && !has("t")
}

/// The HMAC bytes `sig` stands for in each encoding the search tries, by
/// [`Message::encoding`]: standard base64, hex, URL-safe base64 (only with its
/// own `-` or `_`, else it is standard base64 unpadded), standard base64
/// without its padding.
fn decodings(sig: &str) -> Vec<Option<Vec<u8>>> {
    let url_alphabet = sig.contains(['-', '_']);
    [
        BASE64.decode(sig).ok(),
        hex::decode(sig).ok(),
        BASE64_URL
            .decode(sig.trim_end_matches('='))
            .ok()
            .filter(|_| url_alphabet),
        BASE64_NO_PAD.decode(sig).ok(),
    ]
    .into_iter()
    .map(|m| m.filter(|m| m.len() == 32))
    .collect()
}

/// The whole header value when it is nothing but an encoded 32-byte HMAC.
fn bare_signature(value: &str) -> Option<&str> {
    let value = value.trim();
    (!value.is_empty() && decodings(value).iter().any(Option::is_some)).then_some(value)
}

/// What a verifier that hashes `"<t>." + JSON.stringify(body.payload)` puts
/// after the `.`: the `payload` member, and its first element when it is an
/// array; each with how an explanation names it.
fn payload_members(body: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let Some(parsed) = std::str::from_utf8(body).ok().and_then(js_parse) else {
        return Vec::new();
    };
    let Some(payload) = parsed.member("payload") else {
        return Vec::new();
    };
    let mut out = vec![(
        "the body's `payload` member",
        payload.stringify().into_bytes(),
    )];
    if let JsValue::Array(items) = payload {
        if let Some(first) = items.first() {
            out.push((
                "the first element of the body's `payload` array (`payload[0]`)",
                first.stringify().into_bytes(),
            ));
        }
    }
    out
}

/// One candidate: key, timestamp text, separator, body, encoding.
#[derive(Clone)]
struct Message {
    key: usize,
    t: String,
    sep: &'static str,
    body: usize,
    encoding: usize,
}

/// Diagnoses a webhook `v-c-signature`: valid, the mistakes
/// ([`WebhookMistake`]) that reproduce it, or the expected value beside it.
pub fn diagnose(req: &WebhookRequest<'_>) -> Result<Report> {
    let key = scheme::decode_key("key", req.key)?;
    let raw_key = HmacKey::new("key", req.key.as_bytes())?;
    let mut found = Findings::new();
    let header = find_header(req.headers, HEADER);
    let bare = header.and_then(bare_signature);
    let read = header.filter(|_| bare.is_none()).map(read_header);
    let t_text = read.as_ref().and_then(|r| r.t);
    let t_value = t_text.and_then(|t| t.parse::<i64>().ok());
    let t_ms = match (t_value, req.time_ms) {
        (Some(t), _) => t,
        (None, Some(t)) => t,
        (None, None) => crate::time::Time::Now.unix_millis("time")?,
    };
    let expected = match scheme::signature_with_key(&key, req.key_id, req.body, t_ms) {
        Ok(v) => v,
        Err(_) => format!(
            "t={t_ms};keyId={};sig={}",
            req.key_id,
            BASE64.encode(key.sign_parts(&[&scheme::message(t_ms, req.body)]))
        ),
    };
    let rest_form = |value: &str| {
        format!(
            "{} is in the HTTP Signature form of CyberSource's REST API requests, not a webhook's: a notification carries `{HEADER}: t=<Unix ms>;keyId=<key id>;sig=<base64>`, the HMAC of `<t>.<raw body>` keyed with the webhook key; send {}.",
            q(value),
            q(&expected)
        )
    };
    let Some(value) = header else {
        if let Some(rest) = find_header(req.headers, "signature").filter(|v| is_http_signature(v)) {
            found.add(
                M::HeaderHttpSignature,
                format!(
                    "No {HEADER} header was received, only a Signature header: {}",
                    rest_form(rest)
                ),
            );
            return Ok(found.into_report(expected));
        }
        found.add(
            M::HeaderMalformed,
            format!("No {HEADER} header was received; CyberSource sends `{HEADER}: t=<Unix ms>;keyId=<key id>;sig=<base64>` with every notification."),
        );
        return Ok(found.into_report(expected));
    };
    if bare.is_none() && is_http_signature(value) {
        found.add(
            M::HeaderHttpSignature,
            format!("The {HEADER} header {}", rest_form(value)),
        );
        return Ok(found.into_report(expected));
    }
    // A bare signature is checked against the notification's time when one
    // is given (else now, which only the body-alone mistake can match).
    let (t, sig) = match bare {
        Some(sig) => (t_ms.to_string(), sig),
        None => {
            let read = read_header(value);
            let (Some(t), Some(sig)) = (read.t.filter(|_| t_value.is_some()), read.sig) else {
                found.add(
                    M::HeaderMalformed,
                    format!(
                        "The {HEADER} header {} has no readable {}; it must be `t=<Unix ms>;keyId=<key id>;sig=<base64>`.",
                        q(value),
                        if read.sig.is_none() { "sig=" } else { "t=" }
                    ),
                );
                return Ok(found.into_report(expected));
            };
            if !read.strict {
                found.add(
                    M::HeaderSyntax,
                    format!(
                        "The {HEADER} header is not written as `t=<ms>;keyId=<id>;sig=<base64>` (that order, `;` between fields, no spaces or quotes); send {}.",
                        q(&expected)
                    ),
                );
            }
            if let Some(id) = read.key_id.filter(|id| *id != req.key_id) {
                found.add(
                    M::KeyIdMismatch,
                    format!(
                        "The keyId= is {} but the key given is {}; look the key up by the keyId= of each notification.",
                        q(id),
                        q(req.key_id)
                    ),
                );
            }
            (t.to_owned(), sig)
        }
    };
    let macs = decodings(sig);
    if macs.iter().all(Option::is_none) {
        found.add(
            M::HeaderMalformed,
            format!(
                "The sig= value {} is not the base64 of a 32-byte HMAC-SHA256.",
                q(sig)
            ),
        );
        return Ok(found.into_report(expected));
    }
    let keys = [key, raw_key];
    let mut bodies = vec![req.body.to_vec()];
    let correct = Message {
        key: 0,
        t: t.clone(),
        sep: ".",
        body: 0,
        encoding: 0,
    };

    let mut body_axis: Axis<Message, M> = Vec::new();
    for (style, cand) in reserialised(req.body) {
        let why = format!(
            "The HMAC covers the body re-serialised as {style} ({}), not the raw bytes received; hash the raw body before any JSON parser reads it (e.g. express.raw, request.get_data()).",
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
    for (member, cand) in payload_members(req.body) {
        let why = format!(
            "The HMAC covers `<t>.` followed by {member} as JSON.stringify writes it ({}), not the raw body. CyberSource's own commercetools and Oracle CX plugins (and earlier versions of its Salesforce B2C cartridge) check `\"<t>.\" + JSON.stringify(payload)`, but the spec signs the raw body and paysign follows it: a sender doing this signs different bytes; sign the t= value, a '.', then the body exactly as sent.",
            q_bytes(&cand)
        );
        bodies.push(cand);
        let i = bodies.len() - 1;
        body_axis.push(Variant::new(
            M::PayloadMemberOnly,
            why,
            move |m: &mut Message| m.body = i,
        ));
    }
    for nl in ["\n", "\r\n"] {
        bodies.push([req.body, nl.as_bytes()].concat());
        let i = bodies.len() - 1;
        body_axis.push(Variant::new(
            M::BodyTrailingNewline,
            format!(
                "The HMAC covers the body followed by {}; hash the exact bytes received.",
                q(nl)
            ),
            move |m: &mut Message| m.body = i,
        ));
    }
    let key_axis = vec![Variant::new(
        M::KeyNotBase64Decoded,
        "The HMAC is keyed with the key's base64 text; base64-decode the key and use the decoded bytes.",
        |m: &mut Message| m.key = 1,
    )];
    let mut time_axis: Axis<Message, M> = Vec::new();
    if let Some(secs) = t_value.filter(|t| is_millis(*t)) {
        let secs_text = (secs / 1000).to_string();
        time_axis.push(Variant::new(
            M::TimestampSeconds,
            format!(
                "The HMAC covers the timestamp in seconds ({}) while t= is in milliseconds; sign `<t>.<body>` with the same milliseconds sent in t=.",
                q(&secs_text)
            ),
            move |m: &mut Message| m.t = secs_text.clone(),
        ));
    }
    time_axis.push(Variant::new(
        M::TimestampNotSigned,
        "The HMAC covers the body alone; sign `<t>.<raw body>`: the t= value, a '.', then the body.",
        |m: &mut Message| {
            m.t.clear();
            m.sep = "";
        },
    ));
    let mut sep_axis: Axis<Message, M> = Vec::new();
    for sep in ["", ":", ";"] {
        sep_axis.push(Variant::new(
            M::SeparatorMissing,
            format!(
                "The HMAC covers the timestamp and the body joined by {}; join them with a single '.'.",
                if sep.is_empty() { "nothing".to_owned() } else { q(sep) }
            ),
            move |m: &mut Message| m.sep = sep,
        ));
    }
    let encoding_axis = vec![
        Variant::new(
            M::SignatureHex,
            "The sig= is the HMAC in hex; send the base64 of the 32 HMAC bytes.",
            |m: &mut Message| m.encoding = 1,
        ),
        Variant::new(
            M::SignatureBase64Url,
            "The sig= is URL-safe base64; send standard base64 (with + and /, padded).",
            |m: &mut Message| m.encoding = 2,
        ),
        Variant::new(
            M::SignatureUnpadded,
            "The sig= has lost its '=' padding: the base64 of the 32 HMAC bytes is 44 characters ending in '='. Send it padded, and read sig= as everything after its first '=' (a parser that takes `split('=')[1]` drops the padding).",
            |m: &mut Message| m.encoding = 3,
        ),
    ];
    let axes = [body_axis, key_axis, time_axis, sep_axis, encoding_axis];
    let hit = search(&correct, &axes, |m| match &macs[m.encoding] {
        Some(mac) => {
            keys[m.key].verify_parts(&[m.t.as_bytes(), m.sep.as_bytes(), &bodies[m.body]], mac)
        }
        None => false,
    });
    if let Some(sig) = bare {
        let right_as_is = hit.as_ref().is_some_and(Vec::is_empty);
        found.add(
            M::HeaderBareSignature,
            if right_as_is {
                format!(
                    "The {HEADER} header is only the signature {}, without t= and keyId=; it is the right HMAC of `<t>.<body>` for t={t}, so send it as {}.",
                    q(sig),
                    q(&expected)
                )
            } else {
                format!(
                    "The {HEADER} header is only the signature {}, without t= and keyId=; it must be `t=<Unix ms>;keyId=<key id>;sig=<base64>` with the t= that was signed, e.g. {}.",
                    q(sig),
                    q(&expected)
                )
            },
        );
    }
    match hit {
        Some(variants) => {
            for v in &variants {
                found.add(v.mistake, v.why.clone());
            }
        }
        None if found.is_empty() => return Ok(Report::no_match(expected, header.unwrap_or(""))),
        None => return Ok(found.into_report(expected)),
    }
    if t_value.is_some_and(|t| !is_millis(t)) && !found.has(M::TimestampSeconds) {
        found.add(
            M::TimestampSeconds,
            format!(
                "The t= value {} is Unix seconds; CyberSource sends and signs Unix milliseconds (Date.now(), not Date.now() / 1000).",
                q(&t)
            ),
        );
    }
    Ok(found.into_report(expected))
}
