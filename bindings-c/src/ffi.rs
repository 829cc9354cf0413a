//! Conversions between C and Rust values, the thread-local last error, and the
//! panic guard every exported function runs its body in. No signing rule,
//! default or format lives here: those are in the `paysign` crate.

use std::cell::RefCell;
use std::ffi::{c_char, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};

use std::ffi::CString;

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

/// The value a non-status export returns when its body panics: NULL, 0, nothing.
pub(crate) trait PanicDefault {
    fn panic_default() -> Self;
}

impl<T> PanicDefault for *const T {
    fn panic_default() -> Self {
        std::ptr::null()
    }
}

impl<T> PanicDefault for *mut T {
    fn panic_default() -> Self {
        std::ptr::null_mut()
    }
}

impl PanicDefault for usize {
    fn panic_default() -> Self {
        0
    }
}

impl PanicDefault for i32 {
    fn panic_default() -> Self {
        0
    }
}

impl PanicDefault for i64 {
    fn panic_default() -> Self {
        0
    }
}

impl PanicDefault for () {
    fn panic_default() -> Self {}
}

/// The body of every export returning a status (`#[ffi_export]` calls it with
/// the function's name): clears the last failure (unless `keeps_last_error`,
/// for the `paysign_last_*` getters), catches any panic, maps the outcome to a
/// status and records the failure.
pub(crate) fn status_boundary(
    function: &'static str,
    keeps_last_error: bool,
    body: impl FnOnce() -> Result<()>,
) -> paysign_status {
    if !keeps_last_error {
        set_last(None);
    }
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return paysign_status::PAYSIGN_OK,
        Ok(Err(failure)) => failure,
        Err(_) => Failure::internal(function),
    };
    let status = failure.status;
    if !keeps_last_error || status == paysign_status::PAYSIGN_INTERNAL_ERROR {
        set_last(Some(failure));
    }
    status
}

/// The body of every other export (accessors, `_free`, static strings): they
/// leave the last failure alone, except that a panic records an internal error
/// and returns the type's [`PanicDefault`].
pub(crate) fn value_boundary<T: PanicDefault>(
    function: &'static str,
    body: impl FnOnce() -> T,
) -> T {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(_) => {
            set_last(Some(Failure::internal(function)));
            T::panic_default()
        }
    }
}

/// NUL-terminated UTF-8 text.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string valid for the call.
#[allow(unsafe_code)]
pub(crate) unsafe fn text<'a>(field: &'static str, p: *const c_char) -> Result<&'a str> {
    let bytes = unsafe { bytes_z(field, p) }?;
    std::str::from_utf8(bytes).map_err(|e| Failure::utf8(field, e.valid_up_to()))
}

/// NUL-terminated UTF-8 text, NULL meaning "not given".
///
/// # Safety
/// As [`text`].
#[allow(unsafe_code)]
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
#[allow(unsafe_code)]
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
#[allow(unsafe_code)]
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

#[allow(unsafe_code)]
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

#[allow(unsafe_code)]
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

#[allow(unsafe_code)]
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

#[allow(unsafe_code)]
fn as_c_chars(bytes: &[u8]) -> &[c_char] {
    // c_char is i8 or u8: same size and alignment as u8.
    unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<c_char>(), bytes.len()) }
}

/// The received headers, as two parallel arrays of `count` NUL-terminated
/// texts (`names[i]`, `values[i]`), named `header_names` and `header_values`
/// in errors as in every export; both arrays may be NULL when `count` is 0.
///
/// # Safety
/// `names` and `values` are NULL or point to `count` pointers, each NULL or
/// NUL-terminated, valid for the call.
#[allow(unsafe_code)]
pub(crate) unsafe fn header_pairs<'a>(
    names: *const *const c_char,
    values: *const *const c_char,
    count: usize,
) -> Result<Vec<(&'a str, &'a str)>> {
    let names = unsafe { text_array("header_names", names, count) }?;
    let values = unsafe { text_array("header_values", values, count) }?;
    Ok(names.into_iter().zip(values).collect())
}

