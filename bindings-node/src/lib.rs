//! The Node.js binding of paysign (napi-rs v3).
//!
//! Type conversion and error mapping only: every rule, default and format is
//! in the `paysign` crate. The flat functions call [`paysign::api`] (which
//! applies the defaults: the current time, the ±300 s window); the classes hold
//! the core signers.
//!
//! Conversions are done here, by hand, so that a wrong argument type is a
//! `TypeError` (code `ERR_INVALID_ARG_TYPE`) naming the argument and never
//! echoing its value. A `Uint8Array` (or `Buffer`) is read in place, without a
//! copy: every argument that may run JavaScript when read (an options object's
//! getters, a headers object) is read before any byte view is taken, so no
//! JavaScript runs while Rust holds the view.
//!
//! Errors from the core are thrown as `Error`s with a stable `code`:
//! `PAYSIGN_INVALID_ARGUMENT` (plus `field`, the core's field name) or
//! `PAYSIGN_VERIFICATION_FAILED` (plus `reason`, [`paysign::Rejection::code`]).
//! Their message is the core's `Display` (the core keeps secrets out of it).

use napi::bindgen_prelude::{
    FromNapiValue, JsError, JsObjectValue, KeyCollectionMode, KeyConversion, KeyFilter, Object,
    ToNapiValue, Uint8Array, Uint8ArraySlice,
};
use napi::{sys, Env, JsValue, Status, Unknown, ValueType};
use napi_derive::napi;

/// `code` of the errors the core reports as [`paysign::Error::InvalidArgument`].
const INVALID_ARGUMENT: &str = "PAYSIGN_INVALID_ARGUMENT";
/// `code` of the errors the core reports as [`paysign::Error::Verification`].
const VERIFICATION_FAILED: &str = "PAYSIGN_VERIFICATION_FAILED";
/// `code` of any other core error (the core's `Error` is non-exhaustive).
const OTHER_ERROR: &str = "PAYSIGN_ERROR";
/// Node's own code for a `TypeError` about an argument's type.
const INVALID_ARG_TYPE: &str = "ERR_INVALID_ARG_TYPE";
/// Node's own code for a `RangeError` about a number that is not an integer.
const OUT_OF_RANGE: &str = "ERR_OUT_OF_RANGE";

type Result<T> = napi::Result<T>;

mod gateway;

// ---------------------------------------------------------------- errors ---

/// The `Err` to return once a JavaScript exception is pending: napi-rs then
/// lets that exception propagate unchanged.
fn pending(message: &str) -> napi::Error {
    napi::Error::new(Status::PendingException, message.to_owned())
}

/// Throws a `TypeError` (code `ERR_INVALID_ARG_TYPE`).
fn type_error(env: &Env, message: String) -> napi::Error {
    // A header name given by the caller may hold a NUL, which a C string cannot.
    let message = message.replace('\0', "\\0");
    match env.throw_type_error(&message, Some(INVALID_ARG_TYPE)) {
        Ok(()) => pending(&message),
        Err(e) => e,
    }
}

/// Throws a `RangeError` (code `ERR_OUT_OF_RANGE`).
fn range_error(env: &Env, message: String) -> napi::Error {
    match env.throw_range_error(&message, Some(OUT_OF_RANGE)) {
        Ok(()) => pending(&message),
        Err(e) => e,
    }
}

/// Throws a core error as a JS `Error` with `code` and `field` or `reason`.
fn paysign_error(env: &Env, err: paysign::Error) -> napi::Error {
    let message = err.to_string();
    let (code, extra) = match &err {
        paysign::Error::InvalidArgument { field, .. } => {
            (INVALID_ARGUMENT, Some(("field", *field)))
        }
        paysign::Error::Verification(rejection) => {
            (VERIFICATION_FAILED, Some(("reason", rejection.code())))
        }
        _ => (OTHER_ERROR, None),
    };
    let thrown = (|| -> Result<()> {
        let error = JsError::from(napi::Error::new(code, message.clone())).into_unknown(*env);
        let mut object = Object::from_raw(env.raw(), error.raw());
        if let Some((name, value)) = extra {
            object.set_named_property(name, value)?;
        }
        env.throw(object)
    })();
    match thrown {
        Ok(()) => pending(&message),
        Err(e) => e,
    }
}

