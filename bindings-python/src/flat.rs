//! The flat functions: round 1's sign/verify, and explain, diagnose and the
//! webhook signature. Each converts its arguments, calls `paysign::api`, and
//! converts the result.

use paysign::api;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple, PyType};

use crate::convert::*;

static EXPLANATION: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static EXPLANATION_PART: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DIAGNOSIS: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A header name as a Python `str`: the names the schemes send are interned
/// once (they are the same on every call).
fn header_name<'py>(py: Python<'py>, name: &str) -> Bound<'py, PyString> {
    let interned = match name {
        "x-pay-token" => intern!(py, "x-pay-token"),
        "Accept" => intern!(py, "Accept"),
        "Content-Type" => intern!(py, "Content-Type"),
        "v-c-merchant-id" => intern!(py, "v-c-merchant-id"),
        "Date" => intern!(py, "Date"),
        "Host" => intern!(py, "Host"),
        "Digest" => intern!(py, "Digest"),
        "Signature" => intern!(py, "Signature"),
        "Authorization" => intern!(py, "Authorization"),
        other => return PyString::new(py, other),
    };
    interned.clone()
}

pub fn headers_dict<'py>(
    py: Python<'py>,
    headers: impl IntoIterator<Item = (impl AsRef<str>, impl AsRef<str>)>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, value) in headers {
        dict.set_item(header_name(py, name.as_ref()), value.as_ref())?;
    }
    Ok(dict)
}

// ---------------------------------------------------------------- round 1

/// The X-Pay-Token for exactly these inputs: ``xv2:<timestamp>:<hex HMAC>``.
///
/// ``resource_path`` and ``query_string`` are signed as given (no leading
/// ``/``, no ``?``, not sorted); ``shared_secret`` is ``str`` (UTF-8) or bytes;
/// ``body`` is ``str`` (UTF-8) or any bytes-like object; ``timestamp`` is Unix
/// seconds, ``None`` for now. Raises ``PaysignError`` on a bad argument.
#[pyfunction]
#[pyo3(
    signature = (shared_secret, resource_path, query_string, body = None, *, timestamp = None),
    text_signature = "(shared_secret, resource_path, query_string, body=b'', *, timestamp=None)"
)]
fn x_pay_token(
    py: Python<'_>,
    shared_secret: &Bound<'_, PyAny>,
    resource_path: &Bound<'_, PyAny>,
    query_string: &Bound<'_, PyAny>,
    body: Option<&Bound<'_, PyAny>>,
    timestamp: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let secret = bytes_like(shared_secret, "shared_secret")?;
    let resource_path = text(resource_path, "resource_path")?;
    let query_string = text(query_string, "query_string")?;
    let body = body_arg(body)?;
    let timestamp = opt_int(timestamp, "timestamp")?;
    let body = body_slice(&body);
    hashing(py, body.len(), || {
        api::x_pay_token(&secret, &resource_path, &query_string, body, timestamp)
    })
    .py(py)
}

/// The CyberSource HTTP Signature headers to send, as a ``dict`` in sending
/// order: ``v-c-merchant-id``, ``Date``, ``Host``, ``Digest`` (POST, PUT and
/// PATCH only) and ``Signature``.
///
/// ``shared_secret`` is the base64 text CyberSource issues; ``method`` is
/// GET/POST/PUT/PATCH/DELETE in any case; ``request_target`` is the path and
/// query (starting with ``/``); ``date`` is an IMF-fixdate
/// (``Thu, 18 Jul 2019 00:18:03 GMT``), ``None`` for now.
#[pyfunction]
#[pyo3(
    signature = (*, key_id, shared_secret, merchant_id, host, method, request_target, body = None, date = None),
    text_signature = "(*, key_id, shared_secret, merchant_id, host, method, request_target, body=b'', date=None)"
)]
#[allow(clippy::too_many_arguments)]
fn cybersource_signature<'py>(
    py: Python<'py>,
    key_id: &Bound<'_, PyAny>,
    shared_secret: &Bound<'_, PyAny>,
    merchant_id: &Bound<'_, PyAny>,
    host: &Bound<'_, PyAny>,
    method: &Bound<'_, PyAny>,
    request_target: &Bound<'_, PyAny>,
    body: Option<&Bound<'_, PyAny>>,
    date: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let key_id = text(key_id, "key_id")?;
    let shared_secret = text(shared_secret, "shared_secret")?;
    let merchant_id = text(merchant_id, "merchant_id")?;
    let host = text(host, "host")?;
    let method = text(method, "method")?;
    let request_target = text(request_target, "request_target")?;
    let body = body_arg(body)?;
    let date = opt_text(date, "date")?;
    let body = body_slice(&body);
    let headers = hashing(py, body.len(), || {
        api::cybersource_signature(
            &key_id,
            &shared_secret,
            &merchant_id,
            &host,
            &method,
            &request_target,
            body,
            date.as_deref(),
        )
    })
    .py(py)?;
    headers_dict(py, headers.iter().map(|(n, v)| (*n, v)))
}

