//! Conversions between C and Rust values, the thread-local last error, and the
//! panic guard every exported function runs its body in. No signing rule,
//! default or format lives here: those are in the `paysign` crate.

use std::cell::RefCell;
use std::ffi::{c_char, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::paysign_status;

/// A failed call: the status it returns and what `paysign_last_*` report.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) status: paysign_status,
    message: String,
    field: Option<&'static str>,
    reason: Option<&'static str>,
}

impl Failure {
    fn new(status: paysign_status, message: String, field: Option<&'static str>) -> Self {
        Failure {
            status,
            message,
            field,
            reason: None,
        }
    }

    pub(crate) fn null(field: &'static str) -> Self {
        Failure::new(
            paysign_status::PAYSIGN_NULL_ARGUMENT,
            format!("{field}: must not be NULL"),
            Some(field),
        )
    }

    fn utf8(field: &'static str, valid_up_to: usize) -> Self {
        // Only the offset: the text may be a secret.
        Failure::new(
            paysign_status::PAYSIGN_INVALID_UTF8,
            format!("{field}: is not valid UTF-8 (first invalid byte at offset {valid_up_to})"),
            Some(field),
        )
    }

    pub(crate) fn invalid(field: &'static str, problem: impl std::fmt::Display) -> Self {
        Failure::new(
            paysign_status::PAYSIGN_INVALID_ARGUMENT,
            format!("{field}: {problem}"),
            Some(field),
        )
    }

    fn too_small(field: &'static str, len: usize, nul: bool, cap: usize) -> Self {
        let needed = if nul {
            format!("{} bytes needed ({len} and the NUL)", len.saturating_add(1))
        } else {
            format!("{len} bytes needed")
        };
        Failure::new(
            paysign_status::PAYSIGN_BUFFER_TOO_SMALL,
            format!("{field}: a buffer of {cap} bytes is too small: {needed}"),
            Some(field),
        )
    }

    fn internal(function: &'static str) -> Self {
        Failure::new(
            paysign_status::PAYSIGN_INTERNAL_ERROR,
            format!("internal error: {function} panicked; please report it"),
            None,
        )
    }
}

impl From<paysign::Error> for Failure {
    fn from(err: paysign::Error) -> Self {
        let message = err.to_string();
        match &err {
            paysign::Error::InvalidArgument { field, .. } => Failure::new(
                paysign_status::PAYSIGN_INVALID_ARGUMENT,
                message,
                Some(field),
            ),
            paysign::Error::Verification(rejection) => Failure {
                status: paysign_status::PAYSIGN_VERIFICATION_FAILED,
                message,
                field: None,
                reason: Some(rejection.code()),
            },
            // `Error` is non-exhaustive: a variant this build does not know.
            _ => Failure::new(paysign_status::PAYSIGN_INTERNAL_ERROR, message, None),
        }
    }
}

pub(crate) type Result<T, E = Failure> = std::result::Result<T, E>;

thread_local! {
    static LAST: RefCell<Option<Failure>> = const { RefCell::new(None) };
}

fn set_last(failure: Option<Failure>) {
    // During thread teardown the slot may be gone: nothing to report then.
    let _ = LAST.try_with(|last| {
        if let Ok(mut slot) = last.try_borrow_mut() {
            *slot = failure;
        }
    });
}

/// Which part of the last failure `paysign_last_*` reads.
#[derive(Clone, Copy)]
pub(crate) enum LastPart {
    Message,
    Field,
    Reason,
}

/// The part of this thread's last failure, or "" when the last call succeeded.
pub(crate) fn last(part: LastPart) -> String {
    LAST.try_with(|last| {
        last.try_borrow().ok().and_then(|slot| {
            slot.as_ref().map(|f| match part {
                LastPart::Message => f.message.clone(),
                LastPart::Field => f.field.unwrap_or("").to_owned(),
                LastPart::Reason => f.reason.unwrap_or("").to_owned(),
            })
        })
    })
    .ok()
    .flatten()
    .unwrap_or_default()
}

/// Runs the body of exported function `function`: clears the last error,
/// catches any panic, maps the outcome to a status and records the failure.
pub(crate) fn call(function: &'static str, body: impl FnOnce() -> Result<()>) -> paysign_status {
    set_last(None);
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return paysign_status::PAYSIGN_OK,
        Ok(Err(failure)) => failure,
        Err(_) => Failure::internal(function),
    };
    let status = failure.status;
    set_last(Some(failure));
    status
}

