//! What a scheme signs, as data: the exact bytes, and each part with its value
//! and where it came from. The `paysign … explain` command and every binding's
//! `explain_*` print or return this.

use std::fmt::Write as _;

use crate::error::Result;
use crate::request::Method;
use crate::secret::HmacKey;
use crate::time::Time;
use crate::{cybersource, paysimple, xpay};

/// One part of a signed message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// `"timestamp"`, `"resource path"`, `"query string"`, `"body"`, `"host"`, ….
    pub name: &'static str,
    /// Its value, as signed (a body is described, not copied: see [`Explanation::signed`]).
    pub value: String,
    /// Where it came from: `"context path /vdp/ removed from the URL path \"/vdp/helloworld\""`, ….
    pub why: String,
}

/// The exact bytes a scheme signs for a request, and how they were made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// `"xpay"`, `"cybersource"`, `"paysimple"` or `"cybersource-webhook"`.
    pub scheme: &'static str,
    /// How the message is assembled, in one line.
    pub layout: &'static str,
    /// The exact bytes the HMAC covers.
    pub signed: Vec<u8>,
    /// Its parts, in order.
    pub parts: Vec<Part>,
    /// The method and URL to send, when the scheme derives them.
    pub request_line: Option<String>,
    /// The headers to send, when the secret was given (else empty).
    pub headers: Vec<(String, String)>,
    /// What to do to see the headers, when no secret was given.
    pub missing_secret: Option<&'static str>,
}

/// `"text"` with control characters escaped, as a value is shown.
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", text.escape_debug())
}

/// The signed bytes shown line by line, invisible characters made visible.
fn framed(signed: &[u8]) -> String {
    let text = String::from_utf8_lossy(signed);
    let mut out = format!("signed ({} bytes):\n", signed.len());
    for line in text.split('\n') {
        let _ = writeln!(out, "  | {}", line.escape_debug());
    }
    out
}

impl Explanation {
    /// The explanation as the `paysign` command prints it.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}\n", self.layout);
        let width = self.parts.iter().map(|p| p.name.len()).max().unwrap_or(0);
        for part in &self.parts {
            let _ = writeln!(out, "  {:width$}  {} — {}", part.name, part.value, part.why);
        }
        out.push('\n');
        out.push_str(&framed(&self.signed));
        if let Some(line) = &self.request_line {
            let _ = writeln!(out, "\n{line}");
        } else if !self.headers.is_empty() {
            out.push('\n');
        }
        for (name, value) in &self.headers {
            let _ = writeln!(out, "{name}: {value}");
        }
        if let Some(hint) = self.missing_secret {
            let _ = writeln!(out, "({hint})");
        }
        out
    }
}

fn time_why(time: &Time, unit: &str) -> String {
    match time {
        Time::Now => format!("{unit}, the current time"),
        Time::Unix { .. } => format!("{unit}, from the time given"),
        Time::Text(_) => format!("{unit}, the text given, signed as is"),
    }
}

/// Explains an X-Pay-Token request; with `key`, the token too.
pub fn xpay(
    api_key: &str,
    key: Option<&HmacKey>,
    rule: xpay::PathRule,
    method: &str,
    url: &str,
    body: &[u8],
    time: &Time,
) -> Result<Explanation> {
    let method = Method::parse("method", method)?;
    let prepared = xpay::prepare(url, api_key, rule)?;
    let ts = time.unix_seconds("time")?;
    let signed = xpay::message(ts, &prepared.resource_path, &prepared.query_string, body)?;

    let given_query = url
        .split_once('?')
        .map(|(_, q)| q.split('#').next().unwrap_or(q))
        .unwrap_or("");
    let mut query_notes = vec!["as sent in the URL, without `?`".to_owned()];
    let has_key = given_query
        .split('&')
        .any(|p| p.split('=').next() == Some(xpay::API_KEY_PARAM));
    if !has_key {
        query_notes.push("`apikey=` added".into());
    }
    let given_pieces: Vec<&str> = given_query.split('&').filter(|p| !p.is_empty()).collect();
    let in_sent_order: Vec<&str> = prepared
        .query_string
        .split('&')
        .filter(|p| given_pieces.contains(p))
        .collect();
    if in_sent_order != given_pieces {
        query_notes.push("parameters sorted by name".into());
    }
    let rp_why = match &prepared.removed_context {
        Some(c) => format!(
            "`/{c}/` context path removed from the URL path {}",
            quoted(&prepared.path)
        ),
        None => format!(
            "{}: the URL path {} without its leading slash",
            prepared.resource_path_reason,
            quoted(&prepared.path)
        ),
    };
    let (body_value, body_why) = if body.is_empty() {
        (
            "(empty)".to_owned(),
            "nothing is signed for it, never `null`".to_owned(),
        )
    } else {
        (
            format!("{} bytes", body.len()),
            "exactly as sent".to_owned(),
        )
    };
    let headers = match key {
        Some(k) => vec![(
            xpay::HEADER.to_owned(),
            xpay::token_with_key(k, ts, &prepared.resource_path, &prepared.query_string, body)?,
        )],
        None => vec![],
    };
    Ok(Explanation {
        scheme: "xpay",
        layout: "X-Pay-Token message = timestamp ‖ resource path ‖ query string ‖ body",
        signed,
        parts: vec![
            Part {
                name: "timestamp",
                value: quoted(&ts.to_string()),
                why: time_why(time, "Unix seconds (not milliseconds)"),
            },
            Part {
                name: "resource path",
                value: quoted(&prepared.resource_path),
                why: rp_why,
            },
            Part {
                name: "query string",
                value: quoted(&prepared.query_string),
                why: query_notes.join(", "),
            },
            Part {
                name: "body",
                value: body_value,
                why: body_why,
            },
        ],
        request_line: Some(format!("{} {}", method.as_upper(), prepared.url)),
        missing_secret: key
            .is_none()
            .then_some("no shared secret given: give it to see the token"),
        headers,
    })
}

