//! Signing whole requests: the opaque result `paysign_signed` (the URL to send
//! and the headers to add) and the three signers, which hold their
//! credentials (checked once, the secret never leaving the library).

use std::ffi::{c_char, CString};

use paysign_c_export::ffi_export;

use paysign::scheme::{Scheme, SignableRequest};
use paysign::Time;

use crate::ffi::{self, borrow, bytes, bytes_z, object, text, text_ptr};
use crate::{paysign_status, time};

/// What a signer returns: the URL to send (it may differ from the one given:
/// X-Pay sorts the query and adds `apikey`; every scheme drops the fragment)
/// and the headers to add, in sending order. Read it with
/// `paysign_signed_url`, `paysign_signed_header_count`,
/// `paysign_signed_header_name` and `paysign_signed_header_value`; the texts
/// they return live as long as the result. Free it with `paysign_signed_free`.
/// Immutable: it may be read from several threads at once.
pub struct paysign_signed {
    url: Option<CString>,
    headers: Vec<(CString, CString)>,
}

/// Gives a signed result to the caller through `out` (checked by `clear_out`).
///
/// # Safety
/// `out` was checked by [`ffi::clear_out`] in this call.
#[allow(unsafe_code)]
pub(crate) unsafe fn hand_out_signed(
    out: *mut *mut paysign_signed,
    url: Option<&str>,
    headers: &[(&'static str, String)],
) -> ffi::Result<()> {
    let signed = paysign_signed {
        url: url.map(ffi::c_text).transpose()?,
        headers: headers
            .iter()
            .map(|(name, value)| Ok((ffi::c_text(*name)?, ffi::c_text(value.as_str())?)))
            .collect::<ffi::Result<_>>()?,
    };
    unsafe { ffi::hand_out(out, signed) };
    Ok(())
}

#[allow(unsafe_code)]
unsafe fn hand_out_request(
    out: *mut *mut paysign_signed,
    signed: &paysign::SignedRequest,
) -> ffi::Result<()> {
    unsafe { hand_out_signed(out, Some(&signed.url), &signed.headers) }
}

/// The method, URL and body of a request to sign.
///
/// # Safety
/// Text arguments are NULL or NUL-terminated; `body` is NULL (with
/// `body_len` 0) or readable for `body_len` bytes.
#[allow(unsafe_code)]
unsafe fn signable<'a>(
    method: *const c_char,
    url: *const c_char,
    body: *const u8,
    body_len: usize,
) -> ffi::Result<SignableRequest<'a>> {
    Ok(SignableRequest {
        method: unsafe { text("method", method) }?,
        url: unsafe { text("url", url) }?,
        body: unsafe { bytes("body", body, body_len) }?,
    })
}

/// The URL to send; NULL when `result` is NULL or came from
/// `paysign_cybersource_signature` (which is given no URL).
///
/// # Safety
/// `result` is NULL or a live result of this library.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_signed_url(result: *const paysign_signed) -> *const c_char {
    unsafe { borrow(result) }
        .and_then(|s| s.url.as_ref())
        .map_or(std::ptr::null(), text_ptr)
}

/// How many headers to add (0 when `result` is NULL).
///
/// # Safety
/// As `paysign_signed_url`.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_signed_header_count(result: *const paysign_signed) -> usize {
    unsafe { borrow(result) }.map_or(0, |s| s.headers.len())
}

/// The name of header `index` (0-based, in sending order), e.g.
/// "x-pay-token"; NULL when `result` is NULL or `index` is not below the count.
///
/// # Safety
/// As `paysign_signed_url`.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_signed_header_name(
    result: *const paysign_signed,
    index: usize,
) -> *const c_char {
    unsafe { borrow(result) }
        .and_then(|s| s.headers.get(index))
        .map_or(std::ptr::null(), |(name, _)| text_ptr(name))
}

/// The value of header `index`; NULL as for `paysign_signed_header_name`.
///
/// # Safety
/// As `paysign_signed_url`.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_signed_header_value(
    result: *const paysign_signed,
    index: usize,
) -> *const c_char {
    unsafe { borrow(result) }
        .and_then(|s| s.headers.get(index))
        .map_or(std::ptr::null(), |(_, value)| text_ptr(value))
}

/// Frees a result; NULL is ignored.
///
/// # Safety
/// `result` is NULL or a live result of this library, not used afterwards.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_signed_free(result: *mut paysign_signed) {
    unsafe { ffi::free(result) }
}

// ------------------------------------------------------------------ X-Pay

/// Signs Visa X-Pay requests for one API key and shared secret. Create it with
/// `paysign_x_pay_signer_new`, free it with `paysign_x_pay_signer_free`.
/// Immutable: one signer may sign from several threads at once.
pub struct paysign_x_pay_signer {
    signer: paysign::XPaySigner,
    api_key: CString,
    full_path: bool,
}

