//! `paysign._native`: the Python binding of the paysign core.
//!
//! This crate only converts types and maps errors; every rule, format and
//! default is in the `paysign` crate (`paysign::api` applies the defaults:
//! the current time and the ±300 s window when an argument is `None`).
//!
//! * `paysign::Error::InvalidArgument` → `paysign.PaysignError` (a
//!   `ValueError`) with `.field`; `paysign::Error::Verification(r)` →
//!   `paysign.VerificationError` with `.reason = r.code()`. Both classes, and
//!   the `SignedRequest` named tuple the signers return, are defined in the
//!   pure-Python half of the package and imported here on first use.
//! * Text arguments are `str`; bodies (and the X-Pay secret) are `str`
//!   (UTF-8) or any bytes-like object. `bytes` is read in place; `str` is
//!   encoded once; `bytearray`, `memoryview` and other buffers are copied
//!   once (the abi3-py39 stable ABI has no buffer protocol, and a mutable
//!   buffer must not be read while the GIL is released).
//! * The GIL is released while hashing bodies of [`DETACH_AT`] bytes or more.

#![forbid(unsafe_code)]

mod gateway;

use paysign::api;
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::marker::Ungil;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyInt, PyMemoryView, PyString, PyType};

/// Bodies at least this long are hashed with the GIL released.
const DETACH_AT: usize = 4 * 1024;

static PAYSIGN_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static VERIFICATION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static SIGNED_REQUEST: PyOnceLock<Py<PyType>> = PyOnceLock::new();

// ---------------------------------------------------------------- errors

/// `paysign.PaysignError(message, field)`.
fn invalid_argument(py: Python<'_>, message: String, field: Option<&str>) -> PyErr {
    match PAYSIGN_ERROR
        .import(py, "paysign._errors", "PaysignError")
        .and_then(|cls| cls.call1((message, field)))
    {
        Ok(exc) => PyErr::from_value(exc),
        Err(err) => err,
    }
}

/// A bad argument detected while converting it (before the core sees it).
fn conversion_error(py: Python<'_>, field: &'static str, problem: &str) -> PyErr {
    invalid_argument(py, format!("{field}: {problem}"), Some(field))
}

/// Maps a core error to its Python exception.
fn map_err(py: Python<'_>, err: paysign::Error) -> PyErr {
    let message = err.to_string();
    if let Some(rejection) = err.rejection() {
        match VERIFICATION_ERROR
            .import(py, "paysign._errors", "VerificationError")
            .and_then(|cls| cls.call1((message, rejection.code())))
        {
            Ok(exc) => PyErr::from_value(exc),
            Err(e) => e,
        }
    } else {
        invalid_argument(py, message, err.field())
    }
}

trait CoreResult<T> {
    fn py(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> CoreResult<T> for paysign::Result<T> {
    fn py(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| map_err(py, e))
    }
}

fn type_error(field: &str, expected: &str, obj: &Bound<'_, PyAny>) -> PyErr {
    let found = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_owned());
    PyTypeError::new_err(format!("{field} must be {expected}, not {found}"))
}

// ---------------------------------------------------------------- arguments

/// A `str` argument, borrowed from Python where the ABI allows it.
fn text(obj: &Bound<'_, PyAny>, field: &'static str) -> PyResult<PyBackedStr> {
    let s = obj
        .cast::<PyString>()
        .map_err(|_| type_error(field, "str", obj))?;
    PyBackedStr::try_from(s.clone()).map_err(|_| {
        conversion_error(
            obj.py(),
            field,
            "is not valid Unicode text (it contains a lone surrogate)",
        )
    })
}

fn opt_text(obj: Option<&Bound<'_, PyAny>>, field: &'static str) -> PyResult<Option<PyBackedStr>> {
    match obj {
        Some(o) if !o.is_none() => text(o, field).map(Some),
        _ => Ok(None),
    }
}

/// A `str` (UTF-8) or bytes-like argument. `bytes` is used in place.
fn bytes_like(obj: &Bound<'_, PyAny>, field: &'static str) -> PyResult<PyBackedBytes> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(b.clone().into());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s.encode_utf8().map(PyBackedBytes::from).map_err(|_| {
            conversion_error(
                obj.py(),
                field,
                "is not valid Unicode text (it contains a lone surrogate)",
            )
        });
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(b.clone().into());
    }
    let view = PyMemoryView::from(obj)
        .map_err(|_| type_error(field, "str or a bytes-like object", obj))?;
    let copy = view.call_method0("tobytes")?.cast_into::<PyBytes>()?;
    Ok(copy.into())
}

