//! `paysign._native`: the Python binding of the paysign core.
//!
//! This crate only converts types and maps errors ([`convert`]); every rule,
//! format and default is in the `paysign` crate. The signers sign through
//! `paysign::scheme::Scheme`, the verifiers are `paysign::verifier`'s, and the
//! flat functions call `paysign::api`.
//!
//! * Text arguments are `str`; bodies (and the X-Pay secret) are `str`
//!   (UTF-8) or any bytes-like object. `bytes` is read in place; `str` is
//!   encoded once; other buffers are copied once (a mutable buffer must not
//!   be read while the GIL is released).
//! * The GIL is released while verifying, diagnosing, and hashing bodies of
//!   4 KiB or more.
//! * The exception classes and the result types other than `Verified` are
//!   defined in the pure-Python half of the package and imported on first use.

#![forbid(unsafe_code)]

mod gateway;
use pyo3::prelude::*;

mod convert;
mod flat;
mod signers;
mod verifiers;

/// The native half of the ``paysign`` package; import ``paysign`` instead.
#[pymodule]
#[pyo3(name = "_native")]
fn paysign_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    flat::register(m)?;
    m.add_class::<signers::XPaySigner>()?;
    m.add_class::<signers::CyberSourceSigner>()?;
    m.add_class::<signers::PaySimpleSigner>()?;
    m.add_class::<verifiers::Verified>()?;
    m.add_class::<verifiers::XPayVerifier>()?;
    m.add_class::<verifiers::CyberSourceVerifier>()?;
    m.add_class::<verifiers::PaySimpleVerifier>()?;
    m.add_class::<verifiers::CyberSourceWebhookVerifier>()?;
    m.add_class::<gateway::Gateway>()?;
    m.add("CORE_VERSION", paysign::VERSION)?;
    m.add("DEFAULT_MAX_SKEW", paysign::DEFAULT_MAX_SKEW)?;
    Ok(())
}
