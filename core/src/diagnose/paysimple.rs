//! PaySimple PSSERVER: how the signature is encoded × what was signed with
//! which key × how the header is laid out.

use std::fmt;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use chrono::{DateTime, FixedOffset, NaiveDateTime, Timelike};

use super::{catalogue, q, search, Axis, Findings, Report, Variant, SECRET_LINE_ENDS};
use crate::error::Result;
use crate::paysimple::{self as scheme, SCHEME};
use crate::secret::HmacKey;
use crate::time::parse_rfc3339;

catalogue! {
    /// The PaySimple PSSERVER mistakes, most likely first.
    pub enum PaySimpleMistake, PAYSIMPLE {
        TrailingNewlineInBase64 => "trailing_newline_in_base64", "newline after the base64 signature (Ruby Base64.encode64)",
        HexInsteadOfBase64 => "hex_instead_of_base64", "signature in hex instead of base64",
        TimestampDiffersFromSigned => "timestamp_differs_from_signed", "timestamp sent differs from the one signed",
        KeyAndMessageSwapped => "key_and_message_swapped", "HMAC keyed with the timestamp over the API key",
        ApiKeyTrailingNewline => "api_key_trailing_newline", "API key read with its trailing newline (from a file or .env)",
        HeaderSyntax => "header_syntax", "header not written as PSSERVER accessid=…; timestamp=…; signature=…",
        PsserverPrefixMissing => "psserver_prefix_missing", "header sent without its PSSERVER scheme prefix",
        TimestampNotIso8601 => "timestamp_not_iso8601", "timestamp without an offset or not ISO-8601",
        HeaderMalformed => "header_malformed", "header lacks the timestamp= or signature= field",
    }
}

use PaySimpleMistake as M;

/// What [`diagnose`] needs besides the received header.
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

/// How a header was laid out, read leniently.
enum Layout<'h> {
    /// `timestamp` and `signature`, with what is off about the layout.
    Read {
        ts: &'h str,
        sig: &'h str,
        flaws: Vec<(M, String)>,
    },
    /// Too broken to read: why.
    Broken(String),
}

/// `PSSERVER accessid = …; Timestamp=…; signature = …` in any case and
/// spacing, with or without the `PSSERVER` prefix. Values keep trailing
/// newlines (only spaces are trimmed).
fn read_header(value: &str) -> Layout<'_> {
    if let Ok(p) = scheme::parse_layout(value) {
        return Layout::Read {
            ts: p.timestamp,
            sig: p.signature,
            flaws: vec![],
        };
    }
    let mut flaws = Vec::new();
    let rest = value.trim_start_matches(' ');
    let rest = match rest.split_at_checked(SCHEME.len()) {
        Some((prefix, rest)) if prefix.eq_ignore_ascii_case(SCHEME) => rest,
        _ => {
            flaws.push((
                M::PsserverPrefixMissing,
                format!("The header has no `{SCHEME} ` prefix; send `Authorization: {SCHEME} accessid=…; timestamp=…; signature=…`."),
            ));
            rest
        }
    };
    let (mut ts, mut sig, mut access) = (None, None, false);
    for field in rest.split([';', ',']) {
        let Some((name, v)) = field.split_once('=') else {
            continue;
        };
        let v = v.trim_start_matches(' ').trim_end_matches(' ');
        match name.trim().to_ascii_lowercase().as_str() {
            "timestamp" => ts = Some(v),
            "signature" => sig = Some(v),
            "accessid" => access = true,
            _ => {}
        }
    }
    let missing: Vec<&str> = [
        ("accessid=", access),
        ("timestamp=", ts.is_some()),
        ("signature=", sig.is_some()),
    ]
    .iter()
    .filter(|(_, present)| !present)
    .map(|(n, _)| *n)
    .collect();
    match (ts, sig) {
        (Some(ts), Some(sig)) => {
            let only_prefix = flaws.len() == 1
                && scheme::parse_layout(&format!("{SCHEME} {}", rest.trim_start())).is_ok();
            if !only_prefix {
                let why = if missing.is_empty() {
                    "The header is not written as documented; send exactly `PSSERVER accessid=<user>; timestamp=<timestamp>; signature=<signature>` (lowercase names, no spaces around `=`, `; ` between fields).".to_owned()
                } else {
                    format!("The header has no {}; send exactly `PSSERVER accessid=<user>; timestamp=<timestamp>; signature=<signature>`.", missing.join(" and no "))
                };
                flaws.push((M::HeaderSyntax, why));
            }
            Layout::Read { ts, sig, flaws }
        }
        _ => Layout::Broken(format!(
            "The header has no {}: it cannot be checked; send `PSSERVER accessid=<user>; timestamp=<ISO-8601>; signature=<base64 HMAC>`.",
            missing.join(" and no ")
        )),
    }
}

/// One candidate: which key, which message, swapped or not.
#[derive(Clone)]
struct Signed {
    key: usize,
    message: String,
    swapped: bool,
}

/// A way of writing the HMAC (with the mistake it is, if any) and the bytes
/// `signature=` holds when read that way.
type Written = (Option<(M, String)>, Vec<u8>);

