//! CyberSource HTTP Signature: key handling × each line of the signing string
//! (label, method, target, digest, host, date, separators, end) × the headers
//! sent (`headers=` list, `keyid=`, Digest, Date, Host).

use std::fmt;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use sha2::{Digest as _, Sha256};

use super::json::reserialised;
use super::{catalogue, find_header as find, q, search, shown, Axis, Findings, Report, Variant};
use crate::cybersource::{self as scheme, SigningInput};
use crate::error::{Error, Result};
use crate::request::Method;
use crate::secret::HmacKey;
use crate::time::{imf_fixdate, parse_imf_fixdate};
use crate::validate::header_value;

catalogue! {
    /// The CyberSource HTTP Signature mistakes, most likely first.
    pub enum CyberSourceMistake, CYBERSOURCE {
        SecretNotBase64Decoded => "secret_not_base64_decoded", "shared secret used as text instead of base64-decoded",
        RequestTargetParentheses => "request_target_parentheses", "(request-target) with parentheses instead of request-target",
        MethodNotLowercased => "method_not_lowercased", "method not lowercased in the request-target line",
        QueryMissingFromTarget => "query_missing_from_target", "query string left out of the request target",
        DigestOfDifferentBody => "digest_of_different_body", "Digest of a body other than the one sent",
        DigestHex => "digest_hex", "Digest in hex instead of base64",
        HostWithSchemeOrPort => "host_with_scheme_or_port", "host with a scheme or a port",
        DateNotGmt => "date_not_gmt", "Date in local time instead of GMT",
        DateNotImfFixdate => "date_not_imf_fixdate", "Date not in the IMF-fixdate format",
        MissingSpaceAfterColon => "missing_space_after_colon", "no space after the colons of the signing string",
        TrailingNewline => "trailing_newline", "newline appended to the signing string",
        DateLineMissing => "date_line_missing", "date line left out of the signing string",
        HeadersListMismatch => "headers_list_mismatch", "headers= list not the one the method requires",
        KeyIdMismatch => "keyid_mismatch", "keyid= names another key than the one of this shared secret",
        SignatureHeaderMalformed => "signature_header_malformed", "Signature header not written as keyid=\"…\", algorithm=\"…\", headers=\"…\", signature=\"…\"",
    }
}

use CyberSourceMistake as M;

/// What [`diagnose`] needs: the credentials, the request and the headers received.
#[derive(Clone)]
pub struct CyberSourceRequest<'a> {
    /// The merchant id (`v-c-merchant-id`).
    pub merchant_id: &'a str,
    /// The key id of the shared secret, when known: `keyid=` is compared with it.
    pub key_id: Option<&'a str>,
    /// The shared secret, base64 text.
    pub shared_secret: &'a str,
    /// The method sent.
    pub method: &'a str,
    /// The URL as sent.
    pub url: &'a str,
    /// The exact body bytes sent.
    pub body: &'a [u8],
    /// The headers received (names in any case).
    pub headers: &'a [(&'a str, &'a str)],
    /// Unix seconds of the request, when known: used when there is no readable
    /// `Date` header, and to detect a local time labelled GMT.
    pub time: Option<i64>,
}

impl fmt::Debug for CyberSourceRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CyberSourceRequest")
            .field("merchant_id", &self.merchant_id)
            .field("key_id", &self.key_id)
            .field("shared_secret", &"<redacted>")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("body_len", &self.body.len())
            .field("headers", &self.headers)
            .field("time", &self.time)
            .finish()
    }
}

/// The most a local clock is off GMT: 14 h, in quarter hours.
const MAX_OFFSET_QUARTERS: i64 = 56;

