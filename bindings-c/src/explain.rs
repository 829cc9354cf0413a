//! Explain and diagnose: what a scheme signs (`paysign_explanation`) and which
//! known mistakes produced a value that did not verify (`paysign_diagnosis`),
//! both computed in core and read here through accessors.

use std::ffi::{c_char, CString};

use paysign_c_export::ffi_export;

use crate::ffi::{self, borrow, bytes, bytes_z, opt_text, text, text_ptr};
use crate::paysign_status;

/// What a scheme signs for a request: the exact bytes the HMAC covers, each
/// part with its value and where it came from, the headers (when the secret
/// was given) and the text `paysign ... explain` prints. Read it with the
/// `paysign_explanation_*` accessors; free it with `paysign_explanation_free`.
pub struct paysign_explanation {
    scheme: CString,
    signed: Vec<u8>,
    parts: Vec<[CString; 3]>,
    headers: Vec<(CString, CString)>,
    text: CString,
}

impl paysign_explanation {
    fn from_core(e: &paysign::explain::Explanation) -> ffi::Result<Self> {
        Ok(paysign_explanation {
            scheme: ffi::c_text(e.scheme)?,
            signed: e.signed.clone(),
            parts: e
                .parts
                .iter()
                .map(|p| {
                    Ok([
                        ffi::c_text(p.name)?,
                        ffi::c_text(p.value.as_str())?,
                        ffi::c_text(p.why.as_str())?,
                    ])
                })
                .collect::<ffi::Result<_>>()?,
            headers: e
                .headers
                .iter()
                .map(|(n, v)| Ok((ffi::c_text(n.as_str())?, ffi::c_text(v.as_str())?)))
                .collect::<ffi::Result<_>>()?,
            text: ffi::c_text(e.text())?,
        })
    }
}

#[allow(unsafe_code)]
unsafe fn hand_out_explanation(
    out: *mut *mut paysign_explanation,
    result: paysign::Result<paysign::explain::Explanation>,
) -> ffi::Result<()> {
    let held = paysign_explanation::from_core(&result?)?;
    unsafe { ffi::hand_out(out, held) };
    Ok(())
}

/// Explains an X-Pay-Token request into `*explanation_out`. `shared_secret`
/// may be NULL: the parts are then explained without the token. `full_path`
/// non-zero signs the whole URL path. Time: `time_text` (decimal Unix
/// seconds) when not NULL, else `unix_time`, or now when `unix_time` is
/// PAYSIGN_NOW; `nanos` is unused by this scheme.
///
/// # Safety
/// Text arguments are NULL or NUL-terminated; `body` is NULL (with
/// `body_len` 0) or readable for `body_len` bytes; `explanation_out` is
/// writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_explain_x_pay_token(
    api_key: *const c_char,
    shared_secret: *const c_char,
    method: *const c_char,
    url: *const c_char,
    body: *const u8,
    body_len: usize,
    full_path: i32,
    unix_time: i64,
    nanos: u32,
    time_text: *const c_char,
    explanation_out: *mut *mut paysign_explanation,
) -> paysign_status {
    unsafe { ffi::clear_out("explanation_out", explanation_out) }?;
    let api_key = unsafe { text("api_key", api_key) }?;
    let shared_secret = if shared_secret.is_null() {
        None
    } else {
        Some(unsafe { bytes_z("shared_secret", shared_secret) }?)
    };
    let method = unsafe { text("method", method) }?;
    let url = unsafe { text("url", url) }?;
    let body = unsafe { bytes("body", body, body_len) }?;
    let time = unsafe { ffi::time_arg(unix_time, nanos, time_text) }?;
    let result = paysign::api::explain_x_pay_token(
        api_key,
        shared_secret,
        method,
        url,
        body,
        full_path != 0,
        &time.time,
    );
    unsafe { hand_out_explanation(explanation_out, time.rename(result)) }
}

