//! `paysign._native._Gateway`: the gateway of crate `paysign-gateway`,
//! embedded for `paysign.testing.Gateway`. Conversion only: dicts of
//! credentials in, the URL and the judged requests (JSON text) out.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyString};

use paysign_gateway::config::{CyberSource, PaySimple, Visa};
use paysign_gateway::{Config, RunningGateway};

/// `paysign.PaysignError(message, field)`.
fn invalid(py: Python<'_>, field: &str, problem: &str) -> PyErr {
    let message = format!("{field}: {problem}");
    match py
        .import("paysign._errors")
        .and_then(|m| m.getattr("PaysignError"))
        .and_then(|cls| cls.call1((message, field)))
    {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

/// Reads a credentials dict: exactly the `required` and `optional` keys.
struct Fields<'a, 'py> {
    scheme: &'static str,
    dict: &'a Bound<'py, PyDict>,
}

impl<'py> Fields<'_, 'py> {
    fn of<'a>(
        scheme: &'static str,
        obj: &'a Bound<'py, PyAny>,
        keys: &[&str],
    ) -> PyResult<Fields<'a, 'py>> {
        let dict = obj.cast::<PyDict>().map_err(|_| {
            PyTypeError::new_err(format!(
                "{scheme}: expected a dict with {}",
                keys.join(", ")
            ))
        })?;
        for key in dict.keys() {
            let name: String = key.str()?.to_string();
            if !keys.contains(&name.as_str()) {
                return Err(invalid(
                    obj.py(),
                    &format!("{scheme}.{name}"),
                    &format!("unknown key (expected {})", keys.join(", ")),
                ));
            }
        }
        Ok(Fields { scheme, dict })
    }

    fn text(&self, key: &str) -> PyResult<String> {
        let field = format!("{}.{key}", self.scheme);
        let value = self
            .dict
            .get_item(key)?
            .ok_or_else(|| invalid(self.dict.py(), &field, "is required"))?;
        let s = value
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err(format!("{field}: expected str")))?;
        Ok(s.to_cow()?.into_owned())
    }

    fn max_skew(&self) -> PyResult<Option<u64>> {
        let field = format!("{}.max_skew", self.scheme);
        match self.dict.get_item("max_skew")? {
            Some(v) if !v.is_none() => {
                if v.cast::<PyBool>().is_ok() || v.cast::<PyInt>().is_err() {
                    return Err(PyTypeError::new_err(format!("{field}: expected int")));
                }
                v.extract::<u64>().map(Some).map_err(|_| {
                    invalid(
                        self.dict.py(),
                        &field,
                        "must be a non-negative number of seconds",
                    )
                })
            }
            _ => Ok(None),
        }
    }

    fn flag(&self, key: &str) -> PyResult<bool> {
        match self.dict.get_item(key)? {
            Some(v) if !v.is_none() => v
                .cast::<PyBool>()
                .map(|b| b.is_true())
                .map_err(|_| PyTypeError::new_err(format!("{}.{key}: expected bool", self.scheme))),
            _ => Ok(false),
        }
    }
}

fn some<'a, 'py>(obj: &'a Option<Bound<'py, PyAny>>) -> Option<&'a Bound<'py, PyAny>> {
    obj.as_ref().filter(|o| !o.is_none())
}

/// A running gateway; `stop()` (or garbage collection) ends it.
#[pyclass(frozen, module = "paysign._native", name = "_Gateway")]
pub struct Gateway {
    running: std::sync::Mutex<Option<RunningGateway>>,
    url: String,
}

#[pymethods]
impl Gateway {
    /// ``_Gateway(visa=None, cybersource=None, paysimple=None, port=0)``.
    #[new]
    #[pyo3(signature = (visa=None, cybersource=None, paysimple=None, port=0))]
    fn new(
        py: Python<'_>,
        visa: Option<Bound<'_, PyAny>>,
        cybersource: Option<Bound<'_, PyAny>>,
        paysimple: Option<Bound<'_, PyAny>>,
        port: u16,
    ) -> PyResult<Self> {
        let mut config = Config::default();
        if let Some(v) = some(&visa) {
            let f = Fields::of(
                "visa",
                v,
                &["api_key", "shared_secret", "full_path", "max_skew"],
            )?;
            config.visa = Some(Visa {
                api_key: f.text("api_key")?,
                shared_secret: f.text("shared_secret")?,
                full_path: f.flag("full_path")?,
                max_skew: f.max_skew()?,
            });
        }
        if let Some(c) = some(&cybersource) {
            let f = Fields::of(
                "cybersource",
                c,
                &["merchant_id", "key_id", "shared_secret", "max_skew"],
            )?;
            config.cybersource = Some(CyberSource {
                merchant_id: f.text("merchant_id")?,
                key_id: f.text("key_id")?,
                shared_secret: f.text("shared_secret")?,
                max_skew: f.max_skew()?,
            });
        }
        if let Some(p) = some(&paysimple) {
            let f = Fields::of("paysimple", p, &["username", "api_key", "max_skew"])?;
            config.paysimple = Some(PaySimple {
                username: f.text("username")?,
                api_key: f.text("api_key")?,
                max_skew: f.max_skew()?,
            });
        }
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        let running = py
            .detach(|| RunningGateway::start(config.or_sandbox(), addr))
            .map_err(|e| invalid(py, "gateway", &e.to_string()))?;
        Ok(Gateway {
            url: running.url().to_owned(),
            running: std::sync::Mutex::new(Some(running)),
        })
    }

    /// ``http://127.0.0.1:<port>``.
    #[getter]
    fn url(&self) -> &str {
        &self.url
    }

    /// What it judged, as JSON text (a list of records).
    fn requests_json(&self) -> String {
        let guard = self.running.lock().unwrap_or_else(|e| e.into_inner());
        guard
            .as_ref()
            .map_or_else(|| "[]".to_owned(), |g| g.requests().to_json())
    }

    /// Forgets what it judged so far.
    fn clear(&self) {
        let guard = self.running.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(g) = guard.as_ref() {
            g.requests().clear();
        }
    }

    /// Stops serving (idempotent).
    fn stop(&self, py: Python<'_>) {
        let taken = self
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(mut g) = taken {
            py.detach(move || g.stop());
        }
    }

    fn __repr__(&self) -> String {
        format!("_Gateway(url={:?})", self.url)
    }
}