/// A signer for `api_key` and `shared_secret` (NUL-terminated bytes, any
/// encoding), into `*signer_out`. `full_path` non-zero signs the whole URL
/// path instead of dropping its first segment (the context path, `/vdp/`).
///
/// # Safety
/// Text arguments are NULL or NUL-terminated; `signer_out` is writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_x_pay_signer_new(
    api_key: *const c_char,
    shared_secret: *const c_char,
    full_path: i32,
    signer_out: *mut *mut paysign_x_pay_signer,
) -> paysign_status {
    unsafe { ffi::clear_out("signer_out", signer_out) }?;
    let api_key = unsafe { text("api_key", api_key) }?;
    let shared_secret = unsafe { bytes_z("shared_secret", shared_secret) }?;
    let mut signer = paysign::XPaySigner::new(api_key, shared_secret)?;
    if full_path != 0 {
        signer = signer.with_path_rule(paysign::PathRule::FullPath);
    }
    let held = paysign_x_pay_signer {
        api_key: ffi::c_text(signer.api_key())?,
        signer,
        full_path: full_path != 0,
    };
    unsafe { ffi::hand_out(signer_out, held) };
    Ok(())
}

/// Signs a request from its URL into `*signed_out`: the URL to send (query
/// sorted, `apikey` added, fragment dropped) and the headers `x-pay-token`,
/// `Accept`, and `Content-Type` when the body is not empty. The time is
/// `time_text` (decimal Unix seconds, signed as given) when not NULL, else
/// `unix_time` (`nanos` unused by this scheme), or now when `unix_time` is
/// PAYSIGN_NOW (then `time_text` must be NULL).
///
/// # Safety
/// `signer` is NULL or live; text arguments are NULL or NUL-terminated;
/// `body` is NULL (with `body_len` 0) or readable for `body_len` bytes;
/// `signed_out` is writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_x_pay_signer_sign(
    signer: *const paysign_x_pay_signer,
    method: *const c_char,
    url: *const c_char,
    body: *const u8,
    body_len: usize,
    unix_time: i64,
    nanos: u32,
    time_text: *const c_char,
    signed_out: *mut *mut paysign_signed,
) -> paysign_status {
    unsafe { ffi::clear_out("signed_out", signed_out) }?;
    let held = unsafe { object("signer", signer) }?;
    let request = unsafe { signable(method, url, body, body_len) }?;
    let time = unsafe { ffi::time_arg(unix_time, nanos, time_text) }?;
    let signed = time.rename(held.signer.sign_request(&request, &time.time))?;
    unsafe { hand_out_request(signed_out, &signed) }
}

/// The signer's API key (not a secret: it travels in the URL); NULL when
/// `signer` is NULL. Lives as long as the signer.
///
/// # Safety
/// `signer` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_x_pay_signer_api_key(
    signer: *const paysign_x_pay_signer,
) -> *const c_char {
    unsafe { borrow(signer) }.map_or(std::ptr::null(), |s| text_ptr(&s.api_key))
}

/// 1 when the signer signs the whole URL path, else 0 (also for NULL).
///
/// # Safety
/// `signer` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_x_pay_signer_full_path(
    signer: *const paysign_x_pay_signer,
) -> i32 {
    unsafe { borrow(signer) }.map_or(0, |s| i32::from(s.full_path))
}

/// Frees a signer (its secret is wiped); NULL is ignored.
///
/// # Safety
/// `signer` is NULL or live, not used afterwards.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_x_pay_signer_free(signer: *mut paysign_x_pay_signer) {
    unsafe { ffi::free(signer) }
}

// ------------------------------------------------------------ CyberSource

/// Signs CyberSource requests for one merchant (HTTP Signature with a shared
/// secret). Create it with `paysign_cybersource_signer_new`, free it with
/// `paysign_cybersource_signer_free`. Immutable and shareable across threads.
pub struct paysign_cybersource_signer {
    signer: paysign::CyberSourceSigner,
    merchant_id: CString,
    key_id: CString,
}

/// A signer for `merchant_id`, `key_id` and the base64 `shared_secret`
/// CyberSource issues, into `*signer_out`.
///
/// # Safety
/// Text arguments are NULL or NUL-terminated; `signer_out` is writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_cybersource_signer_new(
    merchant_id: *const c_char,
    key_id: *const c_char,
    shared_secret: *const c_char,
    signer_out: *mut *mut paysign_cybersource_signer,
) -> paysign_status {
    unsafe { ffi::clear_out("signer_out", signer_out) }?;
    let merchant_id = unsafe { text("merchant_id", merchant_id) }?;
    let key_id = unsafe { text("key_id", key_id) }?;
    let shared_secret = unsafe { text("shared_secret", shared_secret) }?;
    let signer = paysign::CyberSourceSigner::new(merchant_id, key_id, shared_secret)?;
    let held = paysign_cybersource_signer {
        signer,
        merchant_id: ffi::c_text(merchant_id)?,
        key_id: ffi::c_text(key_id)?,
    };
    unsafe { ffi::hand_out(signer_out, held) };
    Ok(())
}

