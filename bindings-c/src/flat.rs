//! The flat functions: one call per result, over `paysign::api`. Results
//! that are one short text (a token, a header value, a digest, a date) go
//! into caller-owned buffers; a header list comes back as a `paysign_signed`.

use std::ffi::c_char;

use paysign_c_export::ffi_export;

use crate::ffi::{self, bytes, bytes_z, opt_text, text, Out};
use crate::signed::{hand_out_signed, paysign_signed};
use crate::{max_skew, paysign_status, time};

/// The X-Pay-Token value `xv2:<timestamp>:<hex HMAC>` for exactly these parts:
/// `resource_path` (no leading '/') and `query_string` (no '?') are signed as
/// given. `shared_secret` is NUL-terminated bytes (the HMAC key, any
/// encoding); `timestamp` is Unix seconds or PAYSIGN_NOW.
///
/// # Safety
/// Text arguments are NULL or NUL-terminated; `body` is NULL (with
/// `body_len` 0) or readable for `body_len` bytes; `out` is NULL (with
/// `out_cap` 0) or writable for `out_cap` bytes; `out_len` is writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_x_pay_token(
    shared_secret: *const c_char,
    resource_path: *const c_char,
    query_string: *const c_char,
    body: *const u8,
    body_len: usize,
    timestamp: i64,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> paysign_status {
    let shared_secret = unsafe { bytes_z("shared_secret", shared_secret) }?;
    let resource_path = unsafe { text("resource_path", resource_path) }?;
    let query_string = unsafe { text("query_string", query_string) }?;
    let body = unsafe { bytes("body", body, body_len) }?;
    let out = Out::new("out", "out_len", out, out_cap, out_len)?;
    let token = paysign::api::x_pay_token(
        shared_secret,
        resource_path,
        query_string,
        body,
        time(timestamp),
    )?;
    unsafe { out.write_text(&token) }
}

/// The CyberSource headers to send, in order: `v-c-merchant-id`, `Date`,
/// `Host`, `Digest` (POST, PUT, PATCH only) and `Signature`, as a
/// `paysign_signed` in `*signed_out` (its URL is NULL: none is given). Free it
/// with `paysign_signed_free`. `shared_secret` is the base64 text CyberSource
/// issues; `method` is GET/POST/PUT/PATCH/DELETE in any case;
/// `request_target` is the path and query; `date` is an IMF-fixdate
/// ("Thu, 18 Jul 2019 00:18:03 GMT") or NULL for the current time.
///
/// # Safety
/// Text arguments are NULL or NUL-terminated; `body` is NULL (with
/// `body_len` 0) or readable for `body_len` bytes; `signed_out` is writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_cybersource_signature(
    key_id: *const c_char,
    shared_secret: *const c_char,
    merchant_id: *const c_char,
    host: *const c_char,
    method: *const c_char,
    request_target: *const c_char,
    body: *const u8,
    body_len: usize,
    date: *const c_char,
    signed_out: *mut *mut paysign_signed,
) -> paysign_status {
    unsafe { ffi::clear_out("signed_out", signed_out) }?;
    let key_id = unsafe { text("key_id", key_id) }?;
    let shared_secret = unsafe { text("shared_secret", shared_secret) }?;
    let merchant_id = unsafe { text("merchant_id", merchant_id) }?;
    let host = unsafe { text("host", host) }?;
    let method = unsafe { text("method", method) }?;
    let request_target = unsafe { text("request_target", request_target) }?;
    let body = unsafe { bytes("body", body, body_len) }?;
    let date = unsafe { opt_text("date", date) }?;
    let headers = paysign::api::cybersource_signature(
        key_id,
        shared_secret,
        merchant_id,
        host,
        method,
        request_target,
        body,
        date,
    )?;
    unsafe { hand_out_signed(signed_out, None, &headers) }
}

/// The PaySimple `Authorization` value
/// `PSSERVER accessid=<username>; timestamp=<timestamp>; signature=<base64>`.
/// `timestamp` is ISO-8601 text signed exactly as given
/// ("2017-07-20T20:45:44.0973928Z"), or NULL for the current time in UTC.
///
/// # Safety
/// As `paysign_x_pay_token`.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_paysimple_header(
    username: *const c_char,
    api_key: *const c_char,
    timestamp: *const c_char,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> paysign_status {
    let username = unsafe { text("username", username) }?;
    let api_key = unsafe { text("api_key", api_key) }?;
    let timestamp = unsafe { opt_text("timestamp", timestamp) }?;
    let out = Out::new("out", "out_len", out, out_cap, out_len)?;
    let header = paysign::api::paysimple_header(username, api_key, timestamp)?;
    unsafe { out.write_text(&header) }
}

/// Verifies a received X-Pay-Token `token` against the request's
/// `resource_path`, `query_string` and body. Returns PAYSIGN_OK when it
/// verifies, PAYSIGN_VERIFICATION_FAILED (see `paysign_last_reason`) when it
/// does not. `now` is Unix seconds or PAYSIGN_NOW; `max_skew` is seconds or
/// PAYSIGN_DEFAULT_MAX_SKEW.
///
/// # Safety
/// Text arguments are NULL or NUL-terminated; `body` is NULL (with
/// `body_len` 0) or readable for `body_len` bytes.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_verify_x_pay_token(
    shared_secret: *const c_char,
    token: *const c_char,
    resource_path: *const c_char,
    query_string: *const c_char,
    body: *const u8,
    body_len: usize,
    now: i64,
    max_skew: i64,
) -> paysign_status {
    let shared_secret = unsafe { bytes_z("shared_secret", shared_secret) }?;
    let token = unsafe { text("token", token) }?;
    let resource_path = unsafe { text("resource_path", resource_path) }?;
    let query_string = unsafe { text("query_string", query_string) }?;
    let body = unsafe { bytes("body", body, body_len) }?;
    paysign::api::verify_x_pay_token(
        shared_secret,
        token,
        resource_path,
        query_string,
        body,
        time(now),
        self::max_skew(max_skew),
    )?;
    Ok(())
}

