//! Whole-request verifiers (a keyring, the scheme's window, replay
//! protection) and what they accept (`paysign_verified`), all from core.

use std::ffi::{c_char, CString};

use paysign::replay::Replay;
use paysign::verifier::{Received, Verified, Verifier};

use paysign_c_export::ffi_export;

use crate::ffi::{self, borrow, bytes, object, text, text_ptr, Failure};
use crate::{paysign_status, time, PAYSIGN_DEFAULT_MAX_SKEW};

/// Verifies whole requests of one scheme (X-Pay, CyberSource or PaySimple)
/// against a keyring, within the scheme's window, refusing replays. Made by
/// `paysign_x_pay_verifier_new`, `paysign_cybersource_verifier_new` or
/// `paysign_paysimple_verifier_new`; used by `paysign_verifier_verify`; freed
/// by `paysign_verifier_free`. One verifier may verify from several threads
/// at once, and gives the same answers as if one thread did (its replay
/// memory is shared).
pub struct paysign_verifier {
    verifier: Box<dyn Verifier>,
}

/// Verifies CyberSource webhook notifications (`v-c-signature`) against a
/// keyring of key id to base64 key. Made by
/// `paysign_cybersource_webhook_verifier_new`, used by
/// `paysign_webhook_verifier_verify`, freed by `paysign_webhook_verifier_free`.
/// Shareable across threads like `paysign_verifier`.
pub struct paysign_webhook_verifier {
    verifier: paysign::CyberSourceWebhookVerifier,
}

/// What a verifier accepted: the scheme, the credential that matched (API
/// key, key id or username), CyberSource's merchant id, when it was signed
/// and the names of what the credential covered. Free it with
/// `paysign_verified_free`.
pub struct paysign_verified {
    scheme: CString,
    key_id: CString,
    merchant_id: Option<CString>,
    timestamp: i64,
    signed: Vec<CString>,
}

/// A keyring: `count` ids (UTF-8 text) and secrets (NUL-terminated bytes;
/// what each scheme's secret must be is checked by core).
///
/// # Safety
/// `ids` and `secrets` are NULL or hold `count` NUL-terminated strings.
#[allow(unsafe_code)]
unsafe fn keyring(
    ids: *const *const c_char,
    secrets: *const *const c_char,
    count: usize,
) -> ffi::Result<Vec<(String, Vec<u8>)>> {
    let ids = unsafe { ffi::text_array("key_ids", ids, count) }?;
    let secrets = unsafe { ffi::bytes_z_array("secrets", secrets, count) }?;
    Ok(ids
        .into_iter()
        .zip(secrets)
        .map(|(id, secret)| (id.to_owned(), secret.to_vec()))
        .collect())
}

fn skew(max_skew: i64) -> ffi::Result<Option<u64>> {
    if max_skew == PAYSIGN_DEFAULT_MAX_SKEW {
        return Ok(None);
    }
    u64::try_from(max_skew)
        .map(Some)
        .map_err(|_| Failure::invalid("max_skew", "must not be negative"))
}

fn replay(replay: i32) -> Replay {
    if replay != 0 {
        Replay::default()
    } else {
        Replay::Off
    }
}

#[allow(unsafe_code)]
unsafe fn hand_out_verifier(
    out: *mut *mut paysign_verifier,
    verifier: paysign::Result<impl Verifier + 'static>,
) -> ffi::Result<()> {
    let held = paysign_verifier {
        verifier: Box::new(verifier?),
    };
    unsafe { ffi::hand_out(out, held) };
    Ok(())
}

/// An X-Pay-Token verifier into `*verifier_out`. The keyring is `key_count`
/// pairs: `key_ids[i]` an API key, `secrets[i]` its shared secret
/// (NUL-terminated bytes). `full_path` non-zero checks tokens over the whole
/// URL path. `max_skew`: seconds, or PAYSIGN_DEFAULT_MAX_SKEW for Visa's
/// window (8 minutes). `replay` non-zero refuses a token accepted before
/// within the window (in-process memory of 100000 entries; when it is full
/// of live entries, verification fails closed with
/// "replay_store_unavailable"); 0 turns that off.
///
/// # Safety
/// `key_ids` and `secrets` are NULL (with `key_count` 0) or hold `key_count`
/// NUL-terminated strings; `verifier_out` is writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_x_pay_verifier_new(
    key_ids: *const *const c_char,
    secrets: *const *const c_char,
    key_count: usize,
    full_path: i32,
    max_skew: i64,
    replay: i32,
    verifier_out: *mut *mut paysign_verifier,
) -> paysign_status {
    unsafe { ffi::clear_out("verifier_out", verifier_out) }?;
    let keys = unsafe { keyring(key_ids, secrets, key_count) }?;
    let max_skew = skew(max_skew)?;
    let verifier = paysign::XPayVerifier::new(keys, full_path != 0, max_skew, self::replay(replay));
    unsafe { hand_out_verifier(verifier_out, verifier) }
}

