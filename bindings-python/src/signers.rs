//! The signer classes: each holds a core signer and signs through the one
//! [`Scheme`] shape with a [`paysign::time::Time`]; the round-1 time keywords
//! (`timestamp=`, `date=`) are aliases of `time=`.

use paysign::scheme::{Scheme, SignableRequest};
use paysign::time::Time;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyTuple, PyType};
use pyo3::PyTypeInfo;

use crate::convert::*;
use crate::flat::headers_dict;

static SIGNED_REQUEST: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static TUPLE_NEW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `paysign.SignedRequest(url, headers)`, made with `tuple.__new__` directly
/// (the named tuple's own `__new__` is a Python function: a frame per call).
fn signed_request<'py>(
    py: Python<'py>,
    signed: paysign::SignedRequest,
) -> PyResult<Bound<'py, PyAny>> {
    let headers = headers_dict(py, signed.headers.iter().map(|(n, v)| (*n, v)))?;
    let cls = SIGNED_REQUEST.import(py, "paysign._types", "SignedRequest")?;
    let tuple_new = TUPLE_NEW.get_or_try_init(py, || {
        PyTuple::type_object(py)
            .getattr("__new__")
            .map(Bound::unbind)
    })?;
    let fields = PyTuple::new(
        py,
        [signed.url.into_pyobject(py)?.into_any(), headers.into_any()],
    )?;
    tuple_new.bind(py).call1((cls, fields))
}

/// Signs `method url body` at `time` with any scheme's signer; a time error
/// names `time_field`, the argument the time came from.
fn sign_with<'py, S: Scheme + Sync>(
    py: Python<'py>,
    signer: &S,
    method: &Bound<'_, PyAny>,
    url: &Bound<'_, PyAny>,
    body: Option<&Bound<'_, PyAny>>,
    (time, time_field): (Time, &'static str),
) -> PyResult<Bound<'py, PyAny>> {
    let method = text(method, "method")?;
    let url = text(url, "url")?;
    let body = body_arg(body)?;
    let body = body_slice(&body);
    let request = SignableRequest {
        method: &method,
        url: &url,
        body,
    };
    let signed = hashing(py, body.len(), || signer.sign_request(&request, &time))
        .py_as(py, "time", time_field)?;
    signed_request(py, signed)
}