/// The PaySimple ``Authorization`` value:
/// ``PSSERVER accessid=<username>; timestamp=<timestamp>; signature=<base64 HMAC>``.
///
/// ``timestamp`` is ISO-8601 text signed exactly as given
/// (``2017-07-20T20:45:44.0973928Z``); ``None`` for now, in UTC.
#[pyfunction]
#[pyo3(
    signature = (username, api_key, *, timestamp = None),
    text_signature = "(username, api_key, *, timestamp=None)"
)]
fn paysimple_header(
    py: Python<'_>,
    username: &Bound<'_, PyAny>,
    api_key: &Bound<'_, PyAny>,
    timestamp: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let username = text(username, "username")?;
    let api_key = text(api_key, "api_key")?;
    let timestamp = opt_text(timestamp, "timestamp")?;
    api::paysimple_header(&username, &api_key, timestamp.as_deref()).py(py)
}

/// Verifies an X-Pay-Token received with a request; returns ``None`` or raises.
///
/// Raises ``VerificationError`` (``.reason``: ``malformed_header``,
/// ``timestamp_out_of_window``, ``signature_mismatch``) when the token does
/// not verify, ``PaysignError`` on a bad argument. ``now`` is Unix seconds
/// (``None``: the current time); ``max_skew`` is the window in seconds either
/// side of ``now`` (``None``: the default, 300).
#[pyfunction]
#[pyo3(
    signature = (shared_secret, token, resource_path, query_string, body = None, *, now = None, max_skew = None),
    text_signature = "(shared_secret, token, resource_path, query_string, body=b'', *, now=None, max_skew=300)"
)]
#[allow(clippy::too_many_arguments)]
fn verify_x_pay_token(
    py: Python<'_>,
    shared_secret: &Bound<'_, PyAny>,
    token: &Bound<'_, PyAny>,
    resource_path: &Bound<'_, PyAny>,
    query_string: &Bound<'_, PyAny>,
    body: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
    max_skew: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    let secret = bytes_like(shared_secret, "shared_secret")?;
    let token = text(token, "token")?;
    let resource_path = text(resource_path, "resource_path")?;
    let query_string = text(query_string, "query_string")?;
    let body = body_arg(body)?;
    let now = opt_int(now, "now")?;
    let max_skew = opt_int(max_skew, "max_skew")?;
    let body = body_slice(&body);
    hashing(py, body.len(), || {
        api::verify_x_pay_token(
            &secret,
            &token,
            &resource_path,
            &query_string,
            body,
            now,
            max_skew,
        )
    })
    .py(py)
}

/// Verifies a CyberSource request from the headers received; returns ``None``
/// or raises ``VerificationError`` / ``PaysignError``.
///
/// ``headers`` is a mapping (``dict``, ``http.server`` headers,
/// ``requests``/``httpx`` headers: anything with ``.items()``) or an iterable
/// of ``(name, value)`` pairs; names in any case. ``request_target`` is the
/// path and query as received; ``body`` the exact bytes received.
#[pyfunction]
#[pyo3(
    signature = (*, shared_secret, headers, method, request_target, body = None, now = None, max_skew = None),
    text_signature = "(*, shared_secret, headers, method, request_target, body=b'', now=None, max_skew=300)"
)]
#[allow(clippy::too_many_arguments)]
fn verify_cybersource_signature(
    py: Python<'_>,
    shared_secret: &Bound<'_, PyAny>,
    headers: &Bound<'_, PyAny>,
    method: &Bound<'_, PyAny>,
    request_target: &Bound<'_, PyAny>,
    body: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
    max_skew: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    let shared_secret = text(shared_secret, "shared_secret")?;
    let pairs = header_pairs(headers)?;
    let method = text(method, "method")?;
    let request_target = text(request_target, "request_target")?;
    let body = body_arg(body)?;
    let now = opt_int(now, "now")?;
    let max_skew = opt_int(max_skew, "max_skew")?;
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (&**n, &**v)).collect();
    let body = body_slice(&body);
    hashing(py, body.len(), || {
        api::verify_cybersource_signature(
            &shared_secret,
            &pairs,
            &method,
            &request_target,
            body,
            now,
            max_skew,
        )
    })
    .py(py)
}