/// A body: omitted or `None` is empty.
fn body_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<PyBackedBytes>> {
    match obj {
        Some(o) if !o.is_none() => bytes_like(o, "body").map(Some),
        _ => Ok(None),
    }
}

fn body_slice(body: &Option<PyBackedBytes>) -> &[u8] {
    body.as_deref().unwrap_or_default()
}

fn int(obj: &Bound<'_, PyAny>, field: &'static str) -> PyResult<i64> {
    if !obj.is_instance_of::<PyInt>() {
        return Err(type_error(field, "an int", obj));
    }
    obj.extract::<i64>().map_err(|e| {
        if e.is_instance_of::<PyOverflowError>(obj.py()) {
            conversion_error(obj.py(), field, "is out of range (not a 64-bit integer)")
        } else {
            e
        }
    })
}

fn opt_int(obj: Option<&Bound<'_, PyAny>>, field: &'static str) -> PyResult<Option<i64>> {
    match obj {
        Some(o) if !o.is_none() => int(o, field).map(Some),
        _ => Ok(None),
    }
}

/// Runs `f` (which hashes `len` bytes) with the GIL released when `len` is large.
fn hashing<T, F>(py: Python<'_>, len: usize, f: F) -> T
where
    F: Ungil + FnOnce() -> T,
    T: Ungil,
{
    if len >= DETACH_AT {
        py.detach(f)
    } else {
        f()
    }
}

// ---------------------------------------------------------------- results

fn headers_dict<'py>(
    py: Python<'py>,
    headers: &[(&'static str, String)],
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, value) in headers {
        dict.set_item(*name, value)?;
    }
    Ok(dict)
}

fn signed_request<'py>(
    py: Python<'py>,
    signed: paysign::SignedRequest,
) -> PyResult<Bound<'py, PyAny>> {
    let headers = headers_dict(py, &signed.headers)?;
    SIGNED_REQUEST
        .import(py, "paysign._types", "SignedRequest")?
        .call1((signed.url, headers))
}

/// Header pairs from a mapping (anything with `.items()`) or an iterable of pairs.
fn header_pairs(obj: &Bound<'_, PyAny>) -> PyResult<Vec<(PyBackedStr, PyBackedStr)>> {
    let bad = || {
        PyTypeError::new_err(
            "headers must be a mapping of str to str or an iterable of (name, value) pairs of str",
        )
    };
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        return Err(bad());
    }
    let items = if obj.hasattr("items")? {
        obj.call_method0("items")?
    } else {
        obj.clone()
    };
    let mut pairs = Vec::new();
    for item in items.try_iter().map_err(|_| bad())? {
        let (name, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) =
            item?.extract().map_err(|_| bad())?;
        pairs.push((text(&name, "headers")?, text(&value, "headers")?));
    }
    Ok(pairs)
}

// ---------------------------------------------------------------- flat API

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
    headers_dict(py, &headers)
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
    paysign::time::imf_fixdate(unix_time).py(py)
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
    paysign::time::paysimple_timestamp(unix_time, nanos).py(py)
}

// ---------------------------------------------------------------- signers

fn repr_str(py: Python<'_>, s: &str) -> PyResult<String> {
    Ok(PyString::new(py, s).repr()?.to_string())
}

/// Signs requests for one Visa API key and shared secret (X-Pay-Token).
///
/// ``XPaySigner(api_key, shared_secret, *, full_path=False)``: the secret is
/// ``str`` (UTF-8) or bytes. ``full_path=True`` signs the whole URL path
/// instead of dropping the context path (``/vdp``). The key is derived once;
/// a signer is immutable and safe to share between threads. ``repr()`` never
/// shows the secret.
#[pyclass(frozen, module = "paysign", name = "XPaySigner")]
struct XPaySigner {
    inner: paysign::XPaySigner,
    full_path: bool,
}