/// Like [`call`], without touching the last error (for the `paysign_last_*` getters).
pub(crate) fn call_keeping_last(body: impl FnOnce() -> Result<()>) -> paysign_status {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => paysign_status::PAYSIGN_OK,
        Ok(Err(failure)) => failure.status,
        Err(_) => paysign_status::PAYSIGN_INTERNAL_ERROR,
    }
}

/// NUL-terminated UTF-8 text.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string valid for the call.
pub(crate) unsafe fn text<'a>(field: &'static str, p: *const c_char) -> Result<&'a str> {
    let bytes = unsafe { bytes_z(field, p) }?;
    std::str::from_utf8(bytes).map_err(|e| Failure::utf8(field, e.valid_up_to()))
}

/// NUL-terminated UTF-8 text, NULL meaning "not given".
///
/// # Safety
/// As [`text`].
pub(crate) unsafe fn opt_text<'a>(
    field: &'static str,
    p: *const c_char,
) -> Result<Option<&'a str>> {
    if p.is_null() {
        Ok(None)
    } else {
        unsafe { text(field, p) }.map(Some)
    }
}

/// NUL-terminated bytes, any encoding.
///
/// # Safety
/// As [`text`].
pub(crate) unsafe fn bytes_z<'a>(field: &'static str, p: *const c_char) -> Result<&'a [u8]> {
    if p.is_null() {
        return Err(Failure::null(field));
    }
    Ok(unsafe { CStr::from_ptr(p) }.to_bytes())
}

/// A pointer and a length; NULL with length 0 is empty.
///
/// # Safety
/// `p` is NULL or points to `len` readable bytes valid for the call.
pub(crate) unsafe fn bytes<'a>(field: &'static str, p: *const u8, len: usize) -> Result<&'a [u8]> {
    if p.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Failure::null(field))
        };
    }
    if len > isize::MAX as usize {
        return Err(Failure::invalid(field, "length is larger than PTRDIFF_MAX"));
    }
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// A caller-owned output buffer: `out` (`out_cap` bytes) and `*out_len`.
pub(crate) struct Out<T> {
    name: &'static str,
    out: *mut T,
    cap: usize,
    out_len: *mut usize,
}

impl<T: Copy + Default> Out<T> {
    /// Checks the pointers before any work is done: `out_len` must not be NULL,
    /// and `out` may be NULL only when `out_cap` is 0 (a size query).
    pub(crate) fn new(
        name: &'static str,
        len_name: &'static str,
        out: *mut T,
        cap: usize,
        out_len: *mut usize,
    ) -> Result<Self> {
        if out_len.is_null() {
            return Err(Failure::null(len_name));
        }
        if out.is_null() && cap != 0 {
            return Err(Failure::null(name));
        }
        Ok(Out {
            name,
            out,
            cap,
            out_len,
        })
    }

    /// Whether `len` items (plus a terminator when `nul`) fit.
    fn fits(&self, len: usize, nul: bool) -> bool {
        len.checked_add(usize::from(nul))
            .is_some_and(|needed| needed <= self.cap)
    }

    /// Stores `len` in `*out_len` and, when it does not fit, empties the buffer.
    ///
    /// # Safety
    /// The pointers given to [`Out::new`] are valid for the call.
    unsafe fn report(&self, len: usize, nul: bool) -> Result<()> {
        unsafe { self.out_len.write(len) };
        if self.fits(len, nul) {
            Ok(())
        } else {
            if !self.out.is_null() && self.cap > 0 {
                unsafe { self.out.write(T::default()) };
            }
            Err(Failure::too_small(self.name, len, nul, self.cap))
        }
    }

    /// Copies `data` (and a terminator when `nul`) into the buffer.
    ///
    /// # Safety
    /// The pointers given to [`Out::new`] are valid for the call, and
    /// `data` fits (checked by [`Out::report`]).
    unsafe fn copy(&self, data: &[T], nul: bool) {
        debug_assert!(self.fits(data.len(), nul));
        if !data.is_empty() {
            unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), self.out, data.len()) };
        }
        if nul {
            unsafe { self.out.add(data.len()).write(T::default()) };
        }
    }
}