/// Maps a core result, throwing its error.
fn core<T>(env: &Env, result: paysign::Result<T>) -> Result<T> {
    result.map_err(|e| paysign_error(env, e))
}

// ----------------------------------------------------------- conversions ---

/// How a received value is described in a `TypeError`: its type, never its value.
fn received(value: &Unknown<'_>) -> String {
    let kind = match value.get_type() {
        Ok(ValueType::Undefined) => "undefined",
        Ok(ValueType::Null) => "null",
        Ok(ValueType::Boolean) => "type boolean",
        Ok(ValueType::Number) => "type number",
        Ok(ValueType::String) => "type string",
        Ok(ValueType::Symbol) => "type symbol",
        Ok(ValueType::Function) => "type function",
        Ok(ValueType::BigInt) => "type bigint",
        Ok(ValueType::Object) => match value.is_array() {
            Ok(true) => "an array",
            _ => match value.is_typedarray() {
                Ok(true) => "a typed array other than Uint8Array",
                _ => "type object",
            },
        },
        _ => "an unsupported value",
    };
    format!("Received {kind}")
}

fn is_absent(value: &Unknown<'_>) -> bool {
    matches!(value.get_type(), Ok(ValueType::Undefined | ValueType::Null))
}

/// A required `string`.
fn text(env: &Env, name: &str, value: Unknown<'_>) -> Result<String> {
    if value.get_type()? == ValueType::String {
        String::from_unknown(value)
    } else {
        Err(type_error(
            env,
            format!(
                "The \"{name}\" argument must be of type string. {}",
                received(&value)
            ),
        ))
    }
}

/// An optional `string` (`undefined` and `null` are absent).
fn opt_text(env: &Env, name: &str, value: Option<Unknown<'_>>) -> Result<Option<String>> {
    match value {
        Some(v) if !is_absent(&v) => text(env, name, v).map(Some),
        _ => Ok(None),
    }
}

/// An optional `boolean`.
fn opt_bool(env: &Env, name: &str, value: Option<Unknown<'_>>) -> Result<Option<bool>> {
    match value {
        Some(v) if !is_absent(&v) => {
            if v.get_type()? == ValueType::Boolean {
                bool::from_unknown(v).map(Some)
            } else {
                Err(type_error(
                    env,
                    format!(
                        "The \"{name}\" argument must be of type boolean. {}",
                        received(&v)
                    ),
                ))
            }
        }
        _ => Ok(None),
    }
}

/// An optional integer `number`. Whether it is in range is the core's call;
/// a fraction, `NaN` or an infinity is not an integer at all (`RangeError`).
fn opt_int(env: &Env, name: &str, value: Option<Unknown<'_>>) -> Result<Option<i64>> {
    let Some(v) = value.filter(|v| !is_absent(v)) else {
        return Ok(None);
    };
    if v.get_type()? != ValueType::Number {
        return Err(type_error(
            env,
            format!(
                "The \"{name}\" argument must be of type number. {}",
                received(&v)
            ),
        ));
    }
    let n = f64::from_unknown(v)?;
    if !n.is_finite() || n.fract() != 0.0 {
        return Err(range_error(
            env,
            format!("The value of \"{name}\" is out of range. It must be an integer."),
        ));
    }
    // Saturating: a value past i64 is refused by the core's own range check.
    Ok(Some(n as i64))
}

/// Bytes given as a `string` (its UTF-8 encoding) or read in place from a `Uint8Array`.
enum Bytes<'a> {
    Text(String),
    View(Uint8ArraySlice<'a>),
}

impl Bytes<'_> {
    fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Text(s) => s.as_bytes(),
            Bytes::View(v) => v,
        }
    }
}