#[pymethods]
impl XPaySigner {
    #[new]
    #[pyo3(signature = (api_key, shared_secret, *, full_path = false))]
    fn new(
        py: Python<'_>,
        api_key: &Bound<'_, PyAny>,
        shared_secret: &Bound<'_, PyAny>,
        full_path: bool,
    ) -> PyResult<Self> {
        let api_key = text(api_key, "api_key")?;
        let secret = bytes_like(shared_secret, "shared_secret")?;
        let rule = if full_path {
            paysign::PathRule::FullPath
        } else {
            paysign::PathRule::ContextPath
        };
        let inner = paysign::XPaySigner::new(&api_key, &secret)
            .py(py)?
            .with_path_rule(rule);
        Ok(XPaySigner { inner, full_path })
    }

    /// The API key (not a secret: it travels in the URL's query).
    #[getter]
    fn api_key(&self) -> &str {
        self.inner.api_key()
    }

    /// Whether the whole URL path is signed (the ``full_path`` override).
    #[getter]
    fn full_path(&self) -> bool {
        self.full_path
    }

    /// Signs a request: returns ``SignedRequest(url, headers)``.
    ///
    /// ``url`` is the absolute URL; the one to send is returned (query sorted,
    /// ``apikey`` added, no fragment). ``headers`` holds ``x-pay-token``,
    /// ``Accept`` and, with a body, ``Content-Type``. ``timestamp`` is Unix
    /// seconds, ``None`` for now.
    #[pyo3(
        signature = (method, url, body = None, *, timestamp = None),
        text_signature = "($self, method, url, body=b'', *, timestamp=None)"
    )]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        method: &Bound<'_, PyAny>,
        url: &Bound<'_, PyAny>,
        body: Option<&Bound<'_, PyAny>>,
        timestamp: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let method = text(method, "method")?;
        let url = text(url, "url")?;
        let body = body_arg(body)?;
        let timestamp = opt_int(timestamp, "timestamp")?;
        let body = body_slice(&body);
        let signed = hashing(py, body.len(), || match timestamp {
            Some(t) => self.inner.sign_at(&method, &url, body, t),
            None => self.inner.sign(&method, &url, body),
        })
        .py(py)?;
        signed_request(py, signed)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "XPaySigner(api_key={}, full_path={})",
            repr_str(py, self.inner.api_key())?,
            if self.full_path { "True" } else { "False" }
        ))
    }
}

/// Signs requests for one CyberSource merchant with an HTTP Signature shared
/// secret (the base64 text from the Business Center).
///
/// ``CyberSourceSigner(merchant_id, key_id, shared_secret)``. The key is
/// decoded once; a signer is immutable and safe to share between threads.
/// ``repr()`` never shows the secret.
#[pyclass(frozen, module = "paysign", name = "CyberSourceSigner")]
struct CyberSourceSigner {
    inner: paysign::CyberSourceSigner,
    merchant_id: String,
    key_id: String,
}

#[pymethods]
impl CyberSourceSigner {
    #[new]
    #[pyo3(signature = (merchant_id, key_id, shared_secret))]
    fn new(
        py: Python<'_>,
        merchant_id: &Bound<'_, PyAny>,
        key_id: &Bound<'_, PyAny>,
        shared_secret: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let merchant_id = text(merchant_id, "merchant_id")?;
        let key_id = text(key_id, "key_id")?;
        let shared_secret = text(shared_secret, "shared_secret")?;
        let inner =
            paysign::CyberSourceSigner::new(&merchant_id, &key_id, &shared_secret).py(py)?;
        Ok(CyberSourceSigner {
            inner,
            merchant_id: merchant_id.to_string(),
            key_id: key_id.to_string(),
        })
    }

    /// The merchant id (``v-c-merchant-id``).
    #[getter]
    fn merchant_id(&self) -> &str {
        &self.merchant_id
    }