impl Out<c_char> {
    /// Writes `text` NUL-terminated; `*out_len` = its length without the NUL.
    ///
    /// # Safety
    /// The pointers given to [`Out::new`] are valid for the call.
    pub(crate) unsafe fn write_text(&self, text: &str) -> Result<()> {
        unsafe { self.report(text.len(), true) }?;
        unsafe { self.copy(as_c_chars(text.as_bytes()), true) };
        Ok(())
    }
}

impl Out<u8> {
    /// Writes `data` as is (no terminator); `*out_len` = its length.
    ///
    /// # Safety
    /// The pointers given to [`Out::new`] are valid for the call.
    pub(crate) unsafe fn write_bytes(&self, data: &[u8]) -> Result<()> {
        unsafe { self.report(data.len(), false) }?;
        unsafe { self.copy(data, false) };
        Ok(())
    }
}

/// Writes two texts: both, or — when either does not fit — neither (both
/// lengths are still stored, so the caller can retry with larger buffers).
///
/// # Safety
/// The pointers given to both [`Out::new`] are valid for the call.
pub(crate) unsafe fn write_two(
    first: &Out<c_char>,
    first_text: &str,
    second: &Out<c_char>,
    second_text: &str,
) -> Result<()> {
    let a = unsafe { first.report(first_text.len(), true) };
    let b = unsafe { second.report(second_text.len(), true) };
    match (a, b) {
        (Ok(()), Ok(())) => {
            unsafe { first.copy(as_c_chars(first_text.as_bytes()), true) };
            unsafe { second.copy(as_c_chars(second_text.as_bytes()), true) };
            Ok(())
        }
        (Err(e), _) | (_, Err(e)) => {
            // Leave both buffers as empty strings, not one filled and one not.
            if !first.out.is_null() && first.cap > 0 {
                unsafe { first.out.write(0) };
            }
            if !second.out.is_null() && second.cap > 0 {
                unsafe { second.out.write(0) };
            }
            Err(e)
        }
    }
}

fn as_c_chars(bytes: &[u8]) -> &[c_char] {
    // c_char is i8 or u8: same size and alignment as u8.
    unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<c_char>(), bytes.len()) }
}

/// The headers a signer returns, as the C ABI gives them: one `Name: value\r\n`
/// line per header, in the order to send them.
pub(crate) fn header_lines<N: AsRef<str>, V: AsRef<str>>(headers: &[(N, V)]) -> String {
    let mut block = String::new();
    for (name, value) in headers {
        block.push_str(name.as_ref());
        block.push_str(": ");
        block.push_str(value.as_ref());
        block.push_str("\r\n");
    }
    block
}

/// Parses a block of `Name: value` lines (ended by `\n` or `\r\n`; empty lines
/// skipped) into pairs. The value is the text after the first `:`, without the
/// spaces and tabs around it (HTTP's optional whitespace).
pub(crate) fn parse_header_lines<'a>(
    field: &'static str,
    block: &'a str,
) -> Result<Vec<(&'a str, &'a str)>> {
    let mut pairs = Vec::new();
    for (index, line) in block.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        // Line numbers only: a header line may carry a credential.
        let (name, value) = line.split_once(':').ok_or_else(|| {
            Failure::invalid(
                field,
                format_args!("line {} has no ':' (expected \"Name: value\")", index + 1),
            )
        })?;
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(Failure::invalid(
                field,
                format_args!(
                    "line {}: the header name is empty or contains whitespace",
                    index + 1
                ),
            ));
        }
        pairs.push((name, value.trim_matches([' ', '\t'])));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_round_trip() {
        let block = header_lines(&[("Date", "x y"), ("Host", "h")]);
        assert_eq!(block, "Date: x y\r\nHost: h\r\n");
        assert_eq!(
            parse_header_lines("headers", &block).unwrap(),
            [("Date", "x y"), ("Host", "h")]
        );
        assert_eq!(
            parse_header_lines("headers", "A:1\n\nB:\t 2 \n").unwrap(),
            [("A", "1"), ("B", "2")]
        );
        assert!(parse_header_lines("headers", "no colon").is_err());
        assert!(parse_header_lines("headers", " A: 1").is_err());
    }
}
