//! The C ABI of paysign: `libpaysign.so`, `libpaysign.a` and `include/paysign.h`
//! (generated from these files by cbindgen; see `cbindgen.toml`).
//!
//! Every function here converts C values, calls `paysign::api` or a type of
//! the `paysign` crate, and maps the result to a [`paysign_status`]. The
//! conventions (text, bodies, output buffers, opaque results, time sentinels,
//! errors) are written once in the header's preamble (`cbindgen.toml`) and in
//! README.md.
//!
//! Every export is written
//!
//! ```ignore
//! #[ffi_export]
//! #[no_mangle]
//! pub unsafe extern "C" fn paysign_name(...) -> paysign_status { ...; Ok(()) }
//! ```
//!
//! `#[ffi_export]` (crate `paysign-c-export`) wraps the body in the panic
//! boundary with the function's name: a body of a function returning
//! `paysign_status` is a `Result<(), Failure>` (so `?` works); any other body
//! returns its type, and a panic gives NULL or 0. The crate denies
//! `unsafe_code`, which covers `#[no_mangle]`; only `#[ffi_export]` allows it,
//! so an export cannot skip the boundary.

#![deny(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]
// The C names of the opaque types (paysign_signed, ...), as the header shows them.
#![allow(non_camel_case_types)]

mod ffi;

// The header lists the functions in this order.
mod flat;

mod signed;

mod explain;

mod verifier;

pub use explain::*;
pub use flat::*;
pub use signed::*;
pub use verifier::*;

use std::ffi::{c_char, CStr};

use ffi::{LastPart, Out};
use paysign_c_export::ffi_export;

/// What every function returns. The values are stable: new ones may be added,
/// none will be renumbered.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types, clippy::enum_variant_names)]
pub enum paysign_status {
    /// Success; for a verifier, the request verified.
    PAYSIGN_OK = 0,
    /// A required pointer was NULL; `paysign_last_field` names it.
    PAYSIGN_NULL_ARGUMENT = 1,
    /// A text argument is not valid UTF-8; `paysign_last_field` names it.
    PAYSIGN_INVALID_UTF8 = 2,
    /// An argument is unusable; `paysign_last_field` names it and
    /// `paysign_last_error` says why.
    PAYSIGN_INVALID_ARGUMENT = 3,
    /// An output buffer is too small; its `*out_len` holds the length needed
    /// (not counting the NUL) and the buffer holds "" (when `out_cap` > 0).
    PAYSIGN_BUFFER_TOO_SMALL = 4,
    /// The request did not verify; `paysign_last_reason` gives the stable
    /// reason code (`signature_mismatch`, `timestamp_out_of_window`, ...).
    PAYSIGN_VERIFICATION_FAILED = 5,
    /// A bug in paysign (a caught panic); `paysign_last_error` says where.
    PAYSIGN_INTERNAL_ERROR = 6,
}

impl paysign_status {
    /// Every status, for turning an `int32_t` back into one.
    const ALL: [paysign_status; 7] = [
        paysign_status::PAYSIGN_OK,
        paysign_status::PAYSIGN_NULL_ARGUMENT,
        paysign_status::PAYSIGN_INVALID_UTF8,
        paysign_status::PAYSIGN_INVALID_ARGUMENT,
        paysign_status::PAYSIGN_BUFFER_TOO_SMALL,
        paysign_status::PAYSIGN_VERIFICATION_FAILED,
        paysign_status::PAYSIGN_INTERNAL_ERROR,
    ];

    fn from_value(value: i32) -> Option<paysign_status> {
        Self::ALL.into_iter().find(|status| *status as i32 == value)
    }

    fn text(self) -> &'static CStr {
        match self {
            paysign_status::PAYSIGN_OK => c"ok",
            paysign_status::PAYSIGN_NULL_ARGUMENT => c"null argument",
            paysign_status::PAYSIGN_INVALID_UTF8 => c"invalid UTF-8",
            paysign_status::PAYSIGN_INVALID_ARGUMENT => c"invalid argument",
            paysign_status::PAYSIGN_BUFFER_TOO_SMALL => c"buffer too small",
            paysign_status::PAYSIGN_VERIFICATION_FAILED => c"verification failed",
            paysign_status::PAYSIGN_INTERNAL_ERROR => c"internal error",
        }
    }
}

/// Pass as a time argument (`timestamp`, `unix_time`, `now`) to mean "the
/// current time" (INT64_MIN).
pub const PAYSIGN_NOW: i64 = i64::MIN;

/// Pass as `max_skew` to mean the default window (INT64_MIN): 300 seconds
/// either side of `now` for the `paysign_verify_*` functions, the scheme's
/// own window for the whole-request verifiers. Any other negative value is an
/// invalid argument.
pub const PAYSIGN_DEFAULT_MAX_SKEW: i64 = i64::MIN;

