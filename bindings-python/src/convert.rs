//! Python values ⇄ core values, and core errors → Python exceptions.
//!
//! * `paysign::Error::InvalidArgument` → `paysign.PaysignError` (a
//!   `ValueError`) with `.field`; `paysign::Error::Verification(r)` →
//!   `paysign.VerificationError` with `.reason = r.code()`.
//! * A wrong Python *type* is a `TypeError` naming the argument; `bool` is
//!   never taken for an `int`.

use std::sync::Arc;

use paysign::replay::{Replay, ReplayStore};
use paysign::time::Time;
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::intern;
use pyo3::marker::Ungil;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyInt, PyList, PyMemoryView, PyString, PyTuple, PyType,
};

/// Bodies at least this long are hashed with the GIL released (below it,
/// releasing and re-taking the GIL costs more than the hash).
const DETACH_AT: usize = 4 * 1024;

static PAYSIGN_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static VERIFICATION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static EPOCH: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

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
pub fn conversion_error(py: Python<'_>, field: &str, problem: &str) -> PyErr {
    invalid_argument(py, format!("{field}: {problem}"), Some(field))
}

/// Maps a core error to its Python exception.
pub fn map_err(py: Python<'_>, err: paysign::Error) -> PyErr {
    if let Some(rejection) = err.rejection() {
        match VERIFICATION_ERROR
            .import(py, "paysign._errors", "VerificationError")
            .and_then(|cls| cls.call1((err.to_string(), rejection.code())))
        {
            Ok(exc) => PyErr::from_value(exc),
            Err(e) => e,
        }
    } else {
        invalid_argument(py, err.to_string(), err.field())
    }
}

/// A core result as a Python result.
pub trait CoreResult<T> {
    /// The error mapped by [`map_err`].
    fn py(self, py: Python<'_>) -> PyResult<T>;
    /// The same, naming the argument `arg` where the core says `field`
    /// (the core calls every time argument `time`; the Python API has
    /// `unix_time`, `timestamp`, `date`, …).
    fn py_as(self, py: Python<'_>, field: &str, arg: &'static str) -> PyResult<T>;
}

impl<T> CoreResult<T> for paysign::Result<T> {
    fn py(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| map_err(py, e))
    }

    fn py_as(self, py: Python<'_>, field: &str, arg: &'static str) -> PyResult<T> {
        self.map_err(|e| match e {
            paysign::Error::InvalidArgument { field: f, problem } if f == field => map_err(
                py,
                paysign::Error::InvalidArgument {
                    field: arg,
                    problem,
                },
            ),
            other => map_err(py, other),
        })
    }
}

pub fn type_error(field: &str, expected: &str, obj: &Bound<'_, PyAny>) -> PyErr {
    let found = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_owned());
    PyTypeError::new_err(format!("{field} must be {expected}, not {found}"))
}

fn given<'a, 'py>(obj: Option<&'a Bound<'py, PyAny>>) -> Option<&'a Bound<'py, PyAny>> {
    obj.filter(|o| !o.is_none())
}

// ---------------------------------------------------------------- arguments