/// Verifies a PaySimple ``Authorization`` header value; returns ``None`` or
/// raises ``VerificationError`` / ``PaysignError``.
#[pyfunction]
#[pyo3(
    signature = (header, api_key, *, now = None, max_skew = None),
    text_signature = "(header, api_key, *, now=None, max_skew=300)"
)]
fn verify_paysimple_header(
    py: Python<'_>,
    header: &Bound<'_, PyAny>,
    api_key: &Bound<'_, PyAny>,
    now: Option<&Bound<'_, PyAny>>,
    max_skew: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    let header = text(header, "header")?;
    let api_key = text(api_key, "api_key")?;
    let now = opt_int(now, "now")?;
    let max_skew = opt_int(max_skew, "max_skew")?;
    api::verify_paysimple_header(&header, &api_key, now, max_skew).py(py)
}

/// HMAC-SHA256 of ``message`` under ``key`` (RFC 2104), the primitive every
/// scheme uses; both are ``str`` (UTF-8) or bytes-like. Returns 32 bytes.
#[pyfunction]
#[pyo3(signature = (key, message))]
fn hmac_sha256<'py>(
    py: Python<'py>,
    key: &Bound<'_, PyAny>,
    message: &Bound<'_, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    let key = bytes_like(key, "key")?;
    let message = bytes_like(message, "message")?;
    let mac = hashing(py, message.len(), || paysign::hmac_sha256(&key, &message));
    Ok(PyBytes::new(py, &mac))
}

/// Unix seconds as an IMF-fixdate (``Thu, 18 Jul 2019 00:18:03 GMT``), the
/// form of CyberSource's ``Date`` header.
#[pyfunction]
#[pyo3(signature = (unix_time))]
fn imf_fixdate(py: Python<'_>, unix_time: &Bound<'_, PyAny>) -> PyResult<String> {
    let unix_time = int(unix_time, "unix_time")?;
    paysign::time::imf_fixdate(unix_time).py_as(py, "time", "unix_time")
}

/// Unix seconds and nanoseconds as PaySimple's timestamp text
/// (``2017-07-20T20:45:44.0973928Z``: UTC, seven fraction digits).
#[pyfunction]
#[pyo3(
    signature = (unix_time, nanos = None),
    text_signature = "(unix_time, nanos=0)"
)]
fn paysimple_timestamp(
    py: Python<'_>,
    unix_time: &Bound<'_, PyAny>,
    nanos: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let unix_time = int(unix_time, "unix_time")?;
    let nanos = opt_int(nanos, "nanos")?.unwrap_or(0);
    let nanos = u32::try_from(nanos)
        .map_err(|_| conversion_error(py, "nanos", "must be in 0..=999999999"))?;
    paysign::time::paysimple_timestamp(unix_time, nanos).py_as(py, "time", "unix_time")
}

// ---------------------------------------------------------------- explain and diagnose

fn explanation<'py>(
    py: Python<'py>,
    e: paysign::explain::Explanation,
) -> PyResult<Bound<'py, PyAny>> {
    let part_cls = EXPLANATION_PART.import(py, "paysign._types", "ExplanationPart")?;
    let parts = PyList::empty(py);
    for p in &e.parts {
        parts.append(part_cls.call1((p.name, &p.value, &p.why))?)?;
    }
    let text = e.text();
    let headers = headers_dict(py, e.headers.iter().map(|(n, v)| (n, v)))?;
    EXPLANATION
        .import(py, "paysign._types", "Explanation")?
        .call1((
            e.scheme,
            e.layout,
            PyBytes::new(py, &e.signed),
            parts,
            e.request_line,
            headers,
            e.missing_secret,
            text,
        ))
}

fn diagnosis<'py>(py: Python<'py>, r: paysign::diagnose::Report) -> PyResult<Bound<'py, PyAny>> {
    DIAGNOSIS.import(py, "paysign._types", "Diagnosis")?.call1((
        r.valid,
        PyTuple::new(py, r.mistakes)?,
        r.message,
        r.expected,
    ))
}