/// `string | Uint8Array` (a `Buffer` is a `Uint8Array`). Take views last: see the module doc.
fn bytes<'a>(env: &Env, name: &str, value: Unknown<'a>) -> Result<Bytes<'a>> {
    match value.get_type()? {
        ValueType::String => text(env, name, value).map(Bytes::Text),
        ValueType::Object if value.is_typedarray()? => {
            // Fails unless the element type is Uint8. The view (no copy) is
            // used before this call returns, and no JavaScript runs until then.
            match Uint8ArraySlice::<'a>::from_unknown(value) {
                Ok(view) => Ok(Bytes::View(view)),
                Err(_) => Err(type_error(
                    env,
                    format!(
                        "The \"{name}\" argument must be of type string or an instance of Uint8Array. {}",
                        received(&value)
                    ),
                )),
            }
        }
        _ => Err(type_error(
            env,
            format!(
                "The \"{name}\" argument must be of type string or an instance of Uint8Array. {}",
                received(&value)
            ),
        )),
    }
}

/// An optional body: absent is the empty body.
fn opt_bytes<'a>(env: &Env, name: &str, value: Option<Unknown<'a>>) -> Result<Bytes<'a>> {
    match value {
        Some(v) if !is_absent(&v) => bytes(env, name, v),
        _ => Ok(Bytes::Text(String::new())),
    }
}

/// A required plain object (e.g. an options bag).
fn object<'a>(env: &Env, name: &str, value: Unknown<'a>) -> Result<Object<'a>> {
    if value.get_type()? == ValueType::Object && !value.is_array()? {
        Ok(Object::from_raw(env.raw(), value.raw()))
    } else {
        Err(type_error(
            env,
            format!(
                "The \"{name}\" argument must be of type object. {}",
                received(&value)
            ),
        ))
    }
}

/// Received headers: an object of name → `string | string[]`, or an array of
/// `[name, value]` pairs. Names and values are passed to the core as given
/// (an array value becomes one pair per element, in order).
fn header_pairs(env: &Env, name: &str, value: Unknown<'_>) -> Result<Vec<(String, String)>> {
    let must = |env: &Env, what: &Unknown<'_>| {
        type_error(
            env,
            format!(
                "The \"{name}\" argument must be an object of header name to string (or string[]), \
                 or an array of [name, value] pairs. {}",
                received(what)
            ),
        )
    };
    if value.get_type()? != ValueType::Object {
        return Err(must(env, &value));
    }
    let object = Object::from_raw(env.raw(), value.raw());
    let mut pairs = Vec::new();
    if value.is_array()? {
        for i in 0..object.get_array_length()? {
            let pair: Unknown<'_> = object.get_element(i)?;
            if pair.get_type()? != ValueType::Object || !pair.is_array()? {
                return Err(must(env, &pair));
            }
            let pair = Object::from_raw(env.raw(), pair.raw());
            let n: Unknown<'_> = pair.get_element(0)?;
            let v: Unknown<'_> = pair.get_element(1)?;
            pairs.push((
                text(env, &format!("{name}[{i}][0]"), n)?,
                text(env, &format!("{name}[{i}][1]"), v)?,
            ));
        }
        return Ok(pairs);
    }
    // `Object.keys`: own, enumerable, string-keyed properties.
    let keys = object.get_all_property_names(
        KeyCollectionMode::OwnOnly,
        KeyFilter::Enumerable,
        KeyConversion::NumbersToStrings,
    )?;
    for k in 0..keys.get_array_length()? {
        let key: Unknown<'_> = keys.get_element(k)?;
        if key.get_type()? != ValueType::String {
            continue; // a symbol key is not a header name
        }
        let v: Unknown<'_> = object.get_property(key)?;
        let key = String::from_unknown(key)?;
        if v.get_type()? == ValueType::Object && v.is_array()? {
            let values = Object::from_raw(env.raw(), v.raw());
            for i in 0..values.get_array_length()? {
                let item: Unknown<'_> = values.get_element(i)?;
                pairs.push((key.clone(), text(env, &format!("{name}.{key}[{i}]"), item)?));
            }
        } else {
            let value = text(env, &format!("{name}.{key}"), v)?;
            pairs.push((key, value));
        }
    }
    Ok(pairs)
}