/// Signs a request from its URL into `*signed_out`: the URL to send (fragment
/// dropped) and `v-c-merchant-id`, `Date`, `Host`, `Digest` (POST, PUT,
/// PATCH) and `Signature`; `Host` and the request target come from the URL.
/// The `Date` is `time_text` (an IMF-fixdate, "Thu, 18 Jul 2019 00:18:03
/// GMT", signed as given) when not NULL, else `unix_time` (`nanos` unused),
/// or now when `unix_time` is PAYSIGN_NOW.
///
/// # Safety
/// As `paysign_x_pay_signer_sign`.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_cybersource_signer_sign(
    signer: *const paysign_cybersource_signer,
    method: *const c_char,
    url: *const c_char,
    body: *const u8,
    body_len: usize,
    unix_time: i64,
    nanos: u32,
    time_text: *const c_char,
    signed_out: *mut *mut paysign_signed,
) -> paysign_status {
    unsafe { ffi::clear_out("signed_out", signed_out) }?;
    let held = unsafe { object("signer", signer) }?;
    let request = unsafe { signable(method, url, body, body_len) }?;
    let time = unsafe { ffi::time_arg(unix_time, nanos, time_text) }?;
    let signed = time.rename(held.signer.sign_request(&request, &time.time))?;
    unsafe { hand_out_request(signed_out, &signed) }
}

/// The signer's merchant id; NULL when `signer` is NULL.
///
/// # Safety
/// `signer` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_cybersource_signer_merchant_id(
    signer: *const paysign_cybersource_signer,
) -> *const c_char {
    unsafe { borrow(signer) }.map_or(std::ptr::null(), |s| text_ptr(&s.merchant_id))
}

/// The signer's key id; NULL when `signer` is NULL.
///
/// # Safety
/// `signer` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_cybersource_signer_key_id(
    signer: *const paysign_cybersource_signer,
) -> *const c_char {
    unsafe { borrow(signer) }.map_or(std::ptr::null(), |s| text_ptr(&s.key_id))
}

/// Frees a signer (its secret is wiped); NULL is ignored.
///
/// # Safety
/// `signer` is NULL or live, not used afterwards.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_cybersource_signer_free(signer: *mut paysign_cybersource_signer) {
    unsafe { ffi::free(signer) }
}

// -------------------------------------------------------------- PaySimple

/// Signs PaySimple requests for one API user. Create it with
/// `paysign_paysimple_signer_new`, free it with `paysign_paysimple_signer_free`.
/// Immutable and shareable across threads.
pub struct paysign_paysimple_signer {
    signer: paysign::PaySimpleSigner,
    username: CString,
}

/// A signer for the API `username` and `api_key`, into `*signer_out`.
///
/// # Safety
/// Text arguments are NULL or NUL-terminated; `signer_out` is writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_paysimple_signer_new(
    username: *const c_char,
    api_key: *const c_char,
    signer_out: *mut *mut paysign_paysimple_signer,
) -> paysign_status {
    unsafe { ffi::clear_out("signer_out", signer_out) }?;
    let username = unsafe { text("username", username) }?;
    let api_key = unsafe { text("api_key", api_key) }?;
    let signer = paysign::PaySimpleSigner::new(username, api_key)?;
    let held = paysign_paysimple_signer {
        signer,
        username: ffi::c_text(username)?,
    };
    unsafe { ffi::hand_out(signer_out, held) };
    Ok(())
}

/// Signs a request into `*signed_out`: the URL to send (fragment dropped) and
/// `Authorization: PSSERVER ...`. The timestamp is `time_text` (ISO-8601,
/// "2017-07-20T20:45:44.0973928Z", signed exactly as given) when not NULL,
/// else `unix_time` + `nanos` (0..999999999) in UTC, or now when `unix_time`
/// is PAYSIGN_NOW. The body is not signed by this scheme.
///
/// # Safety
/// As `paysign_x_pay_signer_sign`.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_paysimple_signer_sign(
    signer: *const paysign_paysimple_signer,
    method: *const c_char,
    url: *const c_char,
    body: *const u8,
    body_len: usize,
    unix_time: i64,
    nanos: u32,
    time_text: *const c_char,
    signed_out: *mut *mut paysign_signed,
) -> paysign_status {
    unsafe { ffi::clear_out("signed_out", signed_out) }?;
    let held = unsafe { object("signer", signer) }?;
    let request = unsafe { signable(method, url, body, body_len) }?;
    let time = unsafe { ffi::time_arg(unix_time, nanos, time_text) }?;
    let signed = time.rename(held.signer.sign_request(&request, &time.time))?;
    unsafe { hand_out_request(signed_out, &signed) }
}