/// Explains a CyberSource request into `*explanation_out`; `shared_secret`
/// (base64) may be NULL. Time: `time_text` (an IMF-fixdate) when not NULL,
/// else `unix_time`, or now.
///
/// # Safety
/// As `paysign_explain_x_pay_token`.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_explain_cybersource_signature(
    merchant_id: *const c_char,
    key_id: *const c_char,
    shared_secret: *const c_char,
    method: *const c_char,
    url: *const c_char,
    body: *const u8,
    body_len: usize,
    unix_time: i64,
    nanos: u32,
    time_text: *const c_char,
    explanation_out: *mut *mut paysign_explanation,
) -> paysign_status {
    unsafe { ffi::clear_out("explanation_out", explanation_out) }?;
    let merchant_id = unsafe { text("merchant_id", merchant_id) }?;
    let key_id = unsafe { text("key_id", key_id) }?;
    let shared_secret = unsafe { opt_text("shared_secret", shared_secret) }?;
    let method = unsafe { text("method", method) }?;
    let url = unsafe { text("url", url) }?;
    let body = unsafe { bytes("body", body, body_len) }?;
    let time = unsafe { ffi::time_arg(unix_time, nanos, time_text) }?;
    let result = paysign::api::explain_cybersource_signature(
        merchant_id,
        key_id,
        shared_secret,
        method,
        url,
        body,
        &time.time,
    );
    unsafe { hand_out_explanation(explanation_out, time.rename(result)) }
}

/// Explains a PaySimple header into `*explanation_out`; `api_key` may be
/// NULL. Time: `time_text` (ISO-8601) when not NULL, else `unix_time` +
/// `nanos`, or now.
///
/// # Safety
/// Text arguments are NULL or NUL-terminated; `explanation_out` is writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_explain_paysimple_header(
    username: *const c_char,
    api_key: *const c_char,
    unix_time: i64,
    nanos: u32,
    time_text: *const c_char,
    explanation_out: *mut *mut paysign_explanation,
) -> paysign_status {
    unsafe { ffi::clear_out("explanation_out", explanation_out) }?;
    let username = unsafe { text("username", username) }?;
    let api_key = unsafe { opt_text("api_key", api_key) }?;
    let time = unsafe { ffi::time_arg(unix_time, nanos, time_text) }?;
    let result = paysign::api::explain_paysimple_header(username, api_key, &time.time);
    unsafe { hand_out_explanation(explanation_out, time.rename(result)) }
}

/// Explains a CyberSource webhook notification's `v-c-signature` into
/// `*explanation_out`: the signed bytes are `<t>.<body>`, `t` in Unix
/// milliseconds. `key` (base64) may be NULL: the parts are then explained
/// without the header. Time: `time_text` (decimal Unix milliseconds, signed
/// as given) when not NULL, else `unix_time` seconds plus the whole
/// milliseconds of `nanos` (`t` = `unix_time` * 1000 + `nanos` / 10^6), or now
/// when `unix_time` is PAYSIGN_NOW.
///
/// # Safety
/// Text arguments are NULL or NUL-terminated; `body` is NULL (with
/// `body_len` 0) or readable for `body_len` bytes; `explanation_out` is
/// writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_explain_cybersource_webhook(
    key_id: *const c_char,
    key: *const c_char,
    body: *const u8,
    body_len: usize,
    unix_time: i64,
    nanos: u32,
    time_text: *const c_char,
    explanation_out: *mut *mut paysign_explanation,
) -> paysign_status {
    unsafe { ffi::clear_out("explanation_out", explanation_out) }?;
    let key_id = unsafe { text("key_id", key_id) }?;
    let key = unsafe { opt_text("key", key) }?;
    let body = unsafe { bytes("body", body, body_len) }?;
    let time = unsafe { ffi::time_arg(unix_time, nanos, time_text) }?;
    let result = paysign::api::explain_cybersource_webhook(key_id, key, body, &time.time);
    unsafe { hand_out_explanation(explanation_out, time.rename(result)) }
}

/// The scheme explained: "xpay", "cybersource", "paysimple" or
/// "cybersource-webhook"; NULL when `explanation` is NULL.
///
/// # Safety
/// `explanation` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_explanation_scheme(
    explanation: *const paysign_explanation,
) -> *const c_char {
    unsafe { borrow(explanation) }.map_or(std::ptr::null(), |e| text_ptr(&e.scheme))
}

/// The exact bytes the HMAC covers (binary-safe: a body may hold any byte),
/// their length in `*len` (when `len` is not NULL). NULL (length 0) when
/// `explanation` is NULL; never NULL otherwise, even when empty.
///
/// # Safety
/// `explanation` is NULL or live; `len` is NULL or writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_explanation_signed(
    explanation: *const paysign_explanation,
    len: *mut usize,
) -> *const u8 {
    let e = unsafe { borrow(explanation) };
    unsafe { ffi::set_len(len, e.map_or(0, |e| e.signed.len())) };
    e.map_or(std::ptr::null(), |e| e.signed.as_ptr())
}