    /// The key id (``keyid=`` in the ``Signature`` header).
    #[getter]
    fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Signs a request: returns ``SignedRequest(url, headers)``.
    ///
    /// ``url`` is returned without its fragment; ``headers`` holds
    /// ``v-c-merchant-id``, ``Date``, ``Host``, ``Digest`` (POST, PUT, PATCH)
    /// and ``Signature``. ``date`` is an IMF-fixdate, ``None`` for now (see
    /// ``paysign.imf_fixdate`` to make one from Unix seconds).
    #[pyo3(
        signature = (method, url, body = None, *, date = None),
        text_signature = "($self, method, url, body=b'', *, date=None)"
    )]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        method: &Bound<'_, PyAny>,
        url: &Bound<'_, PyAny>,
        body: Option<&Bound<'_, PyAny>>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let method = text(method, "method")?;
        let url = text(url, "url")?;
        let body = body_arg(body)?;
        let date = opt_text(date, "date")?;
        let body = body_slice(&body);
        let signed = hashing(py, body.len(), || match &date {
            Some(d) => self.inner.sign_with_date(&method, &url, body, d),
            None => self.inner.sign(&method, &url, body),
        })
        .py(py)?;
        signed_request(py, signed)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "CyberSourceSigner(merchant_id={}, key_id={})",
            repr_str(py, &self.merchant_id)?,
            repr_str(py, &self.key_id)?
        ))
    }
}

/// Signs requests for one PaySimple API user (``PSSERVER`` authorization).
///
/// ``PaySimpleSigner(username, api_key)``: the API key is the secret. The
/// scheme does not sign the method, URL or body; ``sign`` takes them so that
/// every signer is used the same way. ``repr()`` never shows the key.
#[pyclass(frozen, module = "paysign", name = "PaySimpleSigner")]
struct PaySimpleSigner {
    inner: paysign::PaySimpleSigner,
    username: String,
}

#[pymethods]
impl PaySimpleSigner {
    #[new]
    #[pyo3(signature = (username, api_key))]
    fn new(
        py: Python<'_>,
        username: &Bound<'_, PyAny>,
        api_key: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let username = text(username, "username")?;
        let api_key = text(api_key, "api_key")?;
        let inner = paysign::PaySimpleSigner::new(&username, &api_key).py(py)?;
        Ok(PaySimpleSigner {
            inner,
            username: username.to_string(),
        })
    }

    /// The API username (``accessid=``).
    #[getter]
    fn username(&self) -> &str {
        &self.username
    }

    /// Signs a request: returns ``SignedRequest(url, headers)``.
    ///
    /// ``url`` is returned without its fragment; ``headers`` holds
    /// ``Authorization``. ``timestamp`` is ISO-8601 text signed as given,
    /// ``None`` for now (see ``paysign.paysimple_timestamp``).
    #[pyo3(
        signature = (method, url, body = None, *, timestamp = None),
        text_signature = "($self, method, url, body=b'', *, timestamp=None)"
    )]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        method: &Bound<'_, PyAny>,
        url: &Bound<'_, PyAny>,
        body: Option<&Bound<'_, PyAny>>,
        timestamp: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let method = text(method, "method")?;
        let url = text(url, "url")?;
        let body = body_arg(body)?;
        let timestamp = opt_text(timestamp, "timestamp")?;
        let body = body_slice(&body);
        let signed = match &timestamp {
            Some(t) => self.inner.sign_with_timestamp(&method, &url, body, t),
            None => self.inner.sign(&method, &url, body),
        }
        .py(py)?;
        signed_request(py, signed)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "PaySimpleSigner(username={})",
            repr_str(py, &self.username)?
        ))
    }
}

/// The native half of the ``paysign`` package; import ``paysign`` instead.
#[pymodule]
#[pyo3(name = "_native")]
fn paysign_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(x_pay_token, m)?)?;
    m.add_function(wrap_pyfunction!(cybersource_signature, m)?)?;
    m.add_function(wrap_pyfunction!(paysimple_header, m)?)?;
    m.add_function(wrap_pyfunction!(verify_x_pay_token, m)?)?;
    m.add_function(wrap_pyfunction!(verify_cybersource_signature, m)?)?;
    m.add_function(wrap_pyfunction!(verify_paysimple_header, m)?)?;
    m.add_function(wrap_pyfunction!(hmac_sha256, m)?)?;
    m.add_function(wrap_pyfunction!(imf_fixdate, m)?)?;
    m.add_function(wrap_pyfunction!(paysimple_timestamp, m)?)?;
    m.add_class::<XPaySigner>()?;
    m.add_class::<CyberSourceSigner>()?;
    m.add_class::<PaySimpleSigner>()?;
    m.add_class::<gateway::Gateway>()?;
    m.add("CORE_VERSION", paysign::VERSION)?;
    m.add("DEFAULT_MAX_SKEW", paysign::DEFAULT_MAX_SKEW)?;
    Ok(())
}
