//! `explain*` and `diagnose*`: the core's [`paysign::explain::Explanation`]
//! and [`paysign::diagnose::Report`] as plain objects.

use napi::bindgen_prelude::{Buffer, ToNapiValue};
use napi::{sys, Env, Unknown};
use napi_derive::napi;

use crate::{
    core, header_pairs, opt_bool, opt_bytes, opt_text, read_options, text, time_arg, Result,
};

/// `null` when absent (napi-rs would leave the property out).
pub struct OrNull(Option<String>);

impl ToNapiValue for OrNull {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        match val.0 {
            Some(s) => String::to_napi_value(env, s),
            None => napi::bindgen_prelude::Null::to_napi_value(env, napi::bindgen_prelude::Null),
        }
    }
}

/// One part of a signed message.
#[napi(object, object_from_js = false)]
pub struct ExplanationPart {
    /// `timestamp`, `resource path`, `query string`, `body`, `host`, ….
    pub name: String,
    /// Its value, as signed (a body is described: see `signed` for the bytes).
    pub value: String,
    /// Where it came from.
    pub why: String,
}

/// The exact bytes a scheme signs for a request, and how they were made.
#[napi(object, object_from_js = false)]
pub struct Explanation {
    /// `xpay`, `cybersource`, `paysimple`.
    pub scheme: String,
    /// How the message is assembled, in one line.
    pub layout: String,
    /// The exact bytes the HMAC covers.
    pub signed: Buffer,
    /// Its parts, in order.
    pub parts: Vec<ExplanationPart>,
    /// The method and URL to send, when the scheme derives them.
    #[napi(ts_type = "string | null")]
    pub request_line: OrNull,
    /// The headers to send (empty without the secret).
    #[napi(ts_type = "Array<[string, string]>")]
    pub headers: Vec<Vec<String>>,
    /// What the `paysign … explain` command prints.
    pub text: String,
}

impl From<paysign::explain::Explanation> for Explanation {
    fn from(e: paysign::explain::Explanation) -> Self {
        let text = e.text();
        Explanation {
            scheme: e.scheme.to_owned(),
            layout: e.layout.to_owned(),
            signed: Buffer::from(e.signed),
            parts: e
                .parts
                .into_iter()
                .map(|p| ExplanationPart {
                    name: p.name.to_owned(),
                    value: p.value,
                    why: p.why,
                })
                .collect(),
            request_line: OrNull(e.request_line),
            headers: e.headers.into_iter().map(|(n, v)| vec![n, v]).collect(),
            text,
        }
    }
}

/// Which known mistakes produced a value that did not verify.
#[napi(object, object_from_js = false)]
pub struct Diagnosis {
    /// The received value is the correct one.
    pub valid: bool,
    /// The ids of the mistakes found, most likely first; empty when valid or unexplained.
    pub mistakes: Vec<String>,
    /// What went wrong and how to fix it (or that it is valid).
    pub message: String,
    /// The correct value, when the received one is wrong.
    #[napi(ts_type = "string | null")]
    pub expected: OrNull,
}

impl From<paysign::diagnose::Report> for Diagnosis {
    fn from(r: paysign::diagnose::Report) -> Self {
        Diagnosis {
            valid: r.valid,
            mistakes: r.mistakes.into_iter().map(str::to_owned).collect(),
            message: r.message,
            expected: OrNull(r.expected),
        }
    }
}

/// The options of `explainXPayToken` (`sharedSecret` optional) and `diagnoseXPayToken`.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct XPayTokenOptions {
    pub api_key: String,
    #[napi(ts_type = "string | Uint8Array")]
    pub shared_secret: Option<String>,
    pub method: String,
    pub url: String,
    #[napi(ts_type = "string | Uint8Array")]
    pub body: Option<String>,
    pub full_path: Option<bool>,
    /// Unix seconds, the exact decimal text, or a `Date`. Default: now.
    #[napi(ts_type = "number | string | Date")]
    pub time: Option<String>,
}

