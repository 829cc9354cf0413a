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
