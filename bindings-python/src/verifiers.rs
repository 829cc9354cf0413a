//! The whole-request verifiers (one per scheme, the same shape) and
//! `paysign.Verified`. Verifying runs with the GIL released; a Python replay
//! store takes the GIL back only for its `remember` call.

use paysign::replay::Replay;
use paysign::verifier::{Received, Verifier};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::convert::*;

/// What a verifier accepted: ``scheme`` (``"xpay"``, ``"cybersource"``,
/// ``"paysimple"``, ``"cybersource-webhook"``), ``key_id`` (the API key, key
/// id or username that matched), ``merchant_id`` (CyberSource, else
/// ``None``), ``timestamp`` (when it was signed, Unix seconds) and ``signed``
/// (the names of what the credential covered).
#[pyclass(frozen, eq, module = "paysign", name = "Verified")]
#[derive(PartialEq)]
pub struct Verified {
    inner: paysign::Verified,
}

#[pymethods]
impl Verified {
    #[getter]
    fn scheme(&self) -> &'static str {
        self.inner.scheme
    }
    #[getter]
    fn key_id(&self) -> &str {
        &self.inner.key_id
    }
    #[getter]
    fn merchant_id(&self) -> Option<&str> {
        self.inner.merchant_id.as_deref()
    }
    #[getter]
    fn timestamp(&self) -> i64 {
        self.inner.timestamp
    }
    #[getter]
    fn signed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.inner.signed)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let merchant = match &self.inner.merchant_id {
            Some(m) => repr_str(py, m)?,
            None => "None".to_owned(),
        };
        Ok(format!(
            "Verified(scheme={}, key_id={}, merchant_id={merchant}, timestamp={}, signed={})",
            repr_str(py, self.inner.scheme)?,
            repr_str(py, &self.inner.key_id)?,
            self.inner.timestamp,
            self.signed(py)?.repr()?
        ))
    }
}

/// Verifies a request as received with any scheme's verifier.
fn verify_with<V: Verifier>(
    py: Python<'_>,
    verifier: &V,
    method: &Bound<'_, PyAny>,
    url: &Bound<'_, PyAny>,
    headers: &Bound<'_, PyAny>,
    body: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<Verified> {
    let method = text(method, "method")?;
    let url = text(url, "url")?;
    let pairs = header_pairs(headers)?;
    let body = body_arg(body)?;
    let now = opt_int(now, "now")?;
    let headers = header_refs(&pairs);
    let received = Received {
        method: &method,
        url: &url,
        headers: &headers,
        body: body_slice(&body),
    };
    let inner = py.detach(|| verifier.verify(&received, now)).py(py)?;
    Ok(Verified { inner })
}

fn replay_name(replay: &Replay) -> &'static str {
    match replay {
        Replay::Off => "False",
        Replay::Memory(_) => "True",
        Replay::Store(_) => "<store>",
    }
}

/// How a verifier shows itself: how many keys, never which secrets.
fn describe(
    class: &str,
    keys: usize,
    extra: &str,
    max_skew: Option<u64>,
    replay: &Replay,
) -> String {
    let skew = max_skew.map_or("None".to_owned(), |s| s.to_string());
    format!(
        "{class}(<{keys} key{}>{extra}, max_skew={skew}, replay={})",
        if keys == 1 { "" } else { "s" },
        replay_name(replay)
    )
}

/// Verifies X-Pay-Token requests: ``XPayVerifier(keys, *, full_path=False,
/// max_skew=None, replay=True)``. ``keys`` maps API key → shared secret
/// (``str`` or bytes); ``max_skew`` is the window in seconds either side of
/// now (``None``: Visa's 8 minutes); ``replay`` is ``True`` (remember accepted
/// tokens in this process), ``False`` (off) or a store object with
/// ``remember(key, ttl_seconds) -> bool`` shared by a fleet (see
/// ``paysign.redis.RedisStore``). Thread-safe; ``repr()`` shows no secret.
#[pyclass(frozen, module = "paysign", name = "XPayVerifier")]
pub struct XPayVerifier {
    inner: paysign::XPayVerifier,
    repr: String,
}