/// Headers to send, as an object whose keys keep the core's order.
pub struct Headers(Vec<(&'static str, String)>);

impl ToNapiValue for Headers {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        let env = Env::from_raw(env);
        let mut object = Object::new(&env)?;
        for (name, value) in val.0 {
            object.set_named_property(name, value)?;
        }
        Ok(object.raw())
    }
}

// --------------------------------------------------------------- objects ---

/// What a signer's `sign` returns: the URL to send (it may differ from the one
/// given) and the headers to add, in order.
#[napi(object, object_from_js = false)]
pub struct SignedRequest {
    /// The URL to send, byte for byte what was signed.
    pub url: String,
    /// Header name → value, in the order the scheme lists them.
    #[napi(ts_type = "Record<string, string>")]
    pub headers: Headers,
}

impl From<paysign::SignedRequest> for SignedRequest {
    fn from(signed: paysign::SignedRequest) -> Self {
        SignedRequest {
            url: signed.url,
            headers: Headers(signed.headers),
        }
    }
}

/// The options of `cybersourceSignature`: exactly the values signed.
///
/// Declares the TypeScript interface only; `cybersource_signature` reads the
/// object by hand (every property before the body's bytes, with `TypeError`s
/// that name the property).
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct CybersourceSignatureOptions {
    /// The key id (`keyid=`), a UUID from the Business Center.
    pub key_id: String,
    /// The shared secret, as the base64 text CyberSource issues.
    pub shared_secret: String,
    /// `v-c-merchant-id`.
    pub merchant_id: String,
    /// `Host`, e.g. `apitest.cybersource.com` (no scheme).
    pub host: String,
    /// GET, POST, PUT, PATCH or DELETE, in any letter case.
    pub method: String,
    /// Path and query, starting with `/`.
    pub request_target: String,
    /// The exact body; a string is signed as its UTF-8 bytes. Default: empty.
    #[napi(ts_type = "string | Uint8Array")]
    pub body: Option<String>,
    /// `Date` (IMF-fixdate, e.g. `Thu, 18 Jul 2019 00:18:03 GMT`). Default: now.
    pub date: Option<String>,
}

/// The options of `new XPaySigner(apiKey, sharedSecret, opts)` (the TypeScript
/// interface only; read by hand in the constructor).
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct XPaySignerOptions {
    /// Sign the whole URL path (without its leading `/`) as the resource path,
    /// instead of dropping the context path (`/vdp/helloworld` → `helloworld`).
    /// Default: false.
    pub full_path: Option<bool>,
}

// ------------------------------------------------------- flat functions ---

/// The X-Pay-Token (`xv2:<timestamp>:<hex>`) for these exact inputs: the
/// resource path and query string are signed as given. `timestamp` (Unix
/// seconds) defaults to now.
#[napi(js_name = "xPayToken")]
pub fn x_pay_token(
    env: Env,
    #[napi(ts_arg_type = "string | Uint8Array")] shared_secret: Unknown<'_>,
    #[napi(ts_arg_type = "string")] resource_path: Unknown<'_>,
    #[napi(ts_arg_type = "string")] query_string: Unknown<'_>,
    #[napi(ts_arg_type = "string | Uint8Array")] body: Option<Unknown<'_>>,
    #[napi(ts_arg_type = "number")] timestamp: Option<Unknown<'_>>,
) -> Result<String> {
    let resource_path = text(&env, "resourcePath", resource_path)?;
    let query_string = text(&env, "queryString", query_string)?;
    let timestamp = opt_int(&env, "timestamp", timestamp)?;
    let shared_secret = bytes(&env, "sharedSecret", shared_secret)?;
    let body = opt_bytes(&env, "body", body)?;
    core(
        &env,
        paysign::api::x_pay_token(
            shared_secret.as_slice(),
            &resource_path,
            &query_string,
            body.as_slice(),
            timestamp,
        ),
    )
}

/// The CyberSource HTTP Signature headers to send, in order: `v-c-merchant-id`,
/// `Date`, `Host`, `Digest` (POST, PUT and PATCH only), `Signature`.
#[napi(
    js_name = "cybersourceSignature",
    ts_return_type = "Record<string, string>"
)]
pub fn cybersource_signature(
    env: Env,
    #[napi(ts_arg_type = "CybersourceSignatureOptions")] opts: Unknown<'_>,
) -> Result<Headers> {
    let opts = object(&env, "opts", opts)?;
    // Read every property first (a getter may run JavaScript), then convert.
    let get = |key: &str| opts.get_named_property::<Unknown<'_>>(key);
    let key_id = get("keyId")?;
    let shared_secret = get("sharedSecret")?;
    let merchant_id = get("merchantId")?;
    let host = get("host")?;
    let method = get("method")?;
    let request_target = get("requestTarget")?;
    let body = get("body")?;
    let date = get("date")?;
    let key_id = text(&env, "opts.keyId", key_id)?;
    let shared_secret = text(&env, "opts.sharedSecret", shared_secret)?;
    let merchant_id = text(&env, "opts.merchantId", merchant_id)?;
    let host = text(&env, "opts.host", host)?;
    let method = text(&env, "opts.method", method)?;
    let request_target = text(&env, "opts.requestTarget", request_target)?;
    let date = opt_text(&env, "opts.date", Some(date))?;
    let body = opt_bytes(&env, "opts.body", Some(body))?;
    core(
        &env,
        paysign::api::cybersource_signature(
            &key_id,
            &shared_secret,
            &merchant_id,
            &host,
            &method,
            &request_target,
            body.as_slice(),
            date.as_deref(),
        ),
    )
    .map(Headers)
}