/// How many parts the signed bytes are made of (0 when NULL).
///
/// # Safety
/// `explanation` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_explanation_part_count(
    explanation: *const paysign_explanation,
) -> usize {
    unsafe { borrow(explanation) }.map_or(0, |e| e.parts.len())
}

#[allow(unsafe_code)]
unsafe fn part(
    explanation: *const paysign_explanation,
    index: usize,
    which: usize,
) -> *const c_char {
    unsafe { borrow(explanation) }
        .and_then(|e| e.parts.get(index))
        .map_or(std::ptr::null(), |p| text_ptr(&p[which]))
}

/// The name of part `index`, e.g. "resource path"; NULL when out of range.
///
/// # Safety
/// `explanation` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_explanation_part_name(
    explanation: *const paysign_explanation,
    index: usize,
) -> *const c_char {
    unsafe { part(explanation, index, 0) }
}

/// The value of part `index`, as signed; NULL when out of range.
///
/// # Safety
/// `explanation` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_explanation_part_value(
    explanation: *const paysign_explanation,
    index: usize,
) -> *const c_char {
    unsafe { part(explanation, index, 1) }
}

/// Where part `index` came from, e.g. "context path /vdp/ removed ...";
/// NULL when out of range.
///
/// # Safety
/// `explanation` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_explanation_part_why(
    explanation: *const paysign_explanation,
    index: usize,
) -> *const c_char {
    unsafe { part(explanation, index, 2) }
}

/// How many headers the explanation shows (0 when no secret was given).
///
/// # Safety
/// `explanation` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_explanation_header_count(
    explanation: *const paysign_explanation,
) -> usize {
    unsafe { borrow(explanation) }.map_or(0, |e| e.headers.len())
}

/// The name of header `index`; NULL when out of range.
///
/// # Safety
/// `explanation` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_explanation_header_name(
    explanation: *const paysign_explanation,
    index: usize,
) -> *const c_char {
    unsafe { borrow(explanation) }
        .and_then(|e| e.headers.get(index))
        .map_or(std::ptr::null(), |(name, _)| text_ptr(name))
}

/// The value of header `index`; NULL when out of range.
///
/// # Safety
/// `explanation` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_explanation_header_value(
    explanation: *const paysign_explanation,
    index: usize,
) -> *const c_char {
    unsafe { borrow(explanation) }
        .and_then(|e| e.headers.get(index))
        .map_or(std::ptr::null(), |(_, value)| text_ptr(value))
}

/// The explanation as `paysign ... explain` prints it; NULL when NULL.
///
/// # Safety
/// `explanation` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_explanation_text(
    explanation: *const paysign_explanation,
) -> *const c_char {
    unsafe { borrow(explanation) }.map_or(std::ptr::null(), |e| text_ptr(&e.text))
}

/// Frees an explanation; NULL is ignored.
///
/// # Safety
/// `explanation` is NULL or live, not used afterwards.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_explanation_free(explanation: *mut paysign_explanation) {
    unsafe { ffi::free(explanation) }
}

// ------------------------------------------------------------- diagnose

/// A diagnosis: whether the received value is the correct one, the ids of the
/// known mistakes that produce it (most likely first; none when valid or
/// unexplained), a message saying what to fix, and the correct value when
/// known. Free it with `paysign_diagnosis_free`.
pub struct paysign_diagnosis {
    valid: bool,
    mistakes: Vec<CString>,
    message: CString,
    expected: Option<CString>,
}

#[allow(unsafe_code)]
unsafe fn hand_out_diagnosis(
    out: *mut *mut paysign_diagnosis,
    report: paysign::diagnose::Report,
) -> ffi::Result<()> {
    let held = paysign_diagnosis {
        valid: report.valid,
        mistakes: report
            .mistakes
            .iter()
            .map(|m| ffi::c_text(*m))
            .collect::<ffi::Result<_>>()?,
        message: ffi::c_text(report.message)?,
        expected: report.expected.map(ffi::c_text).transpose()?,
    };
    unsafe { ffi::hand_out(out, held) };
    Ok(())
}

