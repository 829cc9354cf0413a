//! `explain*` and `diagnose*`: the core's [`paysign::explain::Explanation`]
//! and [`paysign::diagnose::Report`] as plain objects.

use napi::bindgen_prelude::{Buffer, JsObjectValue, ToNapiValue};
use napi::{sys, Env, Unknown};
use napi_derive::napi;

use crate::{
    core, header_pairs, opt_bool, opt_bytes, opt_text, read_options, text, time_arg, Bytes, Result,
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

/// The options of a request to explain or diagnose, converted. Every property
/// is read before any is converted (a getter may run JavaScript).
struct RequestOptions<'a> {
    /// `apiKey`, or `merchantId` and `keyId`.
    ids: Vec<String>,
    secret: Option<Bytes<'a>>,
    method: String,
    url: String,
    body: Bytes<'a>,
    full_path: bool,
    time: paysign::Time,
}

/// How a scheme's secret is given.
#[derive(PartialEq)]
enum Secret {
    /// `string | Uint8Array`, may be absent (X-Pay explain).
    OptionalBytes,
    /// `string | Uint8Array` (X-Pay diagnose).
    Bytes,
    /// base64 text, may be absent (CyberSource explain).
    OptionalText,
    /// base64 text (CyberSource diagnose).
    Text,
}

fn request_options<'a>(
    env: &Env,
    opts: Unknown<'a>,
    ids: &[&str],
    secret: Secret,
) -> Result<RequestOptions<'a>> {
    let object = crate::object(env, "opts", opts)?;
    let get = |key: &str| object.get_named_property::<Unknown<'a>>(key);
    let id_values = ids.iter().map(|k| get(k)).collect::<Result<Vec<_>>>()?;
    let [shared_secret, method, url, body, full_path, time] =
        ["sharedSecret", "method", "url", "body", "fullPath", "time"].map(get);
    let ids = ids
        .iter()
        .zip(id_values)
        .map(|(k, v)| text(env, &format!("opts.{k}"), v))
        .collect::<Result<Vec<_>>>()?;
    let method = text(env, "opts.method", method?)?;
    let url = text(env, "opts.url", url?)?;
    let full_path = opt_bool(env, "opts.fullPath", Some(full_path?))?;
    if full_path.is_some() && ids.len() != 1 {
        return Err(crate::type_error(
            env,
            "The \"opts.fullPath\" option is X-Pay's only. Received type boolean".to_owned(),
        ));
    }
    let full_path = full_path.unwrap_or(false);
    let time = time_arg(env, "opts.time", Some(time?), None)?;
    let shared_secret = shared_secret?;
    let name = "opts.sharedSecret";
    let secret = match secret {
        Secret::OptionalBytes => crate::opt_secret(env, name, shared_secret)?,
        Secret::Bytes => Some(crate::bytes(env, name, shared_secret)?),
        Secret::OptionalText => opt_text(env, name, Some(shared_secret))?.map(Bytes::Text),
        Secret::Text => Some(Bytes::Text(text(env, name, shared_secret)?)),
    };
    let body = opt_bytes(env, "opts.body", Some(body?))?;
    Ok(RequestOptions {
        ids,
        secret,
        method,
        url,
        body,
        full_path,
        time,
    })
}

impl RequestOptions<'_> {
    fn secret_bytes(&self) -> Option<&[u8]> {
        self.secret.as_ref().map(|s| s.as_slice())
    }

    fn secret_text(&self) -> Option<&str> {
        match &self.secret {
            Some(Bytes::Text(t)) => Some(t),
            _ => None,
        }
    }
}

/// What X-Pay signs for this request (with `sharedSecret`, the token too).
#[napi(js_name = "explainXPayToken")]
pub fn explain_x_pay_token(
    env: Env,
    #[napi(ts_arg_type = "XPayTokenOptions")] opts: Unknown<'_>,
) -> Result<Explanation> {
    let o = request_options(&env, opts, &["apiKey"], Secret::OptionalBytes)?;
    let explained = paysign::api::explain_x_pay_token(
        &o.ids[0],
        o.secret_bytes(),
        &o.method,
        &o.url,
        o.body.as_slice(),
        o.full_path,
        &o.time,
    );
    core(&env, explained).map(Explanation::from)
}