/// The PaySimple `Authorization` value, `PSSERVER accessid=…; timestamp=…;
/// signature=…`. `timestamp` (ISO-8601 text, used exactly as given) defaults to now.
#[napi(js_name = "paysimpleHeader")]
pub fn paysimple_header(
    env: Env,
    #[napi(ts_arg_type = "string")] username: Unknown<'_>,
    #[napi(ts_arg_type = "string")] api_key: Unknown<'_>,
    #[napi(ts_arg_type = "string")] timestamp: Option<Unknown<'_>>,
) -> Result<String> {
    let username = text(&env, "username", username)?;
    let api_key = text(&env, "apiKey", api_key)?;
    let timestamp = opt_text(&env, "timestamp", timestamp)?;
    core(
        &env,
        paysign::api::paysimple_header(&username, &api_key, timestamp.as_deref()),
    )
}

/// Verifies a received X-Pay-Token; throws `PAYSIGN_VERIFICATION_FAILED` (with
/// `reason`) if it does not verify. `now` (Unix seconds) defaults to the current
/// time and `maxSkew` (seconds) to the core's window.
#[napi(js_name = "verifyXPayToken")]
#[allow(clippy::too_many_arguments)]
pub fn verify_x_pay_token(
    env: Env,
    #[napi(ts_arg_type = "string | Uint8Array")] shared_secret: Unknown<'_>,
    #[napi(ts_arg_type = "string")] token: Unknown<'_>,
    #[napi(ts_arg_type = "string")] resource_path: Unknown<'_>,
    #[napi(ts_arg_type = "string")] query_string: Unknown<'_>,
    #[napi(ts_arg_type = "string | Uint8Array")] body: Option<Unknown<'_>>,
    #[napi(ts_arg_type = "number")] now: Option<Unknown<'_>>,
    #[napi(ts_arg_type = "number")] max_skew: Option<Unknown<'_>>,
) -> Result<()> {
    let token = text(&env, "token", token)?;
    let resource_path = text(&env, "resourcePath", resource_path)?;
    let query_string = text(&env, "queryString", query_string)?;
    let now = opt_int(&env, "now", now)?;
    let max_skew = opt_int(&env, "maxSkew", max_skew)?;
    let shared_secret = bytes(&env, "sharedSecret", shared_secret)?;
    let body = opt_bytes(&env, "body", body)?;
    core(
        &env,
        paysign::api::verify_x_pay_token(
            shared_secret.as_slice(),
            &token,
            &resource_path,
            &query_string,
            body.as_slice(),
            now,
            max_skew,
        ),
    )
}