/// What an X-Pay-Token signs for this request, part by part: a
/// ``paysign.Explanation`` (``.signed`` bytes, ``.parts`` ``(name, value,
/// why)``, ``.text`` as the ``paysign`` command prints it). With
/// ``shared_secret``, ``.headers`` holds the token too. ``time``: ``None``
/// (now), Unix seconds (``int``), decimal text (``str``) or an aware ``datetime``.
#[pyfunction]
#[pyo3(
    signature = (*, api_key, shared_secret = None, method, url, body = None, full_path = false, time = None),
    text_signature = "(*, api_key, shared_secret=None, method, url, body=b'', full_path=False, time=None)"
)]
#[allow(clippy::too_many_arguments)]
fn explain_x_pay_token<'py>(
    py: Python<'py>,
    api_key: &Bound<'_, PyAny>,
    shared_secret: Option<&Bound<'_, PyAny>>,
    method: &Bound<'_, PyAny>,
    url: &Bound<'_, PyAny>,
    body: Option<&Bound<'_, PyAny>>,
    full_path: bool,
    time: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let api_key = text(api_key, "api_key")?;
    let secret = shared_secret
        .filter(|s| !s.is_none())
        .map(|s| bytes_like(s, "shared_secret"))
        .transpose()?;
    let method = text(method, "method")?;
    let url = text(url, "url")?;
    let body = body_arg(body)?;
    let time = time_arg(time, "time")?;
    let e = api::explain_x_pay_token(
        &api_key,
        secret.as_deref(),
        &method,
        &url,
        body_slice(&body),
        full_path,
        &time,
    )
    .py(py)?;
    explanation(py, e)
}

/// What a CyberSource HTTP Signature signs for this request: a
/// ``paysign.Explanation``; with ``shared_secret``, ``.headers`` holds the
/// headers to send. ``time``: ``None``, ``int``, IMF-fixdate text or an aware ``datetime``.
#[pyfunction]
#[pyo3(
    signature = (*, merchant_id, key_id, shared_secret = None, method, url, body = None, time = None),
    text_signature = "(*, merchant_id, key_id, shared_secret=None, method, url, body=b'', time=None)"
)]
#[allow(clippy::too_many_arguments)]
fn explain_cybersource_signature<'py>(
    py: Python<'py>,
    merchant_id: &Bound<'_, PyAny>,
    key_id: &Bound<'_, PyAny>,
    shared_secret: Option<&Bound<'_, PyAny>>,
    method: &Bound<'_, PyAny>,
    url: &Bound<'_, PyAny>,
    body: Option<&Bound<'_, PyAny>>,
    time: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let merchant_id = text(merchant_id, "merchant_id")?;
    let key_id = text(key_id, "key_id")?;
    let secret = opt_text(shared_secret, "shared_secret")?;
    let method = text(method, "method")?;
    let url = text(url, "url")?;
    let body = body_arg(body)?;
    let time = time_arg(time, "time")?;
    let e = api::explain_cybersource_signature(
        &merchant_id,
        &key_id,
        secret.as_deref(),
        &method,
        &url,
        body_slice(&body),
        &time,
    )
    .py(py)?;
    explanation(py, e)
}

/// What a PaySimple PSSERVER header signs (the timestamp text): a
/// ``paysign.Explanation``; with ``api_key``, ``.headers`` holds the header.
/// ``time``: ``None``, ``int``, ISO-8601 text or an aware ``datetime``.
#[pyfunction]
#[pyo3(
    signature = (*, username, api_key = None, time = None),
    text_signature = "(*, username, api_key=None, time=None)"
)]
fn explain_paysimple_header<'py>(
    py: Python<'py>,
    username: &Bound<'_, PyAny>,
    api_key: Option<&Bound<'_, PyAny>>,
    time: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let username = text(username, "username")?;
    let api_key = opt_text(api_key, "api_key")?;
    let time = time_arg(time, "time")?;
    let e = api::explain_paysimple_header(&username, api_key.as_deref(), &time).py(py)?;
    explanation(py, e)
}