#[pymethods]
impl XPayVerifier {
    #[new]
    #[pyo3(
        signature = (keys, *, full_path = false, max_skew = None, replay = None),
        text_signature = "(keys, *, full_path=False, max_skew=None, replay=True)"
    )]
    fn new(
        py: Python<'_>,
        keys: &Bound<'_, PyAny>,
        full_path: bool,
        max_skew: Option<&Bound<'_, PyAny>>,
        replay: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let (keys, max_skew, replay) = verifier_args(keys, max_skew, replay)?;
        let extra = format!(", full_path={}", if full_path { "True" } else { "False" });
        let repr = describe("XPayVerifier", keys.len(), &extra, max_skew, &replay);
        let inner = paysign::XPayVerifier::new(keys, full_path, max_skew, replay).py(py)?;
        Ok(XPayVerifier { inner, repr })
    }

    /// Verifies a request as received: ``method``, ``url`` (absolute, or the
    /// request target ``/path?query``), ``headers`` (a mapping or a list of
    /// ``(name, value)`` pairs with every duplicate), ``body`` (the exact
    /// bytes) and ``now`` (Unix seconds, ``None``: the clock). Returns
    /// ``paysign.Verified``; raises ``paysign.VerificationError`` (``.reason``).
    #[pyo3(
        signature = (method, url, headers, body = None, *, now = None),
        text_signature = "($self, method, url, headers, body=None, *, now=None)"
    )]
    fn verify(
        &self,
        py: Python<'_>,
        method: &Bound<'_, PyAny>,
        url: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
        body: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Verified> {
        verify_with(py, &self.inner, method, url, headers, body, now)
    }

    fn __repr__(&self) -> &str {
        &self.repr
    }
}

/// A whole-request verifier class whose constructor is `(keys, *, max_skew, replay)`
/// and whose `verify` is `XPayVerifier.verify`'s: one definition for each scheme.
macro_rules! request_verifier {
    ($class:ident, $name:literal, $doc:literal) => {
        #[doc = $doc]
        #[pyclass(frozen, module = "paysign", name = $name)]
        pub struct $class {
            inner: paysign::$class,
            repr: String,
        }

        #[pymethods]
        impl $class {
            #[new]
            #[pyo3(
                        signature = (keys, *, max_skew = None, replay = None),
                        text_signature = "(keys, *, max_skew=None, replay=True)"
                    )]
            fn new(
                py: Python<'_>,
                keys: &Bound<'_, PyAny>,
                max_skew: Option<&Bound<'_, PyAny>>,
                replay: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Self> {
                let (keys, max_skew, replay) = verifier_args(keys, max_skew, replay)?;
                let repr = describe($name, keys.len(), "", max_skew, &replay);
                let inner = paysign::$class::new(keys, max_skew, replay).py(py)?;
                Ok($class { inner, repr })
            }

            /// Verifies a request as received; see ``XPayVerifier.verify``.
            #[pyo3(
                        signature = (method, url, headers, body = None, *, now = None),
                        text_signature = "($self, method, url, headers, body=None, *, now=None)"
                    )]
            fn verify(
                &self,
                py: Python<'_>,
                method: &Bound<'_, PyAny>,
                url: &Bound<'_, PyAny>,
                headers: &Bound<'_, PyAny>,
                body: Option<&Bound<'_, PyAny>>,
                now: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Verified> {
                verify_with(py, &self.inner, method, url, headers, body, now)
            }

            fn __repr__(&self) -> &str {
                &self.repr
            }
        }
    };
}