/// A CyberSource HTTP Signature verifier into `*verifier_out`: `key_ids[i]`
/// a key id, `secrets[i]` its base64 shared secret. `max_skew` defaults
/// (PAYSIGN_DEFAULT_MAX_SKEW) to 5 minutes; `replay` as in
/// `paysign_x_pay_verifier_new`.
///
/// # Safety
/// As `paysign_x_pay_verifier_new`.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_cybersource_verifier_new(
    key_ids: *const *const c_char,
    secrets: *const *const c_char,
    key_count: usize,
    max_skew: i64,
    replay: i32,
    verifier_out: *mut *mut paysign_verifier,
) -> paysign_status {
    unsafe { ffi::clear_out("verifier_out", verifier_out) }?;
    let keys = unsafe { keyring(key_ids, secrets, key_count) }?;
    let max_skew = skew(max_skew)?;
    let verifier = paysign::CyberSourceVerifier::new(keys, max_skew, self::replay(replay));
    unsafe { hand_out_verifier(verifier_out, verifier) }
}

/// A PaySimple PSSERVER verifier into `*verifier_out`: `key_ids[i]` an API
/// username, `secrets[i]` its API key. `max_skew` defaults to PaySimple's 5
/// minutes; `replay` as in `paysign_x_pay_verifier_new`.
///
/// # Safety
/// As `paysign_x_pay_verifier_new`.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_paysimple_verifier_new(
    key_ids: *const *const c_char,
    secrets: *const *const c_char,
    key_count: usize,
    max_skew: i64,
    replay: i32,
    verifier_out: *mut *mut paysign_verifier,
) -> paysign_status {
    unsafe { ffi::clear_out("verifier_out", verifier_out) }?;
    let keys = unsafe { keyring(key_ids, secrets, key_count) }?;
    let max_skew = skew(max_skew)?;
    let verifier = paysign::PaySimpleVerifier::new(keys, max_skew, self::replay(replay));
    unsafe { hand_out_verifier(verifier_out, verifier) }
}

#[allow(unsafe_code)]
unsafe fn hand_out_verified(
    out: *mut *mut paysign_verified,
    verified: Verified,
) -> ffi::Result<()> {
    let held = paysign_verified {
        scheme: ffi::c_text(verified.scheme)?,
        key_id: ffi::c_text(verified.key_id)?,
        merchant_id: verified.merchant_id.map(ffi::c_text).transpose()?,
        timestamp: verified.timestamp,
        signed: verified
            .signed
            .into_iter()
            .map(ffi::c_text)
            .collect::<ffi::Result<_>>()?,
    };
    unsafe { ffi::hand_out(out, held) };
    Ok(())
}

/// Verifies a whole received request: its `method`, `url` (absolute, or the
/// request target `/path?query` as received), every header received
/// (`header_count` pairs `header_names[i]`, `header_values[i]`, in order,
/// duplicates included: a duplicated header the scheme reads is refused) and
/// the exact body. `now` is Unix seconds or PAYSIGN_NOW. PAYSIGN_OK with the
/// result in `*verified_out`, or PAYSIGN_VERIFICATION_FAILED with the reason
/// (`paysign_last_reason`: "signature_mismatch", "replayed",
/// "duplicate_header", "unknown_key", ...).
///
/// # Safety
/// `verifier` is NULL or live; text arguments are NULL or NUL-terminated;
/// the header arrays are NULL (with `header_count` 0) or hold `header_count`
/// NUL-terminated texts; `body` is NULL (with `body_len` 0) or readable for
/// `body_len` bytes; `verified_out` is writable.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_verifier_verify(
    verifier: *const paysign_verifier,
    method: *const c_char,
    url: *const c_char,
    header_names: *const *const c_char,
    header_values: *const *const c_char,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    now: i64,
    verified_out: *mut *mut paysign_verified,
) -> paysign_status {
    unsafe { ffi::clear_out("verified_out", verified_out) }?;
    let held = unsafe { object("verifier", verifier) }?;
    let method = unsafe { text("method", method) }?;
    let url = unsafe { text("url", url) }?;
    let headers = unsafe { ffi::header_pairs(header_names, header_values, header_count) }?;
    let body = unsafe { bytes("body", body, body_len) }?;
    let request = Received {
        method,
        url,
        headers: &headers,
        body,
    };
    let verified = held.verifier.verify(&request, time(now))?;
    unsafe { hand_out_verified(verified_out, verified) }
}

