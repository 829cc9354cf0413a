//! Whole-request verifiers over the core's [`paysign::verifier::Verifier`]s,
//! and the webhook signature.
//!
//! One native class holds any scheme's verifier; `index.js` wraps it in the
//! four named classes. Replay memory is the core's: in-process (default),
//! off, or a store object. A store is asked from JavaScript (it may answer
//! with a Promise, e.g. Redis): the core verifies everything, asks
//! [`Deferred`] to remember the credential key last, and the key and TTL go
//! back to JavaScript, which asks the store and hands its answer to
//! [`replay_refusal`]. The answer is never guessed: only `true` accepts.

use std::cell::RefCell;
use std::sync::Arc;

use napi::bindgen_prelude::{
    FromNapiValue, JsObjectValue, Null, Object, ToNapiValue, Uint8ArraySlice,
};
use napi::{sys, Env, JsValue, Unknown, ValueType};
use napi_derive::napi;
use paysign::replay::{Replay, ReplayStore};
use paysign::verifier::{Received, Verifier};

use crate::{
    as_pairs, core, header_pairs, opt_bool, opt_bytes, opt_int, opt_seconds, paysign_error,
    received, text, type_error, Result,
};

thread_local! {
    /// The (key, ttl) the core asked to remember during the current `verify`
    /// on this thread (a verifier instance lives on one JavaScript thread).
    static ASKED: RefCell<Option<(String, u64)>> = const { RefCell::new(None) };
}

/// The store a verifier with a JavaScript store holds: records what the core
/// asks, answers "new"; JavaScript then asks the real store.
struct Deferred;

impl ReplayStore for Deferred {
    fn remember(&self, key: &str, ttl_seconds: u64) -> std::result::Result<bool, String> {
        ASKED.with(|a| *a.borrow_mut() = Some((key.to_owned(), ttl_seconds)));
        Ok(true)
    }
}

/// `keys`: `[id, secret]` pairs (index.js turns an object or a Map into them).
fn keyring(env: &Env, value: Unknown<'_>) -> Result<Vec<(String, Vec<u8>)>> {
    let must = |env: &Env, what: &Unknown<'_>| {
        type_error(
            env,
            format!(
                "The \"keys\" option must be an object (or Map) of id to secret (string or Uint8Array). {}",
                received(what)
            ),
        )
    };
    if value.get_type()? != ValueType::Object || !value.is_array()? {
        return Err(must(env, &value));
    }
    let list = Object::from_raw(env.raw(), value.raw());
    let mut keys = Vec::new();
    for i in 0..list.get_array_length()? {
        let pair: Unknown<'_> = list.get_element(i)?;
        if pair.get_type()? != ValueType::Object || !pair.is_array()? {
            return Err(must(env, &pair));
        }
        let pair = Object::from_raw(env.raw(), pair.raw());
        let id = text(env, "keys (an id)", pair.get_element::<Unknown<'_>>(0)?)?;
        let secret: Unknown<'_> = pair.get_element(1)?;
        let secret = match secret.get_type()? {
            ValueType::String => text(env, &format!("keys.{id}"), secret)?.into_bytes(),
            ValueType::Object if secret.is_typedarray()? => {
                match Uint8ArraySlice::from_unknown(secret) {
                    Ok(view) => view.to_vec(),
                    Err(_) => return Err(must(env, &secret)),
                }
            }
            _ => return Err(must(env, &secret)),
        };
        keys.push((id, secret));
    }
    Ok(keys)
}

/// Internal (not exported by the package): any scheme's whole-request verifier (wrapped by `XPayVerifier`,
/// `CyberSourceVerifier`, `PaySimpleVerifier`, `CyberSourceWebhookVerifier`).
#[napi(js_name = "NativeVerifier")]
pub struct NativeVerifier {
    inner: Box<dyn Verifier>,
}

