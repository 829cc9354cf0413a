//! The C ABI of paysign: `libpaysign.so`, `libpaysign.a` and `include/paysign.h`
//! (generated from this file by cbindgen; see `cbindgen.toml`).
//!
//! Every function here converts C values, calls `paysign::api` or a signer
//! type of the `paysign` crate, and maps the result to a [`paysign_status`].
//! The conventions (text, bodies, output buffers, time sentinels, errors) are
//! written once in the header's preamble (`cbindgen.toml`) and in README.md.

#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

mod ffi;

use std::ffi::c_char;

use ffi::{bytes, bytes_z, call, call_keeping_last, opt_text, text, LastPart, Out};

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

/// Pass as a time argument (`timestamp`, `unix_time`, `now`) to mean "the
/// current time" (INT64_MIN).
pub const PAYSIGN_NOW: i64 = i64::MIN;

/// Pass as `max_skew` to mean the default window, 300 seconds either side of
/// `now` (INT64_MIN). Any other negative value is an invalid argument.
pub const PAYSIGN_DEFAULT_MAX_SKEW: i64 = i64::MIN;

/// The length of an HMAC-SHA256 tag, the output of `paysign_hmac_sha256`.
pub const PAYSIGN_HMAC_SHA256_LEN: usize = 32;

fn time(t: i64) -> Option<i64> {
    (t != PAYSIGN_NOW).then_some(t)
}

fn max_skew(s: i64) -> Option<i64> {
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
#[no_mangle]
pub extern "C" fn paysign_version() -> *const c_char {
    VERSION.as_ptr().cast()
}

/// A static NUL-terminated description of a status, e.g. "buffer too small";
/// "unknown status" for a value that is not a `paysign_status`.
#[no_mangle]
pub extern "C" fn paysign_status_str(status: i32) -> *const c_char {
    let text: &'static std::ffi::CStr = match status {
        0 => c"ok",
        1 => c"null argument",
        2 => c"invalid UTF-8",
        3 => c"invalid argument",
        4 => c"buffer too small",
        5 => c"verification failed",
        6 => c"internal error",
        _ => c"unknown status",
    };
    text.as_ptr()
}

unsafe fn write_last(
    part: LastPart,
    buf: *mut c_char,
    cap: usize,
    len: *mut usize,
) -> paysign_status {
    call_keeping_last(|| {
        let out = Out::new("buf", "len", buf, cap, len)?;
        unsafe { out.write_text(&ffi::last(part)) }
    })
}

/// The message of the last failure on this thread ("" after a success), e.g.
/// "query_string: starts with '?': pass the query without it". Never contains
/// a secret. Output buffer convention as for every function; this one (like
/// `paysign_last_field` and `paysign_last_reason`) does not change the last
/// failure, so all three can be read after one failed call.
///
/// # Safety
/// `buf` is NULL (with `cap` 0) or writable for `cap` bytes; `len` is writable.
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
#[no_mangle]
pub unsafe extern "C" fn paysign_last_reason(
    buf: *mut c_char,
    cap: usize,
    len: *mut usize,
) -> paysign_status {
    unsafe { write_last(LastPart::Reason, buf, cap, len) }
}

/// The X-Pay-Token value `xv2:<timestamp>:<hex HMAC>` for exactly these parts:
/// `resource_path` (no leading '/') and `query_string` (no '?') are signed as
/// given. `shared_secret` is NUL-terminated bytes (the HMAC key, any
/// encoding); `timestamp` is Unix seconds or PAYSIGN_NOW.
///
/// # Safety
/// Text arguments are NULL or NUL-terminated; `body` is NULL (with
/// `body_len` 0) or readable for `body_len` bytes; `out` is NULL (with
/// `out_cap` 0) or writable for `out_cap` bytes; `out_len` is writable.
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
    call("paysign_x_pay_token", || {
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
    })
}