/// A `str` argument, borrowed from Python.
pub fn text(obj: &Bound<'_, PyAny>, field: &'static str) -> PyResult<PyBackedStr> {
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

pub fn opt_text(
    obj: Option<&Bound<'_, PyAny>>,
    field: &'static str,
) -> PyResult<Option<PyBackedStr>> {
    given(obj).map(|o| text(o, field)).transpose()
}

/// A `str` (UTF-8) or bytes-like argument. `bytes` is used in place; a
/// mutable buffer is copied once (it must not change while the GIL is released).
pub fn bytes_like(obj: &Bound<'_, PyAny>, field: &'static str) -> PyResult<PyBackedBytes> {
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
    let copy = view.call_method0(intern!(obj.py(), "tobytes"))?;
    Ok(copy.cast_into::<PyBytes>()?.into())
}

/// A body: omitted or `None` is empty.
pub fn body_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<PyBackedBytes>> {
    given(obj).map(|o| bytes_like(o, "body")).transpose()
}

pub fn body_slice(body: &Option<PyBackedBytes>) -> &[u8] {
    body.as_deref().unwrap_or_default()
}

/// An `int` (never a `bool`: `True` is not the timestamp 1).
pub fn int(obj: &Bound<'_, PyAny>, field: &'static str) -> PyResult<i64> {
    if !obj.is_instance_of::<PyInt>() || obj.is_instance_of::<PyBool>() {
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

pub fn opt_int(obj: Option<&Bound<'_, PyAny>>, field: &'static str) -> PyResult<Option<i64>> {
    given(obj).map(|o| int(o, field)).transpose()
}

/// A window in seconds: `None` (the scheme's default, chosen by the core) or an int ≥ 0.
pub fn max_skew(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<u64>> {
    match opt_int(obj, "max_skew")? {
        None => Ok(None),
        Some(s) => u64::try_from(s)
            .map(Some)
            .map_err(|_| conversion_error(obj.unwrap().py(), "max_skew", "must not be negative")),
    }
}

/// The one time override of every signer, explain and diagnose: `None` (now),
/// an `int` (Unix seconds), a `str` (this exact text) or an aware `datetime`.
pub fn time_arg(obj: Option<&Bound<'_, PyAny>>, field: &'static str) -> PyResult<Time> {
    let Some(obj) = given(obj) else {
        return Ok(Time::Now);
    };
    const FORMS: &str = "None, an int (Unix seconds), a str or an aware datetime";
    if obj.is_instance_of::<PyBool>() {
        return Err(type_error(field, FORMS, obj));
    }
    if obj.is_instance_of::<PyInt>() {
        return Ok(Time::unix(int(obj, field)?));
    }
    if obj.is_instance_of::<PyString>() {
        return Ok(Time::Text(text(obj, field)?.to_string()));
    }
    let py = obj.py();
    if obj.is_instance(DATETIME.import(py, "datetime", "datetime")?)? {
        return datetime_time(obj, field);
    }
    Err(type_error(field, FORMS, obj))
}

/// An aware `datetime` as Unix seconds and nanoseconds, exactly (no float).
fn datetime_time(obj: &Bound<'_, PyAny>, field: &'static str) -> PyResult<Time> {
    let py = obj.py();
    if obj.call_method0(intern!(py, "utcoffset"))?.is_none() {
        return Err(conversion_error(
            py,
            field,
            "is a naive datetime; give it a time zone (e.g. tzinfo=datetime.timezone.utc)",
        ));
    }
    let epoch = EPOCH.get_or_try_init(py, || {
        py.import("datetime")?
            .getattr("datetime")?
            .call_method1(
                "fromtimestamp",
                (
                    0,
                    py.import("datetime")?.getattr("timezone")?.getattr("utc")?,
                ),
            )
            .map(Bound::unbind)
    })?;
    let delta = obj.call_method1(intern!(py, "__sub__"), (epoch.bind(py),))?;
    let days: i64 = delta.getattr(intern!(py, "days"))?.extract()?;
    let seconds: i64 = delta.getattr(intern!(py, "seconds"))?.extract()?;
    let micros: u32 = delta.getattr(intern!(py, "microseconds"))?.extract()?;
    Ok(Time::Unix {
        secs: days * 86_400 + seconds,
        nanos: micros * 1000,
    })
}

/// `time=` or its round-1 alias (`timestamp=`, `date=`): one of them, converted.
/// Returns the time and the name of the argument it came from.
pub fn time_or_alias(
    py: Python<'_>,
    time: Option<&Bound<'_, PyAny>>,
    alias: Option<&Bound<'_, PyAny>>,
    alias_name: &'static str,
) -> PyResult<(Time, &'static str)> {
    match (given(time), given(alias)) {
        (Some(_), Some(_)) => Err(conversion_error(
            py,
            "time",
            &format!("give either time= or {alias_name}=, not both"),
        )),
        (None, Some(a)) => Ok((time_arg(Some(a), alias_name)?, alias_name)),
        (t, None) => Ok((time_arg(t, "time")?, "time")),
    }
}

/// Header pairs from a mapping (anything with `.items()`) or an iterable of
/// `(name, value)` pairs, kept in order with every duplicate (a verifier must
/// see a repeated header to refuse it).
pub fn header_pairs(obj: &Bound<'_, PyAny>) -> PyResult<Vec<(PyBackedStr, PyBackedStr)>> {
    let bad = || {
        PyTypeError::new_err(
            "headers must be a mapping of str to str or an iterable of (name, value) pairs of str",
        )
    };
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        return Err(bad());
    }
    let py = obj.py();
    // A list or tuple of pairs is read as is; only other objects are asked for
    // `.items()` (asking a list raises and clears an AttributeError per call).
    let items = if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        obj.clone()
    } else if obj.hasattr(intern!(py, "items"))? {
        obj.call_method0(intern!(py, "items"))?
    } else {
        obj.clone()
    };
    let mut pairs = Vec::new();
    for item in items.try_iter().map_err(|_| bad())? {
        let item = item?;
        if item.is_instance_of::<PyString>() || item.len().ok() != Some(2) {
            return Err(bad());
        }
        let name = item.get_item(0)?;
        let value = item.get_item(1)?;
        pairs.push((text(&name, "headers")?, text(&value, "headers")?));
    }
    Ok(pairs)
}

/// Borrowed `(&str, &str)` views of [`header_pairs`], the core's form.
pub fn header_refs(pairs: &[(PyBackedStr, PyBackedStr)]) -> Vec<(&str, &str)> {
    pairs.iter().map(|(n, v)| (&**n, &**v)).collect()
}

/// A keyring: a mapping of id (`str`) → secret (`str` or bytes-like).
pub fn keyring(obj: &Bound<'_, PyAny>) -> PyResult<Vec<(String, Vec<u8>)>> {
    let py = obj.py();
    if obj.is_instance_of::<PyString>() || !obj.hasattr(intern!(py, "items"))? {
        return Err(type_error("keys", "a mapping of id to secret", obj));
    }
    let mut keys = Vec::new();
    for item in obj.call_method0(intern!(py, "items"))?.try_iter()? {
        let (id, secret): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
        keys.push((
            text(&id, "keys")?.to_string(),
            bytes_like(&secret, "keys")?.to_vec(),
        ));
    }
    Ok(keys)
}

/// `replay=`: `True` (in-process memory), `False` (off) or a store object.
pub fn replay_arg(obj: &Bound<'_, PyAny>) -> PyResult<Replay> {
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(if b.is_true() {
            Replay::default()
        } else {
            Replay::Off
        });
    }
    let py = obj.py();
    let callable = obj
        .getattr(intern!(py, "remember"))
        .map(|m| m.is_callable())
        .unwrap_or(false);
    if !callable {
        return Err(type_error(
            "replay",
            "True, False or a store with remember(key, ttl_seconds) -> bool",
            obj,
        ));
    }
    Ok(Replay::Store(Arc::new(PyReplayStore {
        store: obj.clone().unbind(),
    })))
}

/// A user's store object as the core's [`ReplayStore`]: `remember(key: str,
/// ttl_seconds: int) -> bool`. An exception or a non-bool answer is "the store
/// cannot answer" (the verifier fails closed with `replay_store_unavailable`).
struct PyReplayStore {
    store: Py<PyAny>,
}

impl ReplayStore for PyReplayStore {
    fn remember(&self, key: &str, ttl_seconds: u64) -> Result<bool, String> {
        Python::attach(|py| {
            let store = self.store.bind(py);
            match store.call_method1(intern!(py, "remember"), (key, ttl_seconds)) {
                Ok(answer) => answer.cast::<PyBool>().map(|b| b.is_true()).map_err(|_| {
                    format!(
                        "remember() returned {}, not a bool",
                        answer
                            .get_type()
                            .name()
                            .map(|n| n.to_string())
                            .unwrap_or_default()
                    )
                }),
                Err(err) => {
                    let kind = err
                        .get_type(py)
                        .name()
                        .map(|n| n.to_string())
                        .unwrap_or_default();
                    let mut why = err.value(py).to_string();
                    why.truncate(why.floor_char_boundary_compat(200));
                    Err(format!("remember() raised {kind}: {why}"))
                }
            }
        })
    }
}

trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, at: usize) -> usize;
}

impl FloorCharBoundary for String {
    fn floor_char_boundary_compat(&self, at: usize) -> usize {
        (0..=at.min(self.len()))
            .rev()
            .find(|&i| self.is_char_boundary(i))
            .unwrap_or(0)
    }
}

/// Runs `f` (which hashes `len` bytes) with the GIL released when `len` is large.
pub fn hashing<T, F>(py: Python<'_>, len: usize, f: F) -> T
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

pub fn repr_str(py: Python<'_>, s: &str) -> PyResult<String> {
    Ok(PyString::new(py, s).repr()?.to_string())
}