/// Verifies a received CyberSource request. The received headers are
/// `header_count` pairs `header_names[i]`, `header_values[i]` (names in any
/// case, values as received, other headers allowed; both arrays may be NULL
/// when `header_count` is 0). `now` and `max_skew` as in
/// `paysign_verify_x_pay_token`.
///
/// # Safety
/// As `paysign_verify_x_pay_token`; `header_names` and `header_values` are
/// NULL (with `header_count` 0) or hold `header_count` pointers to
/// NUL-terminated texts.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_verify_cybersource_signature(
    shared_secret: *const c_char,
    header_names: *const *const c_char,
    header_values: *const *const c_char,
    header_count: usize,
    method: *const c_char,
    request_target: *const c_char,
    body: *const u8,
    body_len: usize,
    now: i64,
    max_skew: i64,
) -> paysign_status {
    let shared_secret = unsafe { text("shared_secret", shared_secret) }?;
    let method = unsafe { text("method", method) }?;
    let request_target = unsafe { text("request_target", request_target) }?;
    let body = unsafe { bytes("body", body, body_len) }?;
    let pairs = unsafe { ffi::header_pairs(header_names, header_values, header_count) }?;
    paysign::api::verify_cybersource_signature(
        shared_secret,
        &pairs,
        method,
        request_target,
        body,
        time(now),
        self::max_skew(max_skew),
    )?;
    Ok(())
}

/// Verifies a received PaySimple `Authorization` value `header` (used
/// exactly, not trimmed). `now` and `max_skew` as in
/// `paysign_verify_x_pay_token`.
///
/// # Safety
/// Text arguments are NULL or NUL-terminated.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_verify_paysimple_header(
    header: *const c_char,
    api_key: *const c_char,
    now: i64,
    max_skew: i64,
) -> paysign_status {
    let header = unsafe { text("header", header) }?;
    let api_key = unsafe { text("api_key", api_key) }?;
    paysign::api::verify_paysimple_header(header, api_key, time(now), self::max_skew(max_skew))?;
    Ok(())
}

/// The CyberSource `Digest` value of a body: `SHA-256=<base64 of SHA-256>`.
///
/// # Safety
/// `body` is NULL (with `body_len` 0) or readable for `body_len` bytes;
/// `out` is NULL (with `out_cap` 0) or writable for `out_cap` bytes;
/// `out_len` is writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_digest(
    body: *const u8,
    body_len: usize,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> paysign_status {
    let body = unsafe { bytes("body", body, body_len) }?;
    let out = Out::new("out", "out_len", out, out_cap, out_len)?;
    unsafe { out.write_text(&paysign::cybersource::digest(body)) }
}

/// The IMF-fixdate of a Unix time, as CyberSource's `Date` header wants:
/// "Thu, 18 Jul 2019 00:18:03 GMT". `unix_time` is seconds in
/// 0..253402300799 or PAYSIGN_NOW.
///
/// # Safety
/// `out` is NULL (with `out_cap` 0) or writable for `out_cap` bytes;
/// `out_len` is writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_imf_fixdate(
    unix_time: i64,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> paysign_status {
    let out = Out::new("out", "out_len", out, out_cap, out_len)?;
    let t = time(unix_time).unwrap_or_else(paysign::time::now_unix);
    unsafe { out.write_text(&paysign::time::imf_fixdate(t)?) }
}

/// HMAC-SHA256 of `data` under `key` (RFC 2104), the primitive every scheme
/// uses: writes PAYSIGN_HMAC_SHA256_LEN raw bytes (no NUL) to `out` and that
/// length to `*out_len`.
///
/// # Safety
/// `key` and `data` are NULL (with length 0) or readable for their length;
/// `out` is NULL (with `out_cap` 0) or writable for `out_cap` bytes;
/// `out_len` is writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_hmac_sha256(
    key: *const u8,
    key_len: usize,
    data: *const u8,
    data_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> paysign_status {
    let key = unsafe { bytes("key", key, key_len) }?;
    let data = unsafe { bytes("data", data, data_len) }?;
    let out = Out::new("out", "out_len", out, out_cap, out_len)?;
    unsafe { out.write_bytes(&paysign::hmac_sha256(key, data)) }
}

/// The `v-c-signature` value of a CyberSource webhook notification,
/// `t=<ms>;keyId=<key_id>;sig=<base64>`, for the raw `body` and the base64
/// `key`. `timestamp_ms` is Unix milliseconds or PAYSIGN_NOW.
///
/// # Safety
/// Text arguments are NULL or NUL-terminated; `body` is NULL (with
/// `body_len` 0) or readable for `body_len` bytes; `out` is NULL (with
/// `out_cap` 0) or writable for `out_cap` bytes; `out_len` is writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_cybersource_webhook_signature(
    key_id: *const c_char,
    key: *const c_char,
    body: *const u8,
    body_len: usize,
    timestamp_ms: i64,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> paysign_status {
    let key_id = unsafe { text("key_id", key_id) }?;
    let key = unsafe { text("key", key) }?;
    let body = unsafe { bytes("body", body, body_len) }?;
    let out = Out::new("out", "out_len", out, out_cap, out_len)?;
    let value = paysign::api::cybersource_webhook_signature(key_id, key, body, time(timestamp_ms))?;
    unsafe { out.write_text(&value) }
}