/// What a CyberSource webhook notification's ``v-c-signature`` signs
/// (``t.body``): a ``paysign.Explanation``; with ``key``, ``.headers`` holds
/// the header. ``time``: ``None``, ``int`` (Unix seconds) or text (Unix ms).
#[pyfunction]
#[pyo3(
    signature = (*, key_id, key = None, body = None, time = None),
    text_signature = "(*, key_id, key=None, body=b'', time=None)"
)]
fn explain_cybersource_webhook<'py>(
    py: Python<'py>,
    key_id: &Bound<'_, PyAny>,
    key: Option<&Bound<'_, PyAny>>,
    body: Option<&Bound<'_, PyAny>>,
    time: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let key_id = text(key_id, "key_id")?;
    let key = opt_text(key, "key")?;
    let body = body_arg(body)?;
    let time = time_arg(time, "time")?;
    let e = api::explain_cybersource_webhook(&key_id, key.as_deref(), body_slice(&body), &time)
        .py(py)?;
    explanation(py, e)
}

/// Which known mistakes produced the ``v-c-signature`` received with
/// ``body``: a ``paysign.Diagnosis``. ``headers``: a mapping or a list of
/// pairs, as received.
#[pyfunction]
#[pyo3(
    signature = (headers, *, key_id, key, body = None, time = None),
    text_signature = "(headers, *, key_id, key, body=b'', time=None)"
)]
fn diagnose_cybersource_webhook<'py>(
    py: Python<'py>,
    headers: &Bound<'_, PyAny>,
    key_id: &Bound<'_, PyAny>,
    key: &Bound<'_, PyAny>,
    body: Option<&Bound<'_, PyAny>>,
    time: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let pairs = header_pairs(headers)?;
    let key_id = text(key_id, "key_id")?;
    let key = text(key, "key")?;
    let body = body_arg(body)?;
    let time = time_arg(time, "time")?;
    let pairs = header_refs(&pairs);
    let body = body_slice(&body);
    let report = py
        .detach(|| api::diagnose_cybersource_webhook(&pairs, &key_id, &key, body, &time))
        .py(py)?;
    diagnosis(py, report)
}

/// Which known mistakes produced ``token`` for this request: a
/// ``paysign.Diagnosis`` (``.valid``, ``.mistakes`` ids most likely first,
/// ``.message``, ``.expected``). ``time``: when it was signed, if known.
#[pyfunction]
#[pyo3(
    signature = (token, *, api_key, shared_secret, method, url, body = None, full_path = false, time = None),
    text_signature = "(token, *, api_key, shared_secret, method, url, body=b'', full_path=False, time=None)"
)]
#[allow(clippy::too_many_arguments)]
fn diagnose_x_pay_token<'py>(
    py: Python<'py>,
    token: &Bound<'_, PyAny>,
    api_key: &Bound<'_, PyAny>,
    shared_secret: &Bound<'_, PyAny>,
    method: &Bound<'_, PyAny>,
    url: &Bound<'_, PyAny>,
    body: Option<&Bound<'_, PyAny>>,
    full_path: bool,
    time: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let token = text(token, "token")?;
    let api_key = text(api_key, "api_key")?;
    let secret = bytes_like(shared_secret, "shared_secret")?;
    let method = text(method, "method")?;
    let url = text(url, "url")?;
    let body = body_arg(body)?;
    let time = time_arg(time, "time")?;
    let body = body_slice(&body);
    let report = py
        .detach(|| {
            api::diagnose_x_pay_token(
                &token, &api_key, &secret, &method, &url, body, full_path, &time,
            )
        })
        .py(py)?;
    diagnosis(py, report)
}

/// Which known mistakes produced the CyberSource ``headers`` received (a
/// mapping or a list of ``(name, value)`` pairs, as received): a ``paysign.Diagnosis``.
#[pyfunction]
#[pyo3(
    signature = (headers, *, merchant_id, key_id, shared_secret, method, url, body = None, time = None),
    text_signature = "(headers, *, merchant_id, key_id, shared_secret, method, url, body=b'', time=None)"
)]
#[allow(clippy::too_many_arguments)]
fn diagnose_cybersource_signature<'py>(
    py: Python<'py>,
    headers: &Bound<'_, PyAny>,
    merchant_id: &Bound<'_, PyAny>,
    key_id: &Bound<'_, PyAny>,
    shared_secret: &Bound<'_, PyAny>,
    method: &Bound<'_, PyAny>,
    url: &Bound<'_, PyAny>,
    body: Option<&Bound<'_, PyAny>>,
    time: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let pairs = header_pairs(headers)?;
    let merchant_id = text(merchant_id, "merchant_id")?;
    let key_id = text(key_id, "key_id")?;
    let secret = text(shared_secret, "shared_secret")?;
    let method = text(method, "method")?;
    let url = text(url, "url")?;
    let body = body_arg(body)?;
    let time = time_arg(time, "time")?;
    let pairs = header_refs(&pairs);
    let body = body_slice(&body);
    let report = py
        .detach(|| {
            api::diagnose_cybersource_signature(
                &pairs,
                &merchant_id,
                &key_id,
                &secret,
                &method,
                &url,
                body,
                &time,
            )
        })
        .py(py)?;
    diagnosis(py, report)
}