/// The CyberSource headers to send, in order, as `Name: value\r\n` lines in
/// one text: `v-c-merchant-id`, `Date`, `Host`, `Digest` (POST, PUT, PATCH
/// only) and `Signature`. `shared_secret` is the base64 text CyberSource
/// issues; `method` is GET/POST/PUT/PATCH/DELETE in any case;
/// `request_target` is the path and query; `date` is an IMF-fixdate
/// ("Thu, 18 Jul 2019 00:18:03 GMT") or NULL for the current time.
///
/// # Safety
/// As `paysign_x_pay_token`.
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
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> paysign_status {
    call("paysign_cybersource_signature", || {
        let key_id = unsafe { text("key_id", key_id) }?;
        let shared_secret = unsafe { text("shared_secret", shared_secret) }?;
        let merchant_id = unsafe { text("merchant_id", merchant_id) }?;
        let host = unsafe { text("host", host) }?;
        let method = unsafe { text("method", method) }?;
        let request_target = unsafe { text("request_target", request_target) }?;
        let body = unsafe { bytes("body", body, body_len) }?;
        let date = unsafe { opt_text("date", date) }?;
        let out = Out::new("out", "out_len", out, out_cap, out_len)?;
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
        unsafe { out.write_text(&ffi::header_lines(&headers)) }
    })
}

/// The PaySimple `Authorization` value
/// `PSSERVER accessid=<username>; timestamp=<timestamp>; signature=<base64>`.
/// `timestamp` is ISO-8601 text signed exactly as given
/// ("2017-07-20T20:45:44.0973928Z"), or NULL for the current time in UTC.
///
/// # Safety
/// As `paysign_x_pay_token`.
#[no_mangle]
pub unsafe extern "C" fn paysign_paysimple_header(
    username: *const c_char,
    api_key: *const c_char,
    timestamp: *const c_char,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> paysign_status {
    call("paysign_paysimple_header", || {
        let username = unsafe { text("username", username) }?;
        let api_key = unsafe { text("api_key", api_key) }?;
        let timestamp = unsafe { opt_text("timestamp", timestamp) }?;
        let out = Out::new("out", "out_len", out, out_cap, out_len)?;
        let header = paysign::api::paysimple_header(username, api_key, timestamp)?;
        unsafe { out.write_text(&header) }
    })
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
    call("paysign_verify_x_pay_token", || {
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
    })
}

/// Verifies a received CyberSource request. `headers` holds the received
/// headers as `Name: value` lines ended by "\n" or "\r\n" (the form
/// `paysign_cybersource_signature` writes); names in any case, spaces and
/// tabs around a value ignored, empty lines skipped, other headers allowed.
/// `now` and `max_skew` as in `paysign_verify_x_pay_token`.
///
/// # Safety
/// As `paysign_verify_x_pay_token`.
#[no_mangle]
pub unsafe extern "C" fn paysign_verify_cybersource_signature(
    shared_secret: *const c_char,
    headers: *const c_char,
    method: *const c_char,
    request_target: *const c_char,
    body: *const u8,
    body_len: usize,
    now: i64,
    max_skew: i64,
) -> paysign_status {
    call("paysign_verify_cybersource_signature", || {
        let shared_secret = unsafe { text("shared_secret", shared_secret) }?;
        let headers = unsafe { text("headers", headers) }?;
        let method = unsafe { text("method", method) }?;
        let request_target = unsafe { text("request_target", request_target) }?;
        let body = unsafe { bytes("body", body, body_len) }?;
        let pairs = ffi::parse_header_lines("headers", headers)?;
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
    })
}

/// Verifies a received PaySimple `Authorization` value `header` (used
/// exactly, not trimmed). `now` and `max_skew` as in
/// `paysign_verify_x_pay_token`.
///
/// # Safety
/// Text arguments are NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn paysign_verify_paysimple_header(
    header: *const c_char,
    api_key: *const c_char,
    now: i64,
    max_skew: i64,
) -> paysign_status {
    call("paysign_verify_paysimple_header", || {
        let header = unsafe { text("header", header) }?;
        let api_key = unsafe { text("api_key", api_key) }?;
        paysign::api::verify_paysimple_header(
            header,
            api_key,
            time(now),
            self::max_skew(max_skew),
        )?;
        Ok(())
    })
}