#[napi]
impl NativeVerifier {
    /// `replay`: `true` (in-process memory), `false` (off) or `"store"`
    /// (index.js asks the store).
    #[napi(constructor, skip_typescript)]
    pub fn new(
        env: Env,
        #[napi(ts_arg_type = "string")] scheme: Unknown<'_>,
        #[napi(ts_arg_type = "Array<[string, string | Uint8Array]>")] keys: Unknown<'_>,
        #[napi(ts_arg_type = "boolean")] full_path: Option<Unknown<'_>>,
        #[napi(ts_arg_type = "number")] max_skew: Option<Unknown<'_>>,
        #[napi(ts_arg_type = "boolean | 'store'")] replay: Option<Unknown<'_>>,
    ) -> Result<Self> {
        let scheme = text(&env, "scheme", scheme)?;
        let full_path = opt_bool(&env, "fullPath", full_path)?;
        let max_skew = opt_seconds(&env, "maxSkew", max_skew)?;
        let replay = match replay {
            Some(v) if v.get_type()? == ValueType::String => {
                if text(&env, "replay", v)? != "store" {
                    return Err(type_error(
                        &env,
                        "The \"replay\" option must be true, false or a store object.".to_owned(),
                    ));
                }
                Replay::Store(Arc::new(Deferred))
            }
            other => match opt_bool(&env, "replay", other)? {
                None | Some(true) => Replay::default(),
                Some(false) => Replay::Off,
            },
        };
        let keys = keyring(&env, keys)?;
        let inner: paysign::Result<Box<dyn Verifier>> = match scheme.as_str() {
            "xpay" => paysign::XPayVerifier::new(keys, full_path.unwrap_or(false), max_skew, replay)
                .map(|v| Box::new(v) as Box<dyn Verifier>),
            "cybersource" => paysign::CyberSourceVerifier::new(keys, max_skew, replay)
                .map(|v| Box::new(v) as Box<dyn Verifier>),
            "paysimple" => paysign::PaySimpleVerifier::new(keys, max_skew, replay)
                .map(|v| Box::new(v) as Box<dyn Verifier>),
            "cybersource-webhook" => {
                paysign::CyberSourceWebhookVerifier::new(keys, max_skew, replay)
                    .map(|v| Box::new(v) as Box<dyn Verifier>)
            }
            _ => {
                return Err(type_error(
                    &env,
                    "The \"scheme\" argument must be xpay, cybersource, paysimple or cybersource-webhook."
                        .to_owned(),
                ))
            }
        };
        Ok(NativeVerifier {
            inner: core(&env, inner)?,
        })
    }

    /// The verified request as one string (see `VerifiedParts`), or as
    /// `[scheme, keyId, merchantId | null, timestamp, signed (names joined by spaces), replayKey?, ttlSeconds?]`
    /// (index.js builds the result object: faster than building it here).
    #[napi(
        ts_return_type = "string | [string, string, string | null, number, string, string | undefined, number | undefined]"
    )]
    pub fn verify(
        &self,
        env: Env,
        #[napi(ts_arg_type = "string")] method: Unknown<'_>,
        #[napi(ts_arg_type = "string")] url: Unknown<'_>,
        #[napi(ts_arg_type = "Record<string, string | string[]> | Array<[string, string]>")]
        headers: Unknown<'_>,
        #[napi(ts_arg_type = "string | Uint8Array")] body: Option<Unknown<'_>>,
        #[napi(ts_arg_type = "number")] now: Option<Unknown<'_>>,
    ) -> Result<VerifiedParts> {
        let method = text(&env, "method", method)?;
        let url = text(&env, "url", url)?;
        let headers = header_pairs(&env, "headers", headers)?;
        let now = opt_int(&env, "now", now)?;
        let body = opt_bytes(&env, "body", body)?;
        self.run(&env, &method, &url, &headers, body.as_slice(), now)
    }
}

#[napi]
impl NativeVerifier {
    /// `verify` with the headers packed by verify.js into one string (see
    /// `packed_header_pairs`): one N-API read instead of several per header.
    #[napi(js_name = "verifyPacked", skip_typescript)]
    pub fn verify_packed(
        &self,
        env: Env,
        method: Unknown<'_>,
        url: Unknown<'_>,
        packed_headers: Unknown<'_>,
        body: Option<Unknown<'_>>,
        now: Option<Unknown<'_>>,
    ) -> Result<VerifiedParts> {
        let method = text(&env, "method", method)?;
        let url = text(&env, "url", url)?;
        let headers = crate::packed_header_pairs(&env, packed_headers)?;
        let now = opt_int(&env, "now", now)?;
        let body = opt_bytes(&env, "body", body)?;
        self.run(&env, &method, &url, &headers, body.as_slice(), now)
    }
}