/// Which known mistakes produced the PSSERVER ``authorization`` received:
/// a ``paysign.Diagnosis``. ``signed_timestamp`` is the text the sender
/// signed, when known.
#[pyfunction]
#[pyo3(
    signature = (authorization, *, username, api_key, signed_timestamp = None),
    text_signature = "(authorization, *, username, api_key, signed_timestamp=None)"
)]
fn diagnose_paysimple_header<'py>(
    py: Python<'py>,
    authorization: &Bound<'_, PyAny>,
    username: &Bound<'_, PyAny>,
    api_key: &Bound<'_, PyAny>,
    signed_timestamp: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let authorization = text(authorization, "authorization")?;
    let username = text(username, "username")?;
    let api_key = text(api_key, "api_key")?;
    let signed_timestamp = opt_text(signed_timestamp, "signed_timestamp")?;
    let report = py
        .detach(|| {
            api::diagnose_paysimple_header(
                &authorization,
                &username,
                &api_key,
                signed_timestamp.as_deref(),
            )
        })
        .py(py)?;
    diagnosis(py, report)
}

// ---------------------------------------------------------------- webhooks

/// The ``v-c-signature`` value of a CyberSource webhook notification:
/// ``t=<ms>;keyId=<key_id>;sig=<base64 HMAC>``. ``key`` is the base64 key
/// text; ``body`` the exact bytes sent; ``timestamp`` Unix milliseconds
/// (``None``: now).
#[pyfunction]
#[pyo3(
    signature = (key_id, key, body, *, timestamp = None),
    text_signature = "(key_id, key, body, *, timestamp=None)"
)]
fn cybersource_webhook_signature(
    py: Python<'_>,
    key_id: &Bound<'_, PyAny>,
    key: &Bound<'_, PyAny>,
    body: &Bound<'_, PyAny>,
    timestamp: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let key_id = text(key_id, "key_id")?;
    let key = text(key, "key")?;
    let body = body_arg(Some(body))?;
    let timestamp = opt_int(timestamp, "timestamp")?;
    let body = body_slice(&body);
    hashing(py, body.len(), || {
        api::cybersource_webhook_signature(&key_id, &key, body, timestamp)
    })
    .py(py)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(x_pay_token, m)?)?;
    m.add_function(wrap_pyfunction!(cybersource_signature, m)?)?;
    m.add_function(wrap_pyfunction!(paysimple_header, m)?)?;
    m.add_function(wrap_pyfunction!(verify_x_pay_token, m)?)?;
    m.add_function(wrap_pyfunction!(verify_cybersource_signature, m)?)?;
    m.add_function(wrap_pyfunction!(verify_paysimple_header, m)?)?;
    m.add_function(wrap_pyfunction!(hmac_sha256, m)?)?;
    m.add_function(wrap_pyfunction!(imf_fixdate, m)?)?;
    m.add_function(wrap_pyfunction!(paysimple_timestamp, m)?)?;
    m.add_function(wrap_pyfunction!(explain_x_pay_token, m)?)?;
    m.add_function(wrap_pyfunction!(explain_cybersource_signature, m)?)?;
    m.add_function(wrap_pyfunction!(explain_paysimple_header, m)?)?;
    m.add_function(wrap_pyfunction!(diagnose_x_pay_token, m)?)?;
    m.add_function(wrap_pyfunction!(diagnose_cybersource_signature, m)?)?;
    m.add_function(wrap_pyfunction!(diagnose_paysimple_header, m)?)?;
    m.add_function(wrap_pyfunction!(cybersource_webhook_signature, m)?)?;
    m.add_function(wrap_pyfunction!(explain_cybersource_webhook, m)?)?;
    m.add_function(wrap_pyfunction!(diagnose_cybersource_webhook, m)?)?;
    Ok(())
}