/// Verifies a received CyberSource request from its headers (names in any
/// case: `req.headers` of `node:http` works as is); throws
/// `PAYSIGN_VERIFICATION_FAILED` (with `reason`) if it does not verify.
#[napi(js_name = "verifyCybersourceSignature")]
#[allow(clippy::too_many_arguments)]
pub fn verify_cybersource_signature(
    env: Env,
    #[napi(ts_arg_type = "string")] shared_secret: Unknown<'_>,
    #[napi(
        ts_arg_type = "Record<string, string | string[] | undefined> | Array<[string, string]>"
    )]
    headers: Unknown<'_>,
    #[napi(ts_arg_type = "string")] method: Unknown<'_>,
    #[napi(ts_arg_type = "string")] request_target: Unknown<'_>,
    #[napi(ts_arg_type = "string | Uint8Array")] body: Option<Unknown<'_>>,
    #[napi(ts_arg_type = "number")] now: Option<Unknown<'_>>,
    #[napi(ts_arg_type = "number")] max_skew: Option<Unknown<'_>>,
) -> Result<()> {
    let headers = header_pairs(&env, "headers", headers)?;
    let shared_secret = text(&env, "sharedSecret", shared_secret)?;
    let method = text(&env, "method", method)?;
    let request_target = text(&env, "requestTarget", request_target)?;
    let now = opt_int(&env, "now", now)?;
    let max_skew = opt_int(&env, "maxSkew", max_skew)?;
    let body = opt_bytes(&env, "body", body)?;
    let pairs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    core(
        &env,
        paysign::api::verify_cybersource_signature(
            &shared_secret,
            &pairs,
            &method,
            &request_target,
            body.as_slice(),
            now,
            max_skew,
        ),
    )
}

/// Verifies a received PaySimple `Authorization` value (used exactly, not
/// trimmed); throws `PAYSIGN_VERIFICATION_FAILED` (with `reason`) if it does not verify.
#[napi(js_name = "verifyPaysimpleHeader")]
pub fn verify_paysimple_header(
    env: Env,
    #[napi(ts_arg_type = "string")] header: Unknown<'_>,
    #[napi(ts_arg_type = "string")] api_key: Unknown<'_>,
    #[napi(ts_arg_type = "number")] now: Option<Unknown<'_>>,
    #[napi(ts_arg_type = "number")] max_skew: Option<Unknown<'_>>,
) -> Result<()> {
    let header = text(&env, "header", header)?;
    let api_key = text(&env, "apiKey", api_key)?;
    let now = opt_int(&env, "now", now)?;
    let max_skew = opt_int(&env, "maxSkew", max_skew)?;
    core(
        &env,
        paysign::api::verify_paysimple_header(&header, &api_key, now, max_skew),
    )
}

/// HMAC-SHA-256 of `data` under `key` (a string is used as its UTF-8 bytes):
/// the primitive every scheme uses, for debugging and the RFC 4231 vectors.
#[napi(js_name = "hmacSha256")]
pub fn hmac_sha256(
    env: Env,
    #[napi(ts_arg_type = "string | Uint8Array")] key: Unknown<'_>,
    #[napi(ts_arg_type = "string | Uint8Array")] data: Unknown<'_>,
) -> Result<Uint8Array> {
    let key = bytes(&env, "key", key)?;
    let data = bytes(&env, "data", data)?;
    Ok(Uint8Array::from(
        paysign::hmac_sha256(key.as_slice(), data.as_slice()).to_vec(),
    ))
}