/// A list of `count` NUL-terminated UTF-8 texts (NULL when `count` is 0).
///
/// # Safety
/// `items` is NULL or points to `count` pointers, each NULL or NUL-terminated,
/// valid for the call.
#[allow(unsafe_code)]
pub(crate) unsafe fn text_array<'a>(
    field: &'static str,
    items: *const *const c_char,
    count: usize,
) -> Result<Vec<&'a str>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if items.is_null() {
        return Err(Failure::null(field));
    }
    if count > isize::MAX as usize / std::mem::size_of::<*const c_char>() {
        return Err(Failure::invalid(
            field,
            "count is larger than an array can be",
        ));
    }
    let items = unsafe { std::slice::from_raw_parts(items, count) };
    items
        .iter()
        .enumerate()
        .map(|(index, &item)| unsafe { indexed_text(field, index, item) })
        .collect()
}

/// Element `index` of a text array; errors name the array and the index, never
/// the text (a header value may carry a credential).
#[allow(unsafe_code)]
unsafe fn indexed_text<'a>(field: &'static str, index: usize, p: *const c_char) -> Result<&'a str> {
    if p.is_null() {
        return Err(Failure::new(
            paysign_status::PAYSIGN_NULL_ARGUMENT,
            format!("{field}: element {index} must not be NULL"),
            Some(field),
        ));
    }
    let bytes = unsafe { CStr::from_ptr(p) }.to_bytes();
    std::str::from_utf8(bytes).map_err(|e| {
        Failure::new(
            paysign_status::PAYSIGN_INVALID_UTF8,
            format!(
                "{field}: element {index} is not valid UTF-8 (first invalid byte at offset {})",
                e.valid_up_to()
            ),
            Some(field),
        )
    })
}

/// A text the library hands out, NUL-terminated for C. Core never puts U+0000
/// in a header, URL or message; if it ever did, that is a bug to report.
pub(crate) fn c_text(text: impl Into<Vec<u8>>) -> Result<CString> {
    CString::new(text).map_err(|_| {
        Failure::new(
            paysign_status::PAYSIGN_INTERNAL_ERROR,
            "internal error: a result holds U+0000; please report it".to_owned(),
            None,
        )
    })
}

/// Checks the output pointer of an allocated result and sets `*out` to NULL,
/// so that it is NULL after any failure.
///
/// # Safety
/// `out` is NULL or writable.
#[allow(unsafe_code)]
pub(crate) unsafe fn clear_out<T>(field: &'static str, out: *mut *mut T) -> Result<()> {
    if out.is_null() {
        return Err(Failure::null(field));
    }
    unsafe { out.write(std::ptr::null_mut()) };
    Ok(())
}

/// Hands `value` to the caller through `out` (checked by [`clear_out`]); the
/// caller frees it with the type's `_free` function.
///
/// # Safety
/// `out` was checked by [`clear_out`] in this call.
#[allow(unsafe_code)]
pub(crate) unsafe fn hand_out<T>(out: *mut *mut T, value: T) {
    unsafe { out.write(Box::into_raw(Box::new(value))) };
}

/// Takes back what [`hand_out`] gave; NULL is nothing.
///
/// # Safety
/// `p` is NULL or came from [`hand_out`] with the same `T` and was not freed.
#[allow(unsafe_code)]
pub(crate) unsafe fn free<T>(p: *mut T) {
    if !p.is_null() {
        drop(unsafe { Box::from_raw(p) });
    }
}

/// Borrows an object the caller holds; NULL is `None`.
///
/// # Safety
/// `p` is NULL or came from [`hand_out`] and was not freed.
#[allow(unsafe_code)]
pub(crate) unsafe fn borrow<'a, T>(p: *const T) -> Option<&'a T> {
    unsafe { p.as_ref() }
}