/// The options of `explainCybersourceSignature` (`sharedSecret` optional) and `diagnoseCybersourceSignature`.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct CybersourceSignatureExplainOptions {
    pub merchant_id: String,
    pub key_id: String,
    pub shared_secret: Option<String>,
    pub method: String,
    pub url: String,
    #[napi(ts_type = "string | Uint8Array")]
    pub body: Option<String>,
    /// Unix seconds, the exact IMF-fixdate, or a `Date`. Default: now.
    #[napi(ts_type = "number | string | Date")]
    pub time: Option<String>,
}

/// The options of `explainPaysimpleHeader`.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct PaysimpleHeaderExplainOptions {
    pub username: String,
    pub api_key: Option<String>,
    /// Unix seconds, the exact ISO-8601 text, or a `Date`. Default: now.
    #[napi(ts_type = "number | string | Date")]
    pub time: Option<String>,
}

/// The options of `diagnosePaysimpleHeader`.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct PaysimpleHeaderDiagnoseOptions {
    pub username: String,
    pub api_key: String,
    /// The timestamp text the sender signed, when known.
    pub signed_timestamp: Option<String>,
}

const XPAY_KEYS: [&str; 7] = [
    "apiKey",
    "sharedSecret",
    "method",
    "url",
    "body",
    "fullPath",
    "time",
];
const CYBERSOURCE_KEYS: [&str; 7] = [
    "merchantId",
    "keyId",
    "sharedSecret",
    "method",
    "url",
    "body",
    "time",
];

/// What X-Pay signs for this request (with `sharedSecret`, the token too).
#[napi(js_name = "explainXPayToken")]
pub fn explain_x_pay_token(
    env: Env,
    #[napi(ts_arg_type = "XPayTokenOptions")] opts: Unknown<'_>,
) -> Result<Explanation> {
    let [api_key, secret, method, url, body, full_path, time] =
        read_options(&env, "opts", opts, XPAY_KEYS)?;
    let api_key = text(&env, "opts.apiKey", api_key)?;
    let method = text(&env, "opts.method", method)?;
    let url = text(&env, "opts.url", url)?;
    let full_path = opt_bool(&env, "opts.fullPath", Some(full_path))?.unwrap_or(false);
    let time = time_arg(&env, "opts.time", Some(time), None)?;
    let secret = crate::opt_secret(&env, "opts.sharedSecret", secret)?;
    let body = opt_bytes(&env, "opts.body", Some(body))?;
    core(
        &env,
        paysign::api::explain_x_pay_token(
            &api_key,
            secret.as_ref().map(|s| s.as_slice()),
            &method,
            &url,
            body.as_slice(),
            full_path,
            &time,
        ),
    )
    .map(Explanation::from)
}

/// What CyberSource signs for this request (with `sharedSecret`, the headers too).
#[napi(js_name = "explainCybersourceSignature")]
pub fn explain_cybersource_signature(
    env: Env,
    #[napi(ts_arg_type = "CybersourceSignatureExplainOptions")] opts: Unknown<'_>,
) -> Result<Explanation> {
    let [merchant_id, key_id, secret, method, url, body, time] =
        read_options(&env, "opts", opts, CYBERSOURCE_KEYS)?;
    let merchant_id = text(&env, "opts.merchantId", merchant_id)?;
    let key_id = text(&env, "opts.keyId", key_id)?;
    let secret = opt_text(&env, "opts.sharedSecret", Some(secret))?;
    let method = text(&env, "opts.method", method)?;
    let url = text(&env, "opts.url", url)?;
    let time = time_arg(&env, "opts.time", Some(time), None)?;
    let body = opt_bytes(&env, "opts.body", Some(body))?;
    core(
        &env,
        paysign::api::explain_cybersource_signature(
            &merchant_id,
            &key_id,
            secret.as_deref(),
            &method,
            &url,
            body.as_slice(),
            &time,
        ),
    )
    .map(Explanation::from)
}

/// What PaySimple signs (with `apiKey`, the header too).
#[napi(js_name = "explainPaysimpleHeader")]
pub fn explain_paysimple_header(
    env: Env,
    #[napi(ts_arg_type = "PaysimpleHeaderExplainOptions")] opts: Unknown<'_>,
) -> Result<Explanation> {
    let [username, api_key, time] =
        read_options(&env, "opts", opts, ["username", "apiKey", "time"])?;
    let username = text(&env, "opts.username", username)?;
    let api_key = opt_text(&env, "opts.apiKey", Some(api_key))?;
    let time = time_arg(&env, "opts.time", Some(time), None)?;
    core(
        &env,
        paysign::api::explain_paysimple_header(&username, api_key.as_deref(), &time),
    )
    .map(Explanation::from)
}