// --------------------------------------------------------------- signers ---

/// Signs requests for one Visa API key and shared secret (keyed once). The
/// secret stays in native memory: it is not a property of the object.
#[napi(js_name = "XPaySigner")]
pub struct XPaySigner {
    inner: paysign::XPaySigner,
}

#[napi]
impl XPaySigner {
    /// `opts.fullPath`: sign the whole URL path as the resource path.
    #[napi(constructor)]
    pub fn new(
        env: Env,
        #[napi(ts_arg_type = "string")] api_key: Unknown<'_>,
        #[napi(ts_arg_type = "string | Uint8Array")] shared_secret: Unknown<'_>,
        #[napi(ts_arg_type = "XPaySignerOptions")] opts: Option<Unknown<'_>>,
    ) -> Result<Self> {
        let full_path = match opts.filter(|o| !is_absent(o)) {
            Some(o) => {
                let o = object(&env, "opts", o)?;
                let full_path = o.get_named_property::<Unknown<'_>>("fullPath")?;
                opt_bool(&env, "opts.fullPath", Some(full_path))?.unwrap_or(false)
            }
            None => false,
        };
        let api_key = text(&env, "apiKey", api_key)?;
        let shared_secret = bytes(&env, "sharedSecret", shared_secret)?;
        let mut inner = core(
            &env,
            paysign::XPaySigner::new(&api_key, shared_secret.as_slice()),
        )?;
        if full_path {
            inner = inner.with_path_rule(paysign::PathRule::FullPath);
        }
        Ok(XPaySigner { inner })
    }

    /// The API key (not a secret: it travels in the URL).
    #[napi(getter)]
    pub fn api_key(&self) -> String {
        self.inner.api_key().to_owned()
    }

    /// Signs a request: the URL to send (query sorted, `apikey` added, no
    /// fragment) and the headers (`x-pay-token`, `Accept`, and `Content-Type`
    /// when there is a body). `time` (Unix seconds) defaults to now.
    #[napi]
    pub fn sign(
        &self,
        env: Env,
        #[napi(ts_arg_type = "string")] method: Unknown<'_>,
        #[napi(ts_arg_type = "string")] url: Unknown<'_>,
        #[napi(ts_arg_type = "string | Uint8Array")] body: Option<Unknown<'_>>,
        #[napi(ts_arg_type = "number")] time: Option<Unknown<'_>>,
    ) -> Result<SignedRequest> {
        let method = text(&env, "method", method)?;
        let url = text(&env, "url", url)?;
        let time = opt_int(&env, "time", time)?;
        let body = opt_bytes(&env, "body", body)?;
        let signed = match time {
            Some(t) => self.inner.sign_at(&method, &url, body.as_slice(), t),
            None => self.inner.sign(&method, &url, body.as_slice()),
        };
        core(&env, signed).map(SignedRequest::from)
    }
}

/// Signs requests for one CyberSource merchant, key id and shared secret
/// (keyed once). The secret stays in native memory.
#[napi(js_name = "CyberSourceSigner")]
pub struct CyberSourceSigner {
    inner: paysign::CyberSourceSigner,
}

#[napi]
impl CyberSourceSigner {
    /// `sharedSecret` is the base64 text CyberSource issues.
    #[napi(constructor)]
    pub fn new(
        env: Env,
        #[napi(ts_arg_type = "string")] merchant_id: Unknown<'_>,
        #[napi(ts_arg_type = "string")] key_id: Unknown<'_>,
        #[napi(ts_arg_type = "string")] shared_secret: Unknown<'_>,
    ) -> Result<Self> {
        let merchant_id = text(&env, "merchantId", merchant_id)?;
        let key_id = text(&env, "keyId", key_id)?;
        let shared_secret = text(&env, "sharedSecret", shared_secret)?;
        core(
            &env,
            paysign::CyberSourceSigner::new(&merchant_id, &key_id, &shared_secret),
        )
        .map(|inner| CyberSourceSigner { inner })
    }