/// Like [`borrow`], for a required argument: NULL is PAYSIGN_NULL_ARGUMENT.
///
/// # Safety
/// As [`borrow`].
#[allow(unsafe_code)]
pub(crate) unsafe fn object<'a, T>(field: &'static str, p: *const T) -> Result<&'a T> {
    unsafe { p.as_ref() }.ok_or_else(|| Failure::null(field))
}

/// A borrowed text for an accessor: its pointer, valid while its owner lives.
pub(crate) fn text_ptr(text: &CString) -> *const c_char {
    text.as_ptr()
}

/// The time of a signature, from the three arguments every round-2 function
/// takes: `time_text` (signed exactly as given) when not NULL, else
/// `unix_time` + `nanos`, or the current time when `unix_time` is
/// `PAYSIGN_NOW`. Giving both a text and a Unix time is refused.
pub(crate) struct TimeArg {
    pub(crate) time: paysign::Time,
    /// The C argument a time error is about: `time_text` or `unix_time`.
    field: &'static str,
}

impl TimeArg {
    /// Core names a bad time `time`; the C caller passed `unix_time` or `time_text`.
    pub(crate) fn rename<T>(&self, result: paysign::Result<T>) -> paysign::Result<T> {
        result.map_err(|err| match err {
            paysign::Error::InvalidArgument {
                field: "time",
                problem,
            } => paysign::Error::InvalidArgument {
                field: self.field,
                problem,
            },
            other => other,
        })
    }
}

/// Reads the three time arguments.
///
/// # Safety
/// `time_text` is NULL or NUL-terminated.
#[allow(unsafe_code)]
pub(crate) unsafe fn time_arg(
    unix_time: i64,
    nanos: u32,
    time_text: *const c_char,
) -> Result<TimeArg> {
    let text = unsafe { opt_text("time_text", time_text) }?;
    if nanos >= 1_000_000_000 {
        return Err(Failure::invalid(
            "nanos",
            format_args!("{nanos} is not below 10^9"),
        ));
    }
    let time =
        match text {
            Some(_) if unix_time != crate::PAYSIGN_NOW => return Err(Failure::invalid(
                "time_text",
                "give the time as text or as unix_time, not both (unix_time must be PAYSIGN_NOW)",
            )),
            Some(text) => {
                return Ok(TimeArg {
                    time: paysign::Time::text(text),
                    field: "time_text",
                })
            }
            None if unix_time == crate::PAYSIGN_NOW => paysign::Time::Now,
            None => paysign::Time::Unix {
                secs: unix_time,
                nanos,
            },
        };
    Ok(TimeArg {
        time,
        field: "unix_time",
    })
}

/// Stores a length for an accessor that returns bytes; NULL `len` is skipped.
///
/// # Safety
/// `len` is NULL or writable.
#[allow(unsafe_code)]
pub(crate) unsafe fn set_len(len: *mut usize, value: usize) {
    if !len.is_null() {
        unsafe { len.write(value) };
    }
}

/// A list of `count` NUL-terminated byte strings, any encoding (NULL when
/// `count` is 0); errors name the list and the index.
///
/// # Safety
/// As [`text_array`].
#[allow(unsafe_code)]
pub(crate) unsafe fn bytes_z_array<'a>(
    field: &'static str,
    items: *const *const c_char,
    count: usize,
) -> Result<Vec<&'a [u8]>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if items.is_null() {
        return Err(Failure::null(field));
    }
    if count > isize::MAX as usize / std::mem::size_of::<*const c_char>() {
        return Err(Failure::invalid(
            field,
            "count is larger than an array can be",
        ));
    }
    let items = unsafe { std::slice::from_raw_parts(items, count) };
    items
        .iter()
        .enumerate()
        .map(|(index, &item)| {
            if item.is_null() {
                Err(Failure::new(
                    paysign_status::PAYSIGN_NULL_ARGUMENT,
                    format!("{field}: element {index} must not be NULL"),
                    Some(field),
                ))
            } else {
                Ok(unsafe { CStr::from_ptr(item) }.to_bytes())
            }
        })
        .collect()
}