/// Signs a whole X-Pay request from its URL: writes the URL to send (query
/// sorted, `apikey` added, fragment dropped) into `out_url`, and the headers
/// to add as `Name: value\r\n` lines (`x-pay-token`, `Accept`, and
/// `Content-Type` when the body is not empty) into `out_headers`.
/// `full_path` non-zero signs the whole URL path instead of dropping its
/// first segment. `timestamp` is Unix seconds or PAYSIGN_NOW. When either
/// buffer is too small, neither is written and both lengths are set.
///
/// # Safety
/// As `paysign_x_pay_token`, for both output buffers.
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
    out_url: *mut c_char,
    out_url_cap: usize,
    out_url_len: *mut usize,
    out_headers: *mut c_char,
    out_headers_cap: usize,
    out_headers_len: *mut usize,
) -> paysign_status {
    call("paysign_x_pay_sign_request", || {
        let api_key = unsafe { text("api_key", api_key) }?;
        let shared_secret = unsafe { bytes_z("shared_secret", shared_secret) }?;
        let method = unsafe { text("method", method) }?;
        let url = unsafe { text("url", url) }?;
        let body = unsafe { bytes("body", body, body_len) }?;
        let out_url = Out::new("out_url", "out_url_len", out_url, out_url_cap, out_url_len)?;
        let out_headers = Out::new(
            "out_headers",
            "out_headers_len",
            out_headers,
            out_headers_cap,
            out_headers_len,
        )?;
        let mut signer = paysign::XPaySigner::new(api_key, shared_secret)?;
        if full_path != 0 {
            signer = signer.with_path_rule(paysign::PathRule::FullPath);
        }
        let signed = match time(timestamp) {
            Some(t) => signer.sign_at(method, url, body, t)?,
            None => signer.sign(method, url, body)?,
        };
        unsafe {
            ffi::write_two(
                &out_url,
                &signed.url,
                &out_headers,
                &ffi::header_lines(&signed.headers),
            )
        }
    })
}

/// Signs a whole CyberSource request from its URL: writes the URL to send
/// (fragment dropped) into `out_url` and the headers, as
/// `paysign_cybersource_signature` writes them, into `out_headers`; `Host`
/// and the request target come from the URL. `unix_time` (the `Date`) is
/// Unix seconds or PAYSIGN_NOW. Buffers as in `paysign_x_pay_sign_request`.
///
/// # Safety
/// As `paysign_x_pay_sign_request`.
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
    out_url: *mut c_char,
    out_url_cap: usize,
    out_url_len: *mut usize,
    out_headers: *mut c_char,
    out_headers_cap: usize,
    out_headers_len: *mut usize,
) -> paysign_status {
    call("paysign_cybersource_sign_request", || {
        let merchant_id = unsafe { text("merchant_id", merchant_id) }?;
        let key_id = unsafe { text("key_id", key_id) }?;
        let shared_secret = unsafe { text("shared_secret", shared_secret) }?;
        let method = unsafe { text("method", method) }?;
        let url = unsafe { text("url", url) }?;
        let body = unsafe { bytes("body", body, body_len) }?;
        let out_url = Out::new("out_url", "out_url_len", out_url, out_url_cap, out_url_len)?;
        let out_headers = Out::new(
            "out_headers",
            "out_headers_len",
            out_headers,
            out_headers_cap,
            out_headers_len,
        )?;
        let signer = paysign::CyberSourceSigner::new(merchant_id, key_id, shared_secret)?;
        let signed = match time(unix_time) {
            Some(t) => signer.sign_at(method, url, body, t)?,
            None => signer.sign(method, url, body)?,
        };
        unsafe {
            ffi::write_two(
                &out_url,
                &signed.url,
                &out_headers,
                &ffi::header_lines(&signed.headers),
            )
        }
    })
}