    /// Signs a request: the URL to send (without fragment) and the headers
    /// (`v-c-merchant-id`, `Date`, `Host`, `Digest` for POST/PUT/PATCH,
    /// `Signature`). `time` (Unix seconds) defaults to now.
    #[napi]
    pub fn sign(
        &self,
        env: Env,
        #[napi(ts_arg_type = "string")] method: Unknown<'_>,
        #[napi(ts_arg_type = "string")] url: Unknown<'_>,
        #[napi(ts_arg_type = "string | Uint8Array")] body: Option<Unknown<'_>>,
        #[napi(ts_arg_type = "number")] time: Option<Unknown<'_>>,
    ) -> Result<SignedRequest> {
        let method = text(&env, "method", method)?;
        let url = text(&env, "url", url)?;
        let time = opt_int(&env, "time", time)?;
        let body = opt_bytes(&env, "body", body)?;
        let signed = match time {
            Some(t) => self.inner.sign_at(&method, &url, body.as_slice(), t),
            None => self.inner.sign(&method, &url, body.as_slice()),
        };
        core(&env, signed).map(SignedRequest::from)
    }
}

/// Signs requests for one PaySimple API username and key (keyed once). The key
/// stays in native memory. The scheme does not sign the URL or the body.
#[napi(js_name = "PaySimpleSigner")]
pub struct PaySimpleSigner {
    inner: paysign::PaySimpleSigner,
}

#[napi]
impl PaySimpleSigner {
    #[napi(constructor)]
    pub fn new(
        env: Env,
        #[napi(ts_arg_type = "string")] username: Unknown<'_>,
        #[napi(ts_arg_type = "string")] api_key: Unknown<'_>,
    ) -> Result<Self> {
        let username = text(&env, "username", username)?;
        let api_key = text(&env, "apiKey", api_key)?;
        core(&env, paysign::PaySimpleSigner::new(&username, &api_key))
            .map(|inner| PaySimpleSigner { inner })
    }

    /// Signs a request: the URL to send (without fragment) and the
    /// `Authorization` header. `time` (Unix seconds) and `nanos` (0..999999999
    /// within that second; needs `time`) default to now.
    #[napi]
    pub fn sign(
        &self,
        env: Env,
        #[napi(ts_arg_type = "string")] method: Unknown<'_>,
        #[napi(ts_arg_type = "string")] url: Unknown<'_>,
        #[napi(ts_arg_type = "string | Uint8Array")] body: Option<Unknown<'_>>,
        #[napi(ts_arg_type = "number")] time: Option<Unknown<'_>>,
        #[napi(ts_arg_type = "number")] nanos: Option<Unknown<'_>>,
    ) -> Result<SignedRequest> {
        let method = text(&env, "method", method)?;
        let url = text(&env, "url", url)?;
        let time = opt_int(&env, "time", time)?;
        let nanos = opt_int(&env, "nanos", nanos)?;
        let body = opt_bytes(&env, "body", body)?;
        let signed = match (time, nanos) {
            (None, None) => self.inner.sign(&method, &url, body.as_slice()),
            (Some(t), n) => {
                let n = u32::try_from(n.unwrap_or(0)).map_err(|_| {
                    range_error(
                        &env,
                        "The value of \"nanos\" is out of range. It must be an integer from 0 to 4294967295."
                            .to_owned(),
                    )
                })?;
                self.inner.sign_at(&method, &url, body.as_slice(), t, n)
            }
            (None, Some(_)) => {
                return Err(type_error(
                    &env,
                    "The \"time\" argument must be of type number when \"nanos\" is given. Received undefined"
                        .to_owned(),
                ))
            }
        };
        core(&env, signed).map(SignedRequest::from)
    }
}