impl NativeVerifier {
    fn run(
        &self,
        env: &Env,
        method: &str,
        url: &str,
        headers: &[(String, String)],
        body: &[u8],
        now: Option<i64>,
    ) -> Result<VerifiedParts> {
        let pairs = as_pairs(headers);
        let request = Received {
            method,
            url,
            headers: &pairs,
            body,
        };
        ASKED.with(|a| a.borrow_mut().take());
        let verified = self.inner.verify(&request, now);
        let asked = ASKED.with(|a| a.borrow_mut().take());
        Ok(VerifiedParts(core(env, verified)?, asked))
    }
}

/// What `verify` returns, as an array (see [`NativeVerifier::verify`]).
pub struct VerifiedParts(paysign::Verified, Option<(String, u64)>);

impl ToNapiValue for VerifiedParts {
    unsafe fn to_napi_value(raw: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        let env = Env::from_raw(raw);
        let VerifiedParts(v, asked) = val;
        // Usually one string, `1|0 \n scheme \n keyId \n merchantId \n timestamp \n
        // signed [\n replayKey \n ttl]`, split in verify.js: one N-API value
        // instead of an array of them. A text holding a line feed (which the
        // core's checks make unlikely) goes as the array.
        let texts = [v.key_id.as_str(), v.merchant_id.as_deref().unwrap_or("")];
        if !texts.iter().any(|t| t.contains('\n'))
            && !v.signed.iter().any(|n| n.contains([' ', '\n']))
        {
            let mut out = String::with_capacity(96);
            out.push(if v.merchant_id.is_some() { '1' } else { '0' });
            for piece in [
                v.scheme,
                &v.key_id,
                texts[1],
                itoa::Buffer::new().format(v.timestamp),
            ] {
                out.push('\n');
                out.push_str(piece);
            }
            out.push('\n');
            out.push_str(&v.signed.join(" "));
            if let Some((key, ttl)) = &asked {
                out.push('\n');
                out.push_str(key);
                out.push('\n');
                out.push_str(itoa::Buffer::new().format(*ttl));
            }
            return unsafe { String::to_napi_value(raw, out) };
        }
        let mut out = env.create_array(if asked.is_some() { 7 } else { 5 })?;
        out.set(0, v.scheme)?;
        out.set(1, v.key_id)?;
        match v.merchant_id {
            Some(m) => out.set(2, m)?,
            None => out.set(2, Null)?,
        }
        out.set(3, v.timestamp)?;
        out.set(4, v.signed.join(" "))?;
        if let Some((key, ttl)) = asked {
            out.set(5, key)?;
            out.set(6, ttl as i64)?;
        }
        Ok(out.raw())
    }
}

/// Maps a store's answer to the core's refusal: `undefined` → `replayed`
/// (the store said the key was present), a string → `replay_store_unavailable`
/// with that text (why the store could not answer).
#[napi(js_name = "replayRefusal", skip_typescript)]
pub fn replay_refusal(
    env: Env,
    #[napi(ts_arg_type = "string")] why: Option<Unknown<'_>>,
) -> Result<()> {
    let why = crate::opt_text(&env, "why", why)?;
    let rejection = match why {
        None => paysign::Rejection::Replayed,
        Some(why) => {
            let mut shown: String = why.escape_debug().take(200).collect();
            if shown.is_empty() {
                shown = "the store gave no reason".to_owned();
            }
            paysign::Rejection::ReplayStoreUnavailable(shown)
        }
    };
    Err(paysign_error(&env, rejection.into()))
}

/// The `v-c-signature` value of a CyberSource webhook notification:
/// `t=<ms>;keyId=<id>;sig=<base64>`. `key` is the base64 key CyberSource
/// issues; `timestampMs` (Unix milliseconds) defaults to now.
#[napi(js_name = "cybersourceWebhookSignature")]
pub fn cybersource_webhook_signature(
    env: Env,
    #[napi(ts_arg_type = "string")] key_id: Unknown<'_>,
    #[napi(ts_arg_type = "string")] key: Unknown<'_>,
    #[napi(ts_arg_type = "string | Uint8Array")] body: Option<Unknown<'_>>,
    #[napi(ts_arg_type = "number")] timestamp_ms: Option<Unknown<'_>>,
) -> Result<String> {
    let key_id = text(&env, "keyId", key_id)?;
    let key = text(&env, "key", key)?;
    let timestamp_ms = opt_int(&env, "timestampMs", timestamp_ms)?;
    let body = opt_bytes(&env, "body", body)?;
    core(
        &env,
        paysign::api::cybersource_webhook_signature(&key_id, &key, body.as_slice(), timestamp_ms),
    )
}
