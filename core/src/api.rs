//! The flat API every binding exposes, one function per binding function, with
//! the defaults (the current time, the ±300 s window) applied here so that no
//! binding carries a default of its own. Arguments are in the bindings' order.

use crate::error::{Error, Result};
use crate::time::{imf_fixdate, now_unix, paysimple_timestamp_now, DEFAULT_MAX_SKEW};
use crate::{cybersource, paysimple, xpay};

fn max_skew(max_skew: Option<i64>) -> Result<u64> {
    match max_skew {
        None => Ok(DEFAULT_MAX_SKEW),
        Some(s) => u64::try_from(s).map_err(|_| Error::invalid("max_skew", "must not be negative")),
    }
}

/// X-Pay-Token for these exact inputs; `timestamp` (Unix seconds) defaults to now.
///
/// ```
/// let t = paysign::api::x_pay_token(b"s", "helloworld", "apikey=K", b"", Some(0)).unwrap();
/// assert!(t.starts_with("xv2:0:"));
/// ```
pub fn x_pay_token(
    shared_secret: &[u8],
    resource_path: &str,
    query_string: &str,
    body: &[u8],
    timestamp: Option<i64>,
) -> Result<String> {
    xpay::token(
        shared_secret,
        timestamp.unwrap_or_else(now_unix),
        resource_path,
        query_string,
        body,
    )
}

/// The CyberSource headers to send, in order; `date` (IMF-fixdate) defaults to now.
///
/// ```
/// let h = paysign::api::cybersource_signature("k", "c2VjcmV0", "m", "h", "GET", "/", b"", None).unwrap();
/// let names: Vec<_> = h.iter().map(|(n, _)| *n).collect();
/// assert_eq!(names, ["v-c-merchant-id", "Date", "Host", "Signature"]);
/// ```
#[allow(clippy::too_many_arguments)]
pub fn cybersource_signature(
    key_id: &str,
    shared_secret: &str,
    merchant_id: &str,
    host: &str,
    method: &str,
    request_target: &str,
    body: &[u8],
    date: Option<&str>,
) -> Result<Vec<(&'static str, String)>> {
    let now;
    let date = match date {
        Some(d) => d,
        None => {
            now = imf_fixdate(now_unix())?;
            &now
        }
    };
    let signed = cybersource::sign(&cybersource::Request {
        key_id,
        shared_secret,
        merchant_id,
        host,
        method,
        request_target,
        body,
        date,
    })?;
    Ok(signed.into_headers())
}

/// The PSSERVER header value; `timestamp` (ISO-8601 text) defaults to now in UTC.
///
/// ```
/// let h = paysign::api::paysimple_header("u", "k", None).unwrap();
/// assert!(h.starts_with("PSSERVER accessid=u; timestamp="));
/// ```
pub fn paysimple_header(username: &str, api_key: &str, timestamp: Option<&str>) -> Result<String> {
    match timestamp {
        Some(t) => paysimple::header(username, api_key, t),
        None => paysimple::header(username, api_key, &paysimple_timestamp_now()),
    }
}

/// Verifies an X-Pay-Token; `now` defaults to the current time, `max_skew` to 300 s.
///
/// ```
/// let t = paysign::api::x_pay_token(b"s", "hello", "apikey=K", b"", None).unwrap();
/// paysign::api::verify_x_pay_token(b"s", &t, "hello", "apikey=K", b"", None, None).unwrap();
/// ```
pub fn verify_x_pay_token(
    shared_secret: &[u8],
    token: &str,
    resource_path: &str,
    query_string: &str,
    body: &[u8],
    now: Option<i64>,
    max_skew_seconds: Option<i64>,
) -> Result<()> {
    let skew = max_skew(max_skew_seconds)?;
    xpay::verify(
        shared_secret,
        token,
        resource_path,
        query_string,
        body,
        now.unwrap_or_else(now_unix),
        skew,
    )
}

/// Verifies a CyberSource request from its headers (names in any case).
///
/// ```
/// let h = paysign::api::cybersource_signature("k", "c2VjcmV0", "m", "h", "GET", "/", b"", None).unwrap();
/// let pairs: Vec<(&str, &str)> = h.iter().map(|(n, v)| (*n, v.as_str())).collect();
/// paysign::api::verify_cybersource_signature("c2VjcmV0", &pairs, "GET", "/", b"", None, None).unwrap();
/// ```
pub fn verify_cybersource_signature(
    shared_secret: &str,
    headers: &[(&str, &str)],
    method: &str,
    request_target: &str,
    body: &[u8],
    now: Option<i64>,
    max_skew_seconds: Option<i64>,
) -> Result<()> {
    let skew = max_skew(max_skew_seconds)?;
    cybersource::verify(
        shared_secret,
        headers,
        method,
        request_target,
        body,
        now.unwrap_or_else(now_unix),
        skew,
    )
}

/// Verifies a PSSERVER header.
///
/// ```
/// let h = paysign::api::paysimple_header("u", "k", None).unwrap();
/// paysign::api::verify_paysimple_header(&h, "k", None, None).unwrap();
/// ```
pub fn verify_paysimple_header(
    header: &str,
    api_key: &str,
    now: Option<i64>,
    max_skew_seconds: Option<i64>,
) -> Result<()> {
    let skew = max_skew(max_skew_seconds)?;
    paysimple::verify(header, api_key, now.unwrap_or_else(now_unix), skew)
}