/// Diagnoses a received X-Pay-Token `token` for this request into
/// `*diagnosis_out`. Time (when the token was made, if known): `time_text`
/// (decimal Unix seconds) when not NULL, else `unix_time`, or unknown when
/// `unix_time` is PAYSIGN_NOW (the token's own timestamp is used when
/// readable).
///
/// # Safety
/// As `paysign_explain_x_pay_token`, with `diagnosis_out` writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_diagnose_x_pay_token(
    token: *const c_char,
    api_key: *const c_char,
    shared_secret: *const c_char,
    method: *const c_char,
    url: *const c_char,
    body: *const u8,
    body_len: usize,
    full_path: i32,
    unix_time: i64,
    nanos: u32,
    time_text: *const c_char,
    diagnosis_out: *mut *mut paysign_diagnosis,
) -> paysign_status {
    unsafe { ffi::clear_out("diagnosis_out", diagnosis_out) }?;
    let token = unsafe { text("token", token) }?;
    let api_key = unsafe { text("api_key", api_key) }?;
    let shared_secret = unsafe { bytes_z("shared_secret", shared_secret) }?;
    let method = unsafe { text("method", method) }?;
    let url = unsafe { text("url", url) }?;
    let body = unsafe { bytes("body", body, body_len) }?;
    let time = unsafe { ffi::time_arg(unix_time, nanos, time_text) }?;
    let report = time.rename(paysign::api::diagnose_x_pay_token(
        token,
        api_key,
        shared_secret,
        method,
        url,
        body,
        full_path != 0,
        &time.time,
    ))?;
    unsafe { hand_out_diagnosis(diagnosis_out, report) }
}

/// Diagnoses the CyberSource headers received (`header_count` pairs of
/// `header_names[i]`, `header_values[i]`) for this request into
/// `*diagnosis_out`. Time as in `paysign_diagnose_x_pay_token` (`time_text`:
/// decimal Unix seconds too); unknown and no readable `Date` received is an
/// invalid argument.
///
/// # Safety
/// As `paysign_diagnose_x_pay_token`; the header arrays are NULL (with
/// `header_count` 0) or hold `header_count` NUL-terminated texts.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_diagnose_cybersource_signature(
    header_names: *const *const c_char,
    header_values: *const *const c_char,
    header_count: usize,
    merchant_id: *const c_char,
    key_id: *const c_char,
    shared_secret: *const c_char,
    method: *const c_char,
    url: *const c_char,
    body: *const u8,
    body_len: usize,
    unix_time: i64,
    nanos: u32,
    time_text: *const c_char,
    diagnosis_out: *mut *mut paysign_diagnosis,
) -> paysign_status {
    unsafe { ffi::clear_out("diagnosis_out", diagnosis_out) }?;
    let headers = unsafe { ffi::header_pairs(header_names, header_values, header_count) }?;
    let merchant_id = unsafe { text("merchant_id", merchant_id) }?;
    let key_id = unsafe { text("key_id", key_id) }?;
    let shared_secret = unsafe { text("shared_secret", shared_secret) }?;
    let method = unsafe { text("method", method) }?;
    let url = unsafe { text("url", url) }?;
    let body = unsafe { bytes("body", body, body_len) }?;
    let time = unsafe { ffi::time_arg(unix_time, nanos, time_text) }?;
    let report = time.rename(paysign::api::diagnose_cybersource_signature(
        &headers,
        merchant_id,
        key_id,
        shared_secret,
        method,
        url,
        body,
        &time.time,
    ))?;
    unsafe { hand_out_diagnosis(diagnosis_out, report) }
}

/// Diagnoses a received PaySimple `Authorization` value into
/// `*diagnosis_out`; `signed_timestamp` is the text the sender signed, when
/// known (NULL otherwise).
///
/// # Safety
/// Text arguments are NULL or NUL-terminated; `diagnosis_out` is writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_diagnose_paysimple_header(
    authorization: *const c_char,
    username: *const c_char,
    api_key: *const c_char,
    signed_timestamp: *const c_char,
    diagnosis_out: *mut *mut paysign_diagnosis,
) -> paysign_status {
    unsafe { ffi::clear_out("diagnosis_out", diagnosis_out) }?;
    let authorization = unsafe { text("authorization", authorization) }?;
    let username = unsafe { text("username", username) }?;
    let api_key = unsafe { text("api_key", api_key) }?;
    let signed_timestamp = unsafe { opt_text("signed_timestamp", signed_timestamp) }?;
    let report = paysign::api::diagnose_paysimple_header(
        authorization,
        username,
        api_key,
        signed_timestamp,
    )?;
    unsafe { hand_out_diagnosis(diagnosis_out, report) }
}