/// Explains a CyberSource request; with `key`, the headers too.
pub fn cybersource(
    merchant_id: &str,
    key_id: &str,
    key: Option<&HmacKey>,
    method: &str,
    url: &str,
    body: &[u8],
    time: &Time,
) -> Result<Explanation> {
    let m = Method::parse("method", method)?;
    let prepared = cybersource::prepare_url(url)?;
    let date = time.imf_fixdate("time")?;
    let digest = m.has_digest().then(|| cybersource::digest(body));
    let input = cybersource::SigningInput {
        host: &prepared.host,
        date: &date,
        method: m,
        request_target: &prepared.request_target,
        digest: digest.as_deref(),
        merchant_id,
    };
    let signing_string = input.signing_string();
    let mut parts = vec![
        Part {
            name: "host",
            value: quoted(&prepared.host),
            why: "the URL's host (and port when not the default), no scheme".into(),
        },
        Part {
            name: "date",
            value: quoted(&date),
            why: time_why(time, "IMF-fixdate in GMT"),
        },
        Part {
            name: "request-target",
            value: quoted(&format!("{} {}", m.as_lower(), prepared.request_target)),
            why: "lowercase method, then the path and query as sent; no parentheses".into(),
        },
    ];
    if let Some(d) = &digest {
        parts.push(Part {
            name: "digest",
            value: quoted(d),
            why: format!("SHA-256 of the {} body bytes, base64", body.len()),
        });
    }
    parts.push(Part {
        name: "v-c-merchant-id",
        value: quoted(merchant_id),
        why: "the merchant id".into(),
    });
    let headers = match key {
        Some(k) => cybersource::sign_with_key(
            k,
            key_id,
            merchant_id,
            &prepared.host,
            method,
            &prepared.request_target,
            body,
            &date,
        )?
        .into_headers()
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v))
        .collect(),
        None => vec![],
    };
    Ok(Explanation {
        scheme: "cybersource",
        layout: "CyberSource signing string = host, date, request-target, [digest,] v-c-merchant-id lines joined by \\n",
        signed: signing_string.into_bytes(),
        parts,
        request_line: Some(format!("{} {}", m.as_upper(), prepared.url)),
        missing_secret: key.is_none().then_some("no shared secret given: give it to see the Signature header"),
        headers,
    })
}

/// Explains a PaySimple header; with `key`, the header too.
pub fn paysimple(username: &str, key: Option<&HmacKey>, time: &Time) -> Result<Explanation> {
    let ts = time.paysimple_timestamp("time")?;
    let headers = match key {
        Some(k) => vec![(
            paysimple::HEADER.to_owned(),
            paysimple::header_with_key(k, username, &ts)?,
        )],
        None => {
            paysimple::header_with_key(&HmacKey::new("api_key", b"-")?, username, &ts)?;
            vec![]
        }
    };
    Ok(Explanation {
        scheme: "paysimple",
        layout: "PaySimple message = the timestamp text, exactly as sent in timestamp=",
        signed: ts.clone().into_bytes(),
        parts: vec![Part {
            name: "timestamp",
            value: quoted(&ts),
            why: time_why(time, "ISO-8601 in UTC"),
        }],
        request_line: None,
        missing_secret: key
            .is_none()
            .then_some("no API key given: give it to see the Authorization header"),
        headers,
    })
}