request_verifier!(
    CyberSourceVerifier,
    "CyberSourceVerifier",
    "Verifies CyberSource HTTP Signature requests: ``CyberSourceVerifier(keys, *, max_skew=None, \
     replay=True)``. ``keys`` maps key id → shared secret (base64 text); ``max_skew`` ``None`` is \
     5 minutes; ``replay`` as ``XPayVerifier``'s. ``verify`` as ``XPayVerifier.verify``; \
     ``Verified.merchant_id`` is the ``v-c-merchant-id``."
);

request_verifier!(
    PaySimpleVerifier,
    "PaySimpleVerifier",
    "Verifies PaySimple PSSERVER requests: ``PaySimpleVerifier(keys, *, max_skew=None, \
     replay=True)``. ``keys`` maps username → API key; ``max_skew`` ``None`` is PaySimple's \
     5 minutes; ``replay`` as ``XPayVerifier``'s. ``verify`` as ``XPayVerifier.verify`` (only \
     ``Authorization`` is read)."
);

/// Verifies CyberSource webhook notifications (``v-c-signature``):
/// ``CyberSourceWebhookVerifier(keys, *, max_skew=None, replay=True)``.
/// ``keys`` maps key id → key (base64 text); ``max_skew`` ``None`` is 5 minutes.
#[pyclass(frozen, module = "paysign", name = "CyberSourceWebhookVerifier")]
pub struct CyberSourceWebhookVerifier {
    inner: paysign::CyberSourceWebhookVerifier,
    repr: String,
}

#[pymethods]
impl CyberSourceWebhookVerifier {
    #[new]
    #[pyo3(
        signature = (keys, *, max_skew = None, replay = None),
        text_signature = "(keys, *, max_skew=None, replay=True)"
    )]
    fn new(
        py: Python<'_>,
        keys: &Bound<'_, PyAny>,
        max_skew: Option<&Bound<'_, PyAny>>,
        replay: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let (keys, max_skew, replay) = verifier_args(keys, max_skew, replay)?;
        let repr = describe(
            "CyberSourceWebhookVerifier",
            keys.len(),
            "",
            max_skew,
            &replay,
        );
        let inner = paysign::CyberSourceWebhookVerifier::new(keys, max_skew, replay).py(py)?;
        Ok(CyberSourceWebhookVerifier { inner, repr })
    }

    /// Verifies a notification: ``headers`` as received (a mapping or a list
    /// of pairs), ``body`` the RAW bytes received (before any JSON parsing),
    /// ``now`` Unix seconds. Returns ``paysign.Verified``
    /// (``scheme == "cybersource-webhook"``, ``timestamp`` in seconds); raises
    /// ``paysign.VerificationError``.
    #[pyo3(
        signature = (headers, body, *, now = None),
        text_signature = "($self, headers, body, *, now=None)"
    )]
    fn verify(
        &self,
        py: Python<'_>,
        headers: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Verified> {
        let pairs = header_pairs(headers)?;
        let body = body_arg(Some(body))?;
        let now = opt_int(now, "now")?;
        let headers = header_refs(&pairs);
        let body = body_slice(&body);
        let inner = py
            .detach(|| self.inner.verify_notification(&headers, body, now))
            .py(py)?;
        Ok(Verified { inner })
    }

    fn __repr__(&self) -> &str {
        &self.repr
    }
}

type VerifierArgs = (Vec<(String, Vec<u8>)>, Option<u64>, Replay);

/// The constructor arguments every verifier shares.
fn verifier_args(
    keys: &Bound<'_, PyAny>,
    max_skew: Option<&Bound<'_, PyAny>>,
    replay: Option<&Bound<'_, PyAny>>,
) -> PyResult<VerifierArgs> {
    let keys = keyring(keys)?;
    let max_skew = crate::convert::max_skew(max_skew)?;
    // `None` (how PyO3 sees an omitted argument) is the default: in-process memory.
    let replay = match replay {
        None => Replay::default(),
        Some(r) => replay_arg(r)?,
    };
    Ok((keys, max_skew, replay))
}