/// Frees a verifier (its secrets are wiped); NULL is ignored.
///
/// # Safety
/// `verifier` is NULL or live, not used afterwards (by any thread).
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_verifier_free(verifier: *mut paysign_verifier) {
    unsafe { ffi::free(verifier) }
}

/// A webhook notification verifier into `*verifier_out`: `key_ids[i]` a key
/// id, `keys[i]` its base64 key. `max_skew` defaults to 5 minutes; `replay`
/// as in `paysign_x_pay_verifier_new`.
///
/// # Safety
/// As `paysign_x_pay_verifier_new`.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_cybersource_webhook_verifier_new(
    key_ids: *const *const c_char,
    keys: *const *const c_char,
    key_count: usize,
    max_skew: i64,
    replay: i32,
    verifier_out: *mut *mut paysign_webhook_verifier,
) -> paysign_status {
    unsafe { ffi::clear_out("verifier_out", verifier_out) }?;
    let ring = unsafe { keyring(key_ids, keys, key_count) }?;
    let max_skew = skew(max_skew)?;
    let verifier = paysign::CyberSourceWebhookVerifier::new(ring, max_skew, self::replay(replay))?;
    unsafe { ffi::hand_out(verifier_out, paysign_webhook_verifier { verifier }) };
    Ok(())
}

/// Verifies a webhook notification from its headers (`v-c-signature`, any
/// case) and its raw body, as received. Results as `paysign_verifier_verify`
/// (`scheme` "cybersource-webhook", `timestamp` in seconds).
///
/// # Safety
/// As `paysign_verifier_verify`.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_webhook_verifier_verify(
    verifier: *const paysign_webhook_verifier,
    header_names: *const *const c_char,
    header_values: *const *const c_char,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    now: i64,
    verified_out: *mut *mut paysign_verified,
) -> paysign_status {
    unsafe { ffi::clear_out("verified_out", verified_out) }?;
    let held = unsafe { object("verifier", verifier) }?;
    let headers = unsafe { ffi::header_pairs(header_names, header_values, header_count) }?;
    let body = unsafe { bytes("body", body, body_len) }?;
    let verified = held
        .verifier
        .verify_notification(&headers, body, time(now))?;
    unsafe { hand_out_verified(verified_out, verified) }
}

/// Frees a webhook verifier; NULL is ignored.
///
/// # Safety
/// `verifier` is NULL or live, not used afterwards.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_webhook_verifier_free(verifier: *mut paysign_webhook_verifier) {
    unsafe { ffi::free(verifier) }
}

/// The scheme verified: "xpay", "cybersource", "paysimple" or
/// "cybersource-webhook"; NULL when `verified` is NULL.
///
/// # Safety
/// `verified` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_verified_scheme(
    verified: *const paysign_verified,
) -> *const c_char {
    unsafe { borrow(verified) }.map_or(std::ptr::null(), |v| text_ptr(&v.scheme))
}

/// The credential that matched: the API key (X-Pay), key id (CyberSource,
/// webhooks) or username (PaySimple); NULL when NULL.
///
/// # Safety
/// `verified` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_verified_key_id(
    verified: *const paysign_verified,
) -> *const c_char {
    unsafe { borrow(verified) }.map_or(std::ptr::null(), |v| text_ptr(&v.key_id))
}

/// CyberSource's `v-c-merchant-id`; NULL for the other schemes.
///
/// # Safety
/// `verified` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_verified_merchant_id(
    verified: *const paysign_verified,
) -> *const c_char {
    unsafe { borrow(verified) }
        .and_then(|v| v.merchant_id.as_ref())
        .map_or(std::ptr::null(), text_ptr)
}

/// When the request was signed, Unix seconds (0 when `verified` is NULL).
///
/// # Safety
/// `verified` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_verified_timestamp(verified: *const paysign_verified) -> i64 {
    unsafe { borrow(verified) }.map_or(0, |v| v.timestamp)
}

/// How many names `paysign_verified_signed` gives (0 when NULL).
///
/// # Safety
/// `verified` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_verified_signed_count(verified: *const paysign_verified) -> usize {
    unsafe { borrow(verified) }.map_or(0, |v| v.signed.len())
}

/// The name of what the credential covered, `index`-th, e.g. "timestamp",
/// "host", "body"; NULL when out of range.
///
/// # Safety
/// `verified` is NULL or live.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_verified_signed(
    verified: *const paysign_verified,
    index: usize,
) -> *const c_char {
    unsafe { borrow(verified) }
        .and_then(|v| v.signed.get(index))
        .map_or(std::ptr::null(), text_ptr)
}

/// Frees a result; NULL is ignored.
///
/// # Safety
/// `verified` is NULL or live, not used afterwards.
#[ffi_export]
#[no_mangle]
pub unsafe extern "C" fn paysign_verified_free(verified: *mut paysign_verified) {
    unsafe { ffi::free(verified) }
}