/// The length of an HMAC-SHA256 tag, the output of `paysign_hmac_sha256`.
pub const PAYSIGN_HMAC_SHA256_LEN: usize = 32;

pub(crate) fn time(t: i64) -> Option<i64> {
    (t != PAYSIGN_NOW).then_some(t)
}

pub(crate) fn max_skew(s: i64) -> Option<i64> {
    (s != PAYSIGN_DEFAULT_MAX_SKEW).then_some(s)
}

const VERSION_BYTES: [u8; paysign::VERSION.len() + 1] = {
    let text = paysign::VERSION.as_bytes();
    let mut out = [0u8; paysign::VERSION.len() + 1];
    let mut i = 0;
    while i < text.len() {
        out[i] = text[i];
        i += 1;
    }
    out
};
static VERSION: [u8; paysign::VERSION.len() + 1] = VERSION_BYTES;

/// The library's version, e.g. "0.1.0": a static NUL-terminated string.
#[ffi_export]
#[no_mangle]
pub extern "C" fn paysign_version() -> *const c_char {
    VERSION.as_ptr().cast()
}

/// A static NUL-terminated description of a status, e.g. "buffer too small";
/// "unknown status" for a value that is not a `paysign_status`.
#[ffi_export]
#[no_mangle]
pub extern "C" fn paysign_status_str(status: i32) -> *const c_char {
    paysign_status::from_value(status)
        .map_or(c"unknown status", paysign_status::text)
        .as_ptr()
}

#[allow(unsafe_code)]
unsafe fn write_last(
    part: LastPart,
    buf: *mut c_char,
    cap: usize,
    len: *mut usize,
) -> ffi::Result<()> {
    let out = Out::new("buf", "len", buf, cap, len)?;
    unsafe { out.write_text(&ffi::last(part)) }
}

/// The message of the last failure on this thread ("" after a success), e.g.
/// "query_string: starts with '?': pass the query without it". Never contains
/// a secret. Output buffer convention as for every function; this one (like
/// `paysign_last_field` and `paysign_last_reason`) does not change the last
/// failure, so all three can be read after one failed call.
///
/// # Safety
/// `buf` is NULL (with `cap` 0) or writable for `cap` bytes; `len` is writable.
#[ffi_export(keeps_last_error)]
#[no_mangle]
pub unsafe extern "C" fn paysign_last_error(
    buf: *mut c_char,
    cap: usize,
    len: *mut usize,
) -> paysign_status {
    unsafe { write_last(LastPart::Message, buf, cap, len) }
}

/// The argument the last failure on this thread is about ("" if none), for
/// NULL_ARGUMENT, INVALID_UTF8, INVALID_ARGUMENT and BUFFER_TOO_SMALL: the
/// parameter's name as in this header, e.g. "resource_path", "out".
///
/// # Safety
/// As `paysign_last_error`.
#[ffi_export(keeps_last_error)]
#[no_mangle]
pub unsafe extern "C" fn paysign_last_field(
    buf: *mut c_char,
    cap: usize,
    len: *mut usize,
) -> paysign_status {
    unsafe { write_last(LastPart::Field, buf, cap, len) }
}

/// The reason code of the last VERIFICATION_FAILED on this thread ("" if the
/// last call did not fail verification): one of "malformed_header",
/// "missing_header", "timestamp_out_of_window", "signature_mismatch",
/// "digest_mismatch", "headers_list_mismatch", "unsupported_algorithm",
/// "unknown_key_id", "unknown_access_id".
///
/// # Safety
/// As `paysign_last_error`.
#[ffi_export(keeps_last_error)]
#[no_mangle]
pub unsafe extern "C" fn paysign_last_reason(
    buf: *mut c_char,
    cap: usize,
    len: *mut usize,
) -> paysign_status {
    unsafe { write_last(LastPart::Reason, buf, cap, len) }
}

// The header promises that every object may be used from several threads at
// once: the compiler checks it here.
const _: () = {
    const fn shareable<T: Send + Sync>() {}
    shareable::<paysign_signed>();
    shareable::<paysign_x_pay_signer>();
    shareable::<paysign_cybersource_signer>();
    shareable::<paysign_paysimple_signer>();
    shareable::<paysign_explanation>();
    shareable::<paysign_diagnosis>();
    shareable::<paysign_verifier>();
    shareable::<paysign_webhook_verifier>();
    shareable::<paysign_verified>();
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_its_own_text() {
        let texts: Vec<_> = paysign_status::ALL.iter().map(|s| s.text()).collect();
        for (i, status) in paysign_status::ALL.iter().enumerate() {
            assert_eq!(paysign_status::from_value(*status as i32), Some(*status));
            assert!(!texts[..i].contains(&status.text()), "{status:?}");
        }
        assert_eq!(paysign_status::from_value(7), None);
        assert_eq!(paysign_status::from_value(-1), None);
    }
}