// ---- Round 2: explain, diagnose, webhooks — the same operations in every binding.

use crate::diagnose::Report;
use crate::explain::Explanation;
use crate::scheme::{Scheme, SignableRequest};
use crate::secret::HmacKey;
use crate::time::Time;
use crate::verifier::Received;

/// What X-Pay signs for this request; with the secret, the token too.
///
/// ```
/// use paysign::time::Time;
/// let e = paysign::api::explain_x_pay_token("K", None, "GET", "https://sandbox.api.visa.com/vdp/helloworld", b"", false, &Time::unix(1)).unwrap();
/// assert_eq!(e.signed, b"1helloworldapikey=K");
/// ```
#[allow(clippy::too_many_arguments)]
pub fn explain_x_pay_token(
    api_key: &str,
    shared_secret: Option<&[u8]>,
    method: &str,
    url: &str,
    body: &[u8],
    full_path: bool,
    time: &Time,
) -> Result<Explanation> {
    let key = shared_secret
        .map(|s| HmacKey::new("shared_secret", s))
        .transpose()?;
    crate::explain::xpay(
        api_key,
        key.as_ref(),
        xpay::PathRule::from_full_path(full_path),
        method,
        url,
        body,
        time,
    )
}

/// What CyberSource signs for this request; with the secret, the headers too.
#[allow(clippy::too_many_arguments)]
pub fn explain_cybersource_signature(
    merchant_id: &str,
    key_id: &str,
    shared_secret: Option<&str>,
    method: &str,
    url: &str,
    body: &[u8],
    time: &Time,
) -> Result<Explanation> {
    match shared_secret {
        Some(secret) => crate::CyberSourceSigner::new(merchant_id, key_id, secret)?
            .explain(&SignableRequest { method, url, body }, time),
        None => {
            crate::validate::header_value("merchant_id", merchant_id)?;
            crate::validate::header_value("key_id", key_id)?;
            crate::explain::cybersource(merchant_id, key_id, None, method, url, body, time)
        }
    }
}

/// What PaySimple signs; with the API key, the header too.
pub fn explain_paysimple_header(
    username: &str,
    api_key: Option<&str>,
    time: &Time,
) -> Result<Explanation> {
    match api_key {
        Some(k) => crate::PaySimpleSigner::new(username, k)?.explain(
            &SignableRequest {
                method: "GET",
                url: "https://localhost/",
                body: b"",
            },
            time,
        ),
        None => crate::explain::paysimple(username, None, time),
    }
}

/// Which known mistakes produced `token` for this request.
#[allow(clippy::too_many_arguments)]
pub fn diagnose_x_pay_token(
    token: &str,
    api_key: &str,
    shared_secret: &[u8],
    method: &str,
    url: &str,
    body: &[u8],
    full_path: bool,
    time: &Time,
) -> Result<Report> {
    let signer = crate::XPaySigner::new(api_key, shared_secret)?
        .with_path_rule(xpay::PathRule::from_full_path(full_path));
    let headers = [(xpay::HEADER, token)];
    signer.diagnose(
        &Received {
            method,
            url,
            headers: &headers,
            body,
        },
        time,
    )
}

/// Which known mistakes produced the CyberSource headers received.
#[allow(clippy::too_many_arguments)]
pub fn diagnose_cybersource_signature(
    headers: &[(&str, &str)],
    merchant_id: &str,
    key_id: &str,
    shared_secret: &str,
    method: &str,
    url: &str,
    body: &[u8],
    time: &Time,
) -> Result<Report> {
    let signer = crate::CyberSourceSigner::new(merchant_id, key_id, shared_secret)?;
    signer.diagnose(
        &Received {
            method,
            url,
            headers,
            body,
        },
        time,
    )
}

/// Which known mistakes produced the PSSERVER `authorization` received;
/// `signed_timestamp` is the text the sender signed, when known.
pub fn diagnose_paysimple_header(
    authorization: &str,
    username: &str,
    api_key: &str,
    signed_timestamp: Option<&str>,
) -> Result<Report> {
    let signer = crate::PaySimpleSigner::new(username, api_key)?;
    let headers = [(paysimple::HEADER, authorization)];
    let time = signed_timestamp.map_or(Time::Now, Time::text);
    signer.diagnose(
        &Received {
            method: "GET",
            url: "/",
            headers: &headers,
            body: b"",
        },
        &time,
    )
}

/// The `v-c-signature` value of a webhook notification; `timestamp_ms` (Unix
/// milliseconds) defaults to now.
///
/// ```
/// let v = paysign::api::cybersource_webhook_signature("k", "c2VjcmV0", b"{}", Some(1000)).unwrap();
/// assert!(v.starts_with("t=1000;keyId=k;sig="));
/// ```
pub fn cybersource_webhook_signature(
    key_id: &str,
    key: &str,
    body: &[u8],
    timestamp_ms: Option<i64>,
) -> Result<String> {
    let t = match timestamp_ms {
        Some(ms) => ms,
        None => Time::Now.unix_millis("timestamp")?,
    };
    crate::webhook::signature(key_id, key, body, t)
}