/// The signer's API username; NULL when `signer` is NULL.
///
/// # Safety
/// `signer` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_paysimple_signer_username(
    signer: *const paysign_paysimple_signer,
) -> *const c_char {
    unsafe { borrow(signer) }.map_or(std::ptr::null(), |s| text_ptr(&s.username))
}

/// Frees a signer (its key is wiped); NULL is ignored.
///
/// # Safety
/// `signer` is NULL or live, not used afterwards.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_paysimple_signer_free(signer: *mut paysign_paysimple_signer) {
    unsafe { ffi::free(signer) }
}

// ------------------------------------------------- one-call request signers

/// `paysign_x_pay_signer_new` and `paysign_x_pay_signer_sign` in one call.
///
/// # Safety
/// Text arguments are NULL or NUL-terminated; `body` is NULL (with
/// `body_len` 0) or readable for `body_len` bytes; `signed_out` is writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_x_pay_sign_request(
    api_key: *const c_char,
    shared_secret: *const c_char,
    method: *const c_char,
    url: *const c_char,
    body: *const u8,
    body_len: usize,
    timestamp: i64,
    full_path: i32,
    signed_out: *mut *mut paysign_signed,
) -> paysign_status {
    unsafe { ffi::clear_out("signed_out", signed_out) }?;
    let api_key = unsafe { text("api_key", api_key) }?;
    let shared_secret = unsafe { bytes_z("shared_secret", shared_secret) }?;
    let method = unsafe { text("method", method) }?;
    let url = unsafe { text("url", url) }?;
    let body = unsafe { bytes("body", body, body_len) }?;
    let mut signer = paysign::XPaySigner::new(api_key, shared_secret)?;
    if full_path != 0 {
        signer = signer.with_path_rule(paysign::PathRule::FullPath);
    }
    let request = SignableRequest { method, url, body };
    let signed = signer.sign_request(&request, &Time::from_option(time(timestamp)))?;
    unsafe { hand_out_request(signed_out, &signed) }
}

/// `paysign_cybersource_signer_new` and `paysign_cybersource_signer_sign` in
/// one call.
///
/// # Safety
/// As `paysign_x_pay_sign_request`.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_cybersource_sign_request(
    merchant_id: *const c_char,
    key_id: *const c_char,
    shared_secret: *const c_char,
    method: *const c_char,
    url: *const c_char,
    body: *const u8,
    body_len: usize,
    unix_time: i64,
    signed_out: *mut *mut paysign_signed,
) -> paysign_status {
    unsafe { ffi::clear_out("signed_out", signed_out) }?;
    let merchant_id = unsafe { text("merchant_id", merchant_id) }?;
    let key_id = unsafe { text("key_id", key_id) }?;
    let shared_secret = unsafe { text("shared_secret", shared_secret) }?;
    let method = unsafe { text("method", method) }?;
    let url = unsafe { text("url", url) }?;
    let body = unsafe { bytes("body", body, body_len) }?;
    let signer = paysign::CyberSourceSigner::new(merchant_id, key_id, shared_secret)?;
    let request = SignableRequest { method, url, body };
    let signed = signer.sign_request(&request, &Time::from_option(time(unix_time)))?;
    unsafe { hand_out_request(signed_out, &signed) }
}

/// `paysign_paysimple_signer_new` and `paysign_paysimple_signer_sign` in one
/// call.
///
/// # Safety
/// As `paysign_x_pay_sign_request`.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_paysimple_sign_request(
    username: *const c_char,
    api_key: *const c_char,
    method: *const c_char,
    url: *const c_char,
    body: *const u8,
    body_len: usize,
    unix_time: i64,
    nanos: u32,
    signed_out: *mut *mut paysign_signed,
) -> paysign_status {
    unsafe { ffi::clear_out("signed_out", signed_out) }?;
    let username = unsafe { text("username", username) }?;
    let api_key = unsafe { text("api_key", api_key) }?;
    let method = unsafe { text("method", method) }?;
    let url = unsafe { text("url", url) }?;
    let body = unsafe { bytes("body", body, body_len) }?;
    let signer = paysign::PaySimpleSigner::new(username, api_key)?;
    let request = SignableRequest { method, url, body };
    let time = match time(unix_time) {
        Some(secs) => Time::Unix { secs, nanos },
        None => Time::Now,
    };
    let signed = signer.sign_request(&request, &time)?;
    unsafe { hand_out_request(signed_out, &signed) }
}