/// Signs a whole PaySimple request: writes the URL to send (fragment dropped)
/// into `out_url` and `Authorization: PSSERVER ...\r\n` into `out_headers`.
/// The timestamp is `unix_time` + `nanos` (0..999999999) in UTC, or the
/// current time when `unix_time` is PAYSIGN_NOW (`nanos` is then ignored).
/// The body is not signed by this scheme. Buffers as in
/// `paysign_x_pay_sign_request`.
///
/// # Safety
/// As `paysign_x_pay_sign_request`.
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
    out_url: *mut c_char,
    out_url_cap: usize,
    out_url_len: *mut usize,
    out_headers: *mut c_char,
    out_headers_cap: usize,
    out_headers_len: *mut usize,
) -> paysign_status {
    call("paysign_paysimple_sign_request", || {
        let username = unsafe { text("username", username) }?;
        let api_key = unsafe { text("api_key", api_key) }?;
        let method = unsafe { text("method", method) }?;
        let url = unsafe { text("url", url) }?;
        let body = unsafe { bytes("body", body, body_len) }?;
        let out_url = Out::new("out_url", "out_url_len", out_url, out_url_cap, out_url_len)?;
        let out_headers = Out::new(
            "out_headers",
            "out_headers_len",
            out_headers,
            out_headers_cap,
            out_headers_len,
        )?;
        let signer = paysign::PaySimpleSigner::new(username, api_key)?;
        let signed = match time(unix_time) {
            Some(t) => signer.sign_at(method, url, body, t, nanos)?,
            None => signer.sign(method, url, body)?,
        };
        unsafe {
            ffi::write_two(
                &out_url,
                &signed.url,
                &out_headers,
                &ffi::header_lines(&signed.headers),
            )
        }
    })
}

/// The CyberSource `Digest` value of a body: `SHA-256=<base64 of SHA-256>`.
///
/// # Safety
/// `body` is NULL (with `body_len` 0) or readable for `body_len` bytes;
/// `out` is NULL (with `out_cap` 0) or writable for `out_cap` bytes;
/// `out_len` is writable.
#[no_mangle]
pub unsafe extern "C" fn paysign_digest(
    body: *const u8,
    body_len: usize,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> paysign_status {
    call("paysign_digest", || {
        let body = unsafe { bytes("body", body, body_len) }?;
        let out = Out::new("out", "out_len", out, out_cap, out_len)?;
        unsafe { out.write_text(&paysign::cybersource::digest(body)) }
    })
}

/// The IMF-fixdate of a Unix time, as CyberSource's `Date` header wants:
/// "Thu, 18 Jul 2019 00:18:03 GMT". `unix_time` is seconds in
/// 0..253402300799 or PAYSIGN_NOW.
///
/// # Safety
/// `out` is NULL (with `out_cap` 0) or writable for `out_cap` bytes;
/// `out_len` is writable.
#[no_mangle]
pub unsafe extern "C" fn paysign_imf_fixdate(
    unix_time: i64,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> paysign_status {
    call("paysign_imf_fixdate", || {
        let out = Out::new("out", "out_len", out, out_cap, out_len)?;
        let t = time(unix_time).unwrap_or_else(paysign::time::now_unix);
        unsafe { out.write_text(&paysign::time::imf_fixdate(t)?) }
    })
}

/// HMAC-SHA256 of `data` under `key` (RFC 2104), the primitive every scheme
/// uses: writes PAYSIGN_HMAC_SHA256_LEN raw bytes (no NUL) to `out` and that
/// length to `*out_len`.
///
/// # Safety
/// `key` and `data` are NULL (with length 0) or readable for their length;
/// `out` is NULL (with `out_cap` 0) or writable for `out_cap` bytes;
/// `out_len` is writable.
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
    call("paysign_hmac_sha256", || {
        let key = unsafe { bytes("key", key, key_len) }?;
        let data = unsafe { bytes("data", data, data_len) }?;
        let out = Out::new("out", "out_len", out, out_cap, out_len)?;
        unsafe { out.write_bytes(&paysign::hmac_sha256(key, data)) }
    })
}