/// The HMAC bytes `signature=` holds under each way of writing them: the
/// right one (no mistake), or with the mistake that writing is. Decoding once
/// here, rather than trying each encoding as an axis, keeps the search small.
fn received_macs(sig: &str) -> Vec<Written> {
    let strict = |text: &str| BASE64.decode(text).ok().filter(|m| m.len() == 32);
    let mut out = Vec::new();
    if let Some(m) = strict(sig) {
        out.push((None, m));
    }
    for end in ["\n", "\r\n", "\\n"] {
        if let Some(m) = sig.strip_suffix(end).and_then(strict) {
            let why = format!(
                "The signature ends with {} (Ruby's Base64.encode64 adds one); use Base64.strict_encode64 or strip the newline.",
                q(end)
            );
            out.push((Some((M::TrailingNewlineInBase64, why)), m));
        }
    }
    if let Some(m) = hex::decode(sig).ok().filter(|m| m.len() == 32) {
        out.push((
            Some((
                M::HexInsteadOfBase64,
                "The signature is the HMAC in hex; PaySimple expects the base64 of the 32 HMAC bytes (e.g. Convert.ToBase64String, not ToString(\"x2\")).".to_owned(),
            )),
            m,
        ));
    }
    out
}

/// The HMAC a candidate computes.
fn candidate_mac(s: &Signed, keys: &[HmacKey], api_key: &str) -> Option<[u8; 32]> {
    if s.swapped {
        let k = HmacKey::new("timestamp", s.message.as_bytes()).ok()?;
        let key_text = format!("{api_key}{}", ["", "\n", "\r\n"][s.key]);
        Some(k.sign_parts(&[key_text.as_bytes()]))
    } else {
        Some(keys[s.key].sign_parts(&[s.message.as_bytes()]))
    }
}

/// Diagnoses a PaySimple `Authorization: PSSERVER …` value: valid, the
/// mistakes ([`PaySimpleMistake`]) that reproduce it, or the expected
/// signature beside the received one.
pub fn diagnose(req: &PaySimpleRequest<'_>, header: &str) -> Result<Report> {
    let key = HmacKey::new("api_key", req.api_key.as_bytes())?;
    let mut found = Findings::new();
    let (ts, sig, flaws) = match read_header(header) {
        Layout::Read { ts, sig, flaws } => (ts, sig, flaws),
        Layout::Broken(why) => {
            found.add(M::HeaderMalformed, why);
            let mut report = found.into_report(String::new());
            report.expected = None;
            return Ok(report);
        }
    };
    let expected = BASE64.encode(key.sign_parts(&[ts.as_bytes()]));
    let mut keys = vec![key];
    for end in SECRET_LINE_ENDS {
        keys.push(HmacKey::new(
            "api_key",
            format!("{}{end}", req.api_key).as_bytes(),
        )?);
    }

    let swap_axis = vec![Variant::new(
        M::KeyAndMessageSwapped,
        "The HMAC is keyed with the timestamp over the API key; key it with the API key and hash the timestamp.",
        |s: &mut Signed| s.swapped = true,
    )];
    let mut key_axis: Axis<Signed, M> = Vec::new();
    for (i, end) in SECRET_LINE_ENDS.iter().enumerate() {
        key_axis.push(Variant::new(
            M::ApiKeyTrailingNewline,
            format!(
                "The HMAC is keyed with the API key followed by {} (read from a file or .env with its line end); strip the line end before using the key.",
                q(end)
            ),
            move |s: &mut Signed| s.key = i + 1,
        ));
    }
    let mut candidates: Vec<String> = req
        .signed_timestamp
        .filter(|s| *s != ts)
        .map(str::to_owned)
        .into_iter()
        .collect();
    candidates.extend(timestamp_variants(ts));
    let mut message_axis: Axis<Signed, M> = Vec::new();
    for cand in candidates {
        message_axis.push(Variant::new(
            M::TimestampDiffersFromSigned,
            format!(
                "The signature was computed over the timestamp {} but the header sends {}; read the clock once and use the same text in both.",
                q(&cand),
                q(ts)
            ),
            move |s: &mut Signed| s.message = cand.clone(),
        ));
    }
    let correct = Signed {
        key: 0,
        message: ts.to_owned(),
        swapped: false,
    };
    let axes = [swap_axis, key_axis, message_axis];
    let macs = received_macs(sig);
    let hit = search(&correct, &axes, |s| {
        candidate_mac(s, &keys, req.api_key).is_some_and(|mac| macs.iter().any(|(_, m)| *m == mac))
    });
    let Some(variants) = hit else {
        if flaws.is_empty() {
            return Ok(Report::no_match(expected, sig));
        }
        for (m, why) in flaws {
            found.add(m, why);
        }
        return Ok(found.into_report(expected));
    };
    let mut state = correct.clone();
    for v in &variants {
        (v.apply)(&mut state);
        found.add(v.mistake, v.why.clone());
    }
    let mac = candidate_mac(&state, &keys, req.api_key);
    if let Some((Some((m, why)), _)) = macs
        .iter()
        .find(|(_, m)| Some(m.as_slice()) == mac.as_ref().map(|x| x.as_slice()))
    {
        found.add(*m, why.clone());
    }
    for (m, why) in flaws {
        found.add(m, why);
    }
    if parse_rfc3339("timestamp", ts).is_err() {
        found.add(
            M::TimestampNotIso8601,
            format!(
                "The timestamp {} is not ISO-8601 with an offset (e.g. DateTime.Now without one); sign and send UTC like `2018-04-19T16:04:59.9148591Z`.",
                q(ts)
            ),
        );
    }
    Ok(found.into_report(expected))
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