/// Diagnoses a CyberSource `Signature`: valid, the mistakes
/// ([`CyberSourceMistake`]) that reproduce it, or the expected `signature=`
/// beside the received one.
pub fn diagnose(req: &CyberSourceRequest<'_>) -> Result<Report> {
    header_value("merchant_id", req.merchant_id)?;
    let method = Method::parse("method", req.method)?;
    let secret = scheme::decode_secret("shared_secret", req.shared_secret)?;
    let keys = [
        HmacKey::new("shared_secret", secret.expose())?,
        HmacKey::new("shared_secret", req.shared_secret.as_bytes())?,
    ];
    let prepared = scheme::prepare_url(req.url)?;
    let body = req.body;
    let mut found = Findings::new();

    let date_header = find(req.headers, scheme::HEADER_DATE);
    let parsed_date = date_header.and_then(lenient_date);
    let instant = parsed_date.map(|(t, _)| t).or(req.time);
    let date_is_imf = date_header.is_some_and(|d| parse_imf_fixdate("date", d).is_ok());
    let correct_date = match (date_header, instant) {
        (Some(d), _) if date_is_imf => d.to_owned(),
        (_, Some(t)) => imf_fixdate(t)?,
        (Some(d), None) => {
            found.add(
                M::DateNotImfFixdate,
                format!(
                    "The Date header {} is not a date paysign can read; send an IMF-fixdate in GMT such as `Thu, 18 Jul 2019 00:18:03 GMT` (give the request time to check the signature too).",
                    q(d)
                ),
            );
            return Ok(Report {
                valid: false,
                mistakes: vec![M::DateNotImfFixdate.id()],
                message: found.into_report(String::new()).message,
                expected: None,
            });
        }
        (None, None) => {
            return Err(Error::invalid(
                "date",
                "no Date header was received and no time given",
            ))
        }
    };
    let correct_digest = method.has_digest().then(|| scheme::digest(body));
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
    let correct = Lines {
        key: 0,
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
    debug_assert_eq!(signing_string, correct.render());
    let expected = BASE64.encode(keys[0].sign_parts(&[signing_string.as_bytes()]));

    // The Signature header, read strictly, else leniently.
    let Some(sig_header) = find(req.headers, scheme::HEADER_SIGNATURE) else {
        found.add(
            M::SignatureHeaderMalformed,
            format!("No Signature header was received; send `Signature: keyid=\"<key id>\", algorithm=\"HmacSHA256\", headers=\"{}\", signature=\"<base64>\"`.", scheme::headers_list(method)),
        );
        return Ok(found.into_report(expected));
    };
    let (received_sig, received_list, received_key_id) = match scheme::parse_signature_header(
        sig_header,
    ) {
        Ok(p) => (Some(p.signature), Some(p.headers), Some(p.key_id)),
        Err(why) => {
            let sig = sig_param(sig_header, "signature");
            found.add(
                    M::SignatureHeaderMalformed,
                    format!(
                        "The Signature header is not written as documented ({why}); send `keyid=\"…\", algorithm=\"HmacSHA256\", headers=\"…\", signature=\"…\"`, each value in double quotes, separated by `, `."
                    ),
                );
            (
                sig,
                sig_param(sig_header, "headers"),
                sig_param(sig_header, "keyid"),
            )
        }
    };
    if let (Some(mine), Some(theirs)) = (req.key_id, received_key_id) {
        if mine != theirs {
            found.add(
                M::KeyIdMismatch,
                format!(
                    "The keyid= is {} but this shared secret's key id is {}; send the key id that belongs to the secret used (keys are created in pairs in the Business Center).",
                    q(theirs),
                    q(mine)
                ),
            );
        }
    }
    let mac = received_sig
        .and_then(|s| BASE64.decode(s).ok())
        .filter(|m| m.len() == 32);
    let Some(mac) = mac else {
        if found.is_empty() {
            found.add(
                M::SignatureHeaderMalformed,
                format!(
                    "The signature= value {} is not the base64 of a 32-byte HMAC-SHA256; send base64 (not hex) of the HMAC bytes.",
                    q(received_sig.unwrap_or(""))
                ),
            );
        }
        return Ok(found.into_report(expected));
    };

    let axes = axes(
        req,
        method,
        &prepared,
        &correct_date,
        date_header,
        date_is_imf,
        parsed_date,
        instant,
        &correct_digest,
    );
    let hit = search(&correct, &axes, |l| {
        keys[l.key].verify_parts(&[l.render().as_bytes()], &mac)
    });
    let Some(variants) = hit else {
        if found.is_empty() {
            return Ok(Report::no_match(expected, received_sig.unwrap_or("")));
        }
        return Ok(found.into_report(expected));
    };
    for v in &variants {
        found.add(v.mistake, v.why.clone());
    }

    // The headers sent beside a signature that is otherwise right.
    let expected_list = scheme::headers_list(method);
    if let Some(list) = received_list.filter(|l| *l != expected_list) {
        if list.contains("(request-target)") {
            found.add(
                M::RequestTargetParentheses,
                format!(
                    "The headers= list names {}; since 2024 CyberSource only accepts `request-target` without parentheses: send headers=\"{expected_list}\".",
                    q("(request-target)")
                ),
            );
        } else {
            found.add(
                M::HeadersListMismatch,
                format!(
                    "The headers= list is {} but a {method} request needs headers=\"{expected_list}\", in that order.",
                    q(list)
                ),
            );
        }
    }
    if method.has_digest() {
        if let Some(d) = find(req.headers, scheme::HEADER_DIGEST) {
            if Some(d) != correct_digest.as_deref() {
                let (id, why) = classify_digest(d, body);
                found.add(id, why);
            }
        }
    }
    if let (Some(d), false) = (date_header, date_is_imf) {
        let id = match parsed_date {
            Some((_, false)) => M::DateNotGmt,
            _ => M::DateNotImfFixdate,
        };
        found.add(
            id,
            format!(
                "The Date header {} is not an IMF-fixdate in GMT; send the date that was signed, {}.",
                q(d),
                q(&correct_date)
            ),
        );
    }
    if let Some(h) = find(req.headers, scheme::HEADER_HOST) {
        if h != prepared.host {
            found.add(
                M::HostWithSchemeOrPort,
                format!(
                    "The Host header is {}; send the bare host of the URL, {}, with no scheme and no default port.",
                    q(h),
                    q(&prepared.host)
                ),
            );
        }
    }
    if let (Some(now), Some((t, true)), true) = (req.time, parsed_date, variants.is_empty()) {
        let window = scheme::DEFAULT_MAX_SKEW as i64;
        let skew = t - now;
        let quarters = (skew as f64 / 900.0).round() as i64;
        if skew.abs() > window
            && quarters != 0
            && quarters.abs() <= MAX_OFFSET_QUARTERS
            && (skew - quarters * 900).abs() <= window
        {
            found.add(
                M::DateNotGmt,
                format!(
                    "The Date {} is {:+.2} h from the request time: it is local time labelled GMT; format the time in UTC, e.g. {}.",
                    q(&correct_date),
                    quarters as f64 / 4.0,
                    q(&imf_fixdate(now)?)
                ),
            );
        }
    }
    Ok(found.into_report(expected))
}

/// Every wrong way of each part of the signing string, one axis per part.
#[allow(clippy::too_many_arguments)]
fn axes<'a>(
    req: &CyberSourceRequest<'_>,
    method: Method,
    prepared: &scheme::PreparedUrl,
    correct_date: &str,
    date_header: Option<&str>,
    date_is_imf: bool,
    parsed_date: Option<(i64, bool)>,
    instant: Option<i64>,
    correct_digest: &Option<String>,
) -> Vec<Axis<'a, Lines, M>> {
    let body = req.body;
    let key_axis = vec![Variant::new(
        M::SecretNotBase64Decoded,
        "The HMAC key is the shared secret's base64 text; base64-decode the secret and key the HMAC with the decoded bytes.",
        |l: &mut Lines| l.key = 1,
    )];
    let label_axis = vec![Variant::new(
        M::RequestTargetParentheses,
        "The signing string uses `(request-target)`; CyberSource has only accepted `request-target` without parentheses since 2024, in the line and in headers=.",
        |l: &mut Lines| l.label = "(request-target)",
    )];
    let mut method_axis = Vec::new();
    let mut methods = vec![method.as_upper().to_owned()];
    if req.method != method.as_upper() && req.method != method.as_lower() {
        methods.push(req.method.to_owned());
    }
    for mt in methods {
        method_axis.push(Variant::new(
            M::MethodNotLowercased,
            format!(
                "The request-target line has the method as {}; lowercase it: `request-target: {} {}`.",
                q(&mt),
                method.as_lower(),
                shown(&prepared.request_target)
            ),
            move |l: &mut Lines| l.method = mt.clone(),
        ));
    }
    let mut target_axis = Vec::new();
    if let Some((path, _)) = prepared.request_target.split_once('?') {
        let path = path.to_owned();
        target_axis.push(Variant::new(
            M::QueryMissingFromTarget,
            format!(
                "The request target leaves out the query ({}); sign the path and query as sent: {}.",
                q(&path),
                q(&prepared.request_target)
            ),
            move |l: &mut Lines| l.target = path.clone(),
        ));
    }
    let mut digest_axis = Vec::new();
    if method.has_digest() {
        let hex = hex::encode(Sha256::digest(body));
        let mut digests: Vec<String> = vec![
            format!("{}{hex}", scheme::DIGEST_PREFIX),
            hex.clone(),
            format!("{}{}", scheme::DIGEST_PREFIX, hex.to_ascii_uppercase()),
        ];
        if let Some(d) = find(req.headers, scheme::HEADER_DIGEST)
            .filter(|d| Some(*d) != correct_digest.as_deref())
        {
            digests.push(d.to_owned());
        }
        for (_, b) in reserialised(body) {
            digests.push(scheme::digest(&b));
        }
        digests.push(scheme::digest(b""));
        digests.push(scheme::digest(&[body, b"\n"].concat()));
        let mut seen = Vec::new();
        for d in digests {
            if Some(&d) == correct_digest.as_ref() || seen.contains(&d) {
                continue;
            }
            seen.push(d.clone());
            let (id, why) = classify_digest(&d, body);
            digest_axis.push(Variant::new(id, why, move |l: &mut Lines| {
                l.digest = Some(d.clone())
            }));
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
    if let Some(recv) = find(req.headers, scheme::HEADER_HOST).filter(|r| r != h) {
        hosts.push(recv.to_owned());
    }
    let mut host_axis = Vec::new();
    for cand in hosts {
        host_axis.push(Variant::new(
            M::HostWithSchemeOrPort,
            format!(
                "The host line signs {}; sign (and send in Host) the bare host {}, with no scheme, slash or default port.",
                q(&cand),
                q(h)
            ),
            move |l: &mut Lines| l.host = cand.clone(),
        ));
    }
    let mut dates: Vec<(M, String)> = Vec::new();
    if let (Some(d), false) = (date_header, date_is_imf) {
        let id = match parsed_date {
            Some((_, false)) => M::DateNotGmt,
            _ => M::DateNotImfFixdate,
        };
        dates.push((id, d.to_owned()));
    }
    if let Some(t) = instant {
        dates.extend(date_variants(t));
    }
    let mut date_axis = Vec::new();
    for (id, cand) in dates {
        let why = if id == M::DateNotGmt {
            "a local time, not GMT"
        } else {
            "not an IMF-fixdate"
        };
        date_axis.push(Variant::new(
            id,
            format!(
                "The signed date {} is {why}; send and sign the time in GMT as an IMF-fixdate: {}.",
                q(&cand),
                q(correct_date)
            ),
            move |l: &mut Lines| l.date = cand.clone(),
        ));
    }
    let mut sep_axis = Vec::new();
    for (host_sep, sep) in [(":", ":"), (":", ": ")] {
        sep_axis.push(Variant::new(
            M::MissingSpaceAfterColon,
            "The signing string has no space after the colon (`host:…`, as in the vendor page's example); write every line as `name: value` with exactly one space.",
            move |l: &mut Lines| {
                l.host_sep = host_sep;
                l.sep = sep;
            },
        ));
    }
    let mut end_axis = Vec::new();
    for end in ["\n", "\r\n"] {
        end_axis.push(Variant::new(
            M::TrailingNewline,
            format!(
                "The signing string ends with {}; join the lines with `\\n` and add nothing after the last line.",
                q(end)
            ),
            move |l: &mut Lines| l.end = end,
        ));
    }
    let date_line_axis = vec![Variant::new(
        M::DateLineMissing,
        "The signing string leaves out the `date: …` line; sign host, date, request-target, (digest,) v-c-merchant-id in that order.",
        |l: &mut Lines| l.with_date = false,
    )];
    vec![
        key_axis,
        label_axis,
        method_axis,
        target_axis,
        digest_axis,
        host_axis,
        date_axis,
        sep_axis,
        end_axis,
        date_line_axis,
    ]
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
fn date_variants(t: i64) -> Vec<(M, String)> {
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
        out.push((M::DateNotImfFixdate, utc.format(f).to_string()));
    }
    out.push((M::DateNotImfFixdate, t.to_string()));
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
            out.push((M::DateNotGmt, local.format(f).to_string()));
        }
    }
    out
}

#[derive(Clone)]
struct Lines {
    /// Which key signs (not rendered).
    key: usize,
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
fn classify_digest(received: &str, body: &[u8]) -> (M, String) {
    let value = received
        .split_once('=')
        .map_or(received, |(_, v)| v)
        .to_ascii_lowercase();
    let hex = hex_digest(body);
    if value == hex || received.eq_ignore_ascii_case(&hex) {
        (
            M::DigestHex,
            format!(
                "The Digest {} is the SHA-256 in hex; send and sign `SHA-256=` followed by the base64 of the SHA-256 of the body: {}.",
                q(received),
                q(&scheme::digest(body))
            ),
        )
    } else {
        let other = reserialised(body)
            .into_iter()
            .find(|(_, b)| scheme::digest(b) == received)
            .map(|(style, _)| format!(" (it is the digest of the body as {style})"))
            .unwrap_or_default();
        (
            M::DigestOfDifferentBody,
            format!(
                "The Digest {} is not the SHA-256 of the body sent{other}; hash the exact bytes you send: {}.",
                q(received),
                q(&scheme::digest(body))
            ),
        )
    }
}