/// Which known mistakes produced `token` for this request.
#[napi(js_name = "diagnoseXPayToken")]
pub fn diagnose_x_pay_token(
    env: Env,
    #[napi(ts_arg_type = "string")] token: Unknown<'_>,
    #[napi(ts_arg_type = "XPayTokenOptions & { sharedSecret: string | Uint8Array }")] opts: Unknown<
        '_,
    >,
) -> Result<Diagnosis> {
    let token = text(&env, "token", token)?;
    let [api_key, secret, method, url, body, full_path, time] =
        read_options(&env, "opts", opts, XPAY_KEYS)?;
    let api_key = text(&env, "opts.apiKey", api_key)?;
    let method = text(&env, "opts.method", method)?;
    let url = text(&env, "opts.url", url)?;
    let full_path = opt_bool(&env, "opts.fullPath", Some(full_path))?.unwrap_or(false);
    let time = time_arg(&env, "opts.time", Some(time), None)?;
    let secret = crate::bytes(&env, "opts.sharedSecret", secret)?;
    let body = opt_bytes(&env, "opts.body", Some(body))?;
    core(
        &env,
        paysign::api::diagnose_x_pay_token(
            &token,
            &api_key,
            secret.as_slice(),
            &method,
            &url,
            body.as_slice(),
            full_path,
            &time,
        ),
    )
    .map(Diagnosis::from)
}

/// Which known mistakes produced the CyberSource headers received (an object
/// or `[name, value]` pairs, as received).
#[napi(js_name = "diagnoseCybersourceSignature")]
pub fn diagnose_cybersource_signature(
    env: Env,
    #[napi(ts_arg_type = "Record<string, string | string[]> | Array<[string, string]>")]
    headers: Unknown<'_>,
    #[napi(ts_arg_type = "CybersourceSignatureExplainOptions & { sharedSecret: string }")]
    opts: Unknown<'_>,
) -> Result<Diagnosis> {
    let headers = header_pairs(&env, "headers", headers)?;
    let [merchant_id, key_id, secret, method, url, body, time] =
        read_options(&env, "opts", opts, CYBERSOURCE_KEYS)?;
    let merchant_id = text(&env, "opts.merchantId", merchant_id)?;
    let key_id = text(&env, "opts.keyId", key_id)?;
    let secret = text(&env, "opts.sharedSecret", secret)?;
    let method = text(&env, "opts.method", method)?;
    let url = text(&env, "opts.url", url)?;
    let time = time_arg(&env, "opts.time", Some(time), None)?;
    let body = opt_bytes(&env, "opts.body", Some(body))?;
    let pairs = crate::as_pairs(&headers);
    core(
        &env,
        paysign::api::diagnose_cybersource_signature(
            &pairs,
            &merchant_id,
            &key_id,
            &secret,
            &method,
            &url,
            body.as_slice(),
            &time,
        ),
    )
    .map(Diagnosis::from)
}

/// Which known mistakes produced the PSSERVER `authorization` received.
#[napi(js_name = "diagnosePaysimpleHeader")]
pub fn diagnose_paysimple_header(
    env: Env,
    #[napi(ts_arg_type = "string")] authorization: Unknown<'_>,
    #[napi(ts_arg_type = "PaysimpleHeaderDiagnoseOptions")] opts: Unknown<'_>,
) -> Result<Diagnosis> {
    let authorization = text(&env, "authorization", authorization)?;
    let [username, api_key, signed_timestamp] = read_options(
        &env,
        "opts",
        opts,
        ["username", "apiKey", "signedTimestamp"],
    )?;
    let username = text(&env, "opts.username", username)?;
    let api_key = text(&env, "opts.apiKey", api_key)?;
    let signed_timestamp = opt_text(&env, "opts.signedTimestamp", Some(signed_timestamp))?;
    core(
        &env,
        paysign::api::diagnose_paysimple_header(
            &authorization,
            &username,
            &api_key,
            signed_timestamp.as_deref(),
        ),
    )
    .map(Diagnosis::from)
}