/// Diagnoses the webhook headers received (`header_count` pairs of
/// `header_names[i]`, `header_values[i]`; the `v-c-signature` one in any
/// case) with the raw `body` and the base64 `key` into `*diagnosis_out`.
/// The notification's time is the `t=` of its header; the time arguments
/// stand in only when that is unreadable: `time_text` (decimal Unix
/// milliseconds) when not NULL, else `unix_time` seconds plus the whole
/// milliseconds of `nanos`, or the current time when `unix_time` is
/// PAYSIGN_NOW.
///
/// # Safety
/// As `paysign_explain_cybersource_webhook`, with `diagnosis_out` writable;
/// the header arrays are NULL (with `header_count` 0) or hold `header_count`
/// NUL-terminated texts.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_diagnose_cybersource_webhook(
    header_names: *const *const c_char,
    header_values: *const *const c_char,
    header_count: usize,
    key_id: *const c_char,
    key: *const c_char,
    body: *const u8,
    body_len: usize,
    unix_time: i64,
    nanos: u32,
    time_text: *const c_char,
    diagnosis_out: *mut *mut paysign_diagnosis,
) -> paysign_status {
    unsafe { ffi::clear_out("diagnosis_out", diagnosis_out) }?;
    let headers = unsafe { ffi::header_pairs(header_names, header_values, header_count) }?;
    let key_id = unsafe { text("key_id", key_id) }?;
    let key = unsafe { text("key", key) }?;
    let body = unsafe { bytes("body", body, body_len) }?;
    let time = unsafe { ffi::time_arg(unix_time, nanos, time_text) }?;
    let report = time.rename(paysign::api::diagnose_cybersource_webhook(
        &headers, key_id, key, body, &time.time,
    ))?;
    unsafe { hand_out_diagnosis(diagnosis_out, report) }
}

/// 1 when the received value is the correct one, else 0 (also for NULL).
///
/// # Safety
/// `diagnosis` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_diagnosis_valid(diagnosis: *const paysign_diagnosis) -> i32 {
    unsafe { borrow(diagnosis) }.map_or(0, |d| i32::from(d.valid))
}

/// How many mistakes were found (0 when valid, unexplained or NULL).
///
/// # Safety
/// `diagnosis` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_diagnosis_mistake_count(
    diagnosis: *const paysign_diagnosis,
) -> usize {
    unsafe { borrow(diagnosis) }.map_or(0, |d| d.mistakes.len())
}

/// The id of mistake `index` (most likely first), e.g.
/// "timestamp_milliseconds"; NULL when out of range.
///
/// # Safety
/// `diagnosis` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_diagnosis_mistake(
    diagnosis: *const paysign_diagnosis,
    index: usize,
) -> *const c_char {
    unsafe { borrow(diagnosis) }
        .and_then(|d| d.mistakes.get(index))
        .map_or(std::ptr::null(), text_ptr)
}

/// What went wrong and how to fix it ("valid" when valid); NULL when NULL.
///
/// # Safety
/// `diagnosis` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_diagnosis_message(
    diagnosis: *const paysign_diagnosis,
) -> *const c_char {
    unsafe { borrow(diagnosis) }.map_or(std::ptr::null(), |d| text_ptr(&d.message))
}

/// The correct value, when the received one is wrong and it is known; else NULL.
///
/// # Safety
/// `diagnosis` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_diagnosis_expected(
    diagnosis: *const paysign_diagnosis,
) -> *const c_char {
    unsafe { borrow(diagnosis) }
        .and_then(|d| d.expected.as_ref())
        .map_or(std::ptr::null(), text_ptr)
}

/// Frees a diagnosis; NULL is ignored.
///
/// # Safety
/// `diagnosis` is NULL or live, not used afterwards.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_diagnosis_free(diagnosis: *mut paysign_diagnosis) {
    unsafe { ffi::free(diagnosis) }
}