/// What CyberSource signs for this request (with `sharedSecret`, the headers too).
#[napi(js_name = "explainCybersourceSignature")]
pub fn explain_cybersource_signature(
    env: Env,
    #[napi(ts_arg_type = "CybersourceSignatureExplainOptions")] opts: Unknown<'_>,
) -> Result<Explanation> {
    let o = request_options(&env, opts, &["merchantId", "keyId"], Secret::OptionalText)?;
    let explained = paysign::api::explain_cybersource_signature(
        &o.ids[0],
        &o.ids[1],
        o.secret_text(),
        &o.method,
        &o.url,
        o.body.as_slice(),
        &o.time,
    );
    core(&env, explained).map(Explanation::from)
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
    let o = request_options(&env, opts, &["apiKey"], Secret::Bytes)?;
    let report = paysign::api::diagnose_x_pay_token(
        &token,
        &o.ids[0],
        o.secret_bytes().unwrap_or_default(),
        &o.method,
        &o.url,
        o.body.as_slice(),
        o.full_path,
        &o.time,
    );
    core(&env, report).map(Diagnosis::from)
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
    let o = request_options(&env, opts, &["merchantId", "keyId"], Secret::Text)?;
    let pairs = crate::as_pairs(&headers);
    let report = paysign::api::diagnose_cybersource_signature(
        &pairs,
        &o.ids[0],
        &o.ids[1],
        o.secret_text().unwrap_or_default(),
        &o.method,
        &o.url,
        o.body.as_slice(),
        &o.time,
    );
    core(&env, report).map(Diagnosis::from)
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

/// The options of `explainCybersourceWebhook` (`key` optional) and `diagnoseCybersourceWebhook`.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct CybersourceWebhookOptions {
    pub key_id: String,
    /// The webhook key, base64 text.
    pub key: Option<String>,
    /// The raw body, exactly as received.
    #[napi(ts_type = "string | Uint8Array")]
    pub body: Option<String>,
    /// Unix seconds, the exact Unix-milliseconds text, or a `Date`. Default: now.
    #[napi(ts_type = "number | string | Date")]
    pub time: Option<String>,
}

/// The webhook options, converted.
struct WebhookOptions<'a> {
    key_id: String,
    key: Option<String>,
    body: Bytes<'a>,
    time: paysign::Time,
}

fn webhook_options<'a>(env: &Env, opts: Unknown<'a>) -> Result<WebhookOptions<'a>> {
    let [key_id, key, body, time] =
        read_options(env, "opts", opts, ["keyId", "key", "body", "time"])?;
    Ok(WebhookOptions {
        key_id: text(env, "opts.keyId", key_id)?,
        key: opt_text(env, "opts.key", Some(key))?,
        body: opt_bytes(env, "opts.body", Some(body))?,
        time: time_arg(env, "opts.time", Some(time), None)?,
    })
}

/// What a webhook notification's `v-c-signature` signs (`t.body`; with `key`, the header too).
#[napi(js_name = "explainCybersourceWebhook")]
pub fn explain_cybersource_webhook(
    env: Env,
    #[napi(ts_arg_type = "CybersourceWebhookOptions")] opts: Unknown<'_>,
) -> Result<Explanation> {
    let o = webhook_options(&env, opts)?;
    let explained = paysign::api::explain_cybersource_webhook(
        &o.key_id,
        o.key.as_deref(),
        o.body.as_slice(),
        &o.time,
    );
    core(&env, explained).map(Explanation::from)
}

/// Which known mistakes produced the `v-c-signature` received (headers: an
/// object or `[name, value]` pairs, as received).
#[napi(js_name = "diagnoseCybersourceWebhook")]
pub fn diagnose_cybersource_webhook(
    env: Env,
    #[napi(ts_arg_type = "Record<string, string | string[]> | Array<[string, string]>")]
    headers: Unknown<'_>,
    #[napi(ts_arg_type = "CybersourceWebhookOptions & { key: string }")] opts: Unknown<'_>,
) -> Result<Diagnosis> {
    let headers = header_pairs(&env, "headers", headers)?;
    let o = webhook_options(&env, opts)?;
    let key = o.key.ok_or_else(|| {
        crate::type_error(
            &env,
            "The \"opts.key\" option must be of type string. Received undefined".to_owned(),
        )
    })?;
    let pairs = crate::as_pairs(&headers);
    let report = paysign::api::diagnose_cybersource_webhook(
        &pairs,
        &o.key_id,
        &key,
        o.body.as_slice(),
        &o.time,
    );
    core(&env, report).map(Diagnosis::from)
}