/// Signs requests for one Visa API key and shared secret (X-Pay-Token).
///
/// ``XPaySigner(api_key, shared_secret, *, full_path=False)``: the secret is
/// ``str`` (UTF-8) or bytes. ``full_path=True`` signs the whole URL path
/// instead of dropping the context path (``/vdp``). The key is derived once;
/// a signer is immutable and safe to share between threads. ``repr()`` never
/// shows the secret.
#[pyclass(frozen, module = "paysign", name = "XPaySigner")]
pub struct XPaySigner {
    inner: paysign::XPaySigner,
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
        let inner = paysign::XPaySigner::new(&api_key, &secret)
            .py(py)?
            .with_path_rule(paysign::PathRule::from_full_path(full_path));
        Ok(XPaySigner { inner })
    }

    /// The API key (not a secret: it travels in the URL's query).
    #[getter]
    fn api_key(&self) -> &str {
        self.inner.api_key()
    }

    /// Whether the whole URL path is signed (the ``full_path`` override).
    #[getter]
    fn full_path(&self) -> bool {
        self.inner.path_rule().is_full_path()
    }

    /// Signs a request: returns ``SignedRequest(url, headers)``.
    ///
    /// ``url`` is the absolute URL; the one to send is returned (query sorted,
    /// ``apikey`` added, no fragment). ``headers`` holds ``x-pay-token``,
    /// ``Accept`` and, with a body, ``Content-Type``. ``time``: ``None`` (now),
    /// Unix seconds (``int``), decimal text (``str``) or an aware ``datetime``;
    /// ``timestamp=`` is the round-1 name of the same argument.
    #[pyo3(
        signature = (method, url, body = None, *, time = None, timestamp = None),
        text_signature = "($self, method, url, body=b'', *, time=None, timestamp=None)"
    )]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        method: &Bound<'_, PyAny>,
        url: &Bound<'_, PyAny>,
        body: Option<&Bound<'_, PyAny>>,
        time: Option<&Bound<'_, PyAny>>,
        timestamp: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let time = time_or_alias(py, time, timestamp, "timestamp")?;
        sign_with(py, &self.inner, method, url, body, time)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "XPaySigner(api_key={}, full_path={})",
            repr_str(py, self.inner.api_key())?,
            if self.full_path() { "True" } else { "False" }
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
pub struct CyberSourceSigner {
    inner: paysign::CyberSourceSigner,
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
        Ok(CyberSourceSigner { inner })
    }

    /// The merchant id (``v-c-merchant-id``).
    #[getter]
    fn merchant_id(&self) -> &str {
        self.inner.merchant_id()
    }

    /// The key id (``keyid=`` in the ``Signature`` header).
    #[getter]
    fn key_id(&self) -> &str {
        self.inner.key_id()
    }

    /// Signs a request: returns ``SignedRequest(url, headers)``.
    ///
    /// ``url`` is returned without its fragment; ``headers`` holds
    /// ``v-c-merchant-id``, ``Date``, ``Host``, ``Digest`` (POST, PUT, PATCH)
    /// and ``Signature``. ``time``: ``None`` (now), Unix seconds (``int``), an
    /// IMF-fixdate (``str``) or an aware ``datetime``; ``date=`` is the
    /// round-1 name of the same argument.
    #[pyo3(
        signature = (method, url, body = None, *, time = None, date = None),
        text_signature = "($self, method, url, body=b'', *, time=None, date=None)"
    )]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        method: &Bound<'_, PyAny>,
        url: &Bound<'_, PyAny>,
        body: Option<&Bound<'_, PyAny>>,
        time: Option<&Bound<'_, PyAny>>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let time = time_or_alias(py, time, date, "date")?;
        sign_with(py, &self.inner, method, url, body, time)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "CyberSourceSigner(merchant_id={}, key_id={})",
            repr_str(py, self.inner.merchant_id())?,
            repr_str(py, self.inner.key_id())?
        ))
    }
}

/// Signs requests for one PaySimple API user (``PSSERVER`` authorization).
///
/// ``PaySimpleSigner(username, api_key)``: the API key is the secret. The
/// scheme does not sign the method, URL or body; ``sign`` takes them so that
/// every signer is used the same way. ``repr()`` never shows the key.
#[pyclass(frozen, module = "paysign", name = "PaySimpleSigner")]
pub struct PaySimpleSigner {
    inner: paysign::PaySimpleSigner,
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
        Ok(PaySimpleSigner { inner })
    }

    /// The API username (``accessid=``).
    #[getter]
    fn username(&self) -> &str {
        self.inner.username()
    }

    /// Signs a request: returns ``SignedRequest(url, headers)``.
    ///
    /// ``url`` is returned without its fragment; ``headers`` holds
    /// ``Authorization``. ``time``: ``None`` (now), Unix seconds (``int``),
    /// ISO-8601 text signed as given (``str``) or an aware ``datetime`` (seven
    /// fraction digits); ``timestamp=`` is the round-1 name of the same argument.
    #[pyo3(
        signature = (method, url, body = None, *, time = None, timestamp = None),
        text_signature = "($self, method, url, body=b'', *, time=None, timestamp=None)"
    )]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        method: &Bound<'_, PyAny>,
        url: &Bound<'_, PyAny>,
        body: Option<&Bound<'_, PyAny>>,
        time: Option<&Bound<'_, PyAny>>,
        timestamp: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let time = time_or_alias(py, time, timestamp, "timestamp")?;
        sign_with(py, &self.inner, method, url, body, time)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "PaySimpleSigner(username={})",
            repr_str(py, self.inner.username())?
        ))
    }
}
