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
    FromNapiValue, JsError, JsObjectValue, JsTypeError, KeyCollectionMode, KeyConversion,
    KeyFilter, Object, ToNapiValue, Uint8Array, Uint8ArraySlice, Utf16String,
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
/// Node's own code for an argument of the right type with an unusable value.
const INVALID_ARG_VALUE: &str = "ERR_INVALID_ARG_VALUE";

type Result<T> = napi::Result<T>;

mod gateway;

// ---------------------------------------------------------------- errors ---

/// The `Err` to return once a JavaScript exception is pending: napi-rs then
/// lets that exception propagate unchanged.
pub(crate) fn pending(message: &str) -> napi::Error {
    napi::Error::new(Status::PendingException, message.to_owned())
}

/// Throws a `TypeError` (code `ERR_INVALID_ARG_TYPE`).
pub(crate) fn type_error(env: &Env, message: String) -> napi::Error {
    // A header name given by the caller may hold a NUL, which a C string cannot.
    let message = message.replace('\0', "\\0");
    match env.throw_type_error(&message, Some(INVALID_ARG_TYPE)) {
        Ok(()) => pending(&message),
        Err(e) => e,
    }
}

/// Throws a `TypeError` (code `ERR_INVALID_ARG_VALUE`, with `field`) for a
/// string that is the right type but cannot be used at all.
pub(crate) fn value_error(env: &Env, field: &str, message: String) -> napi::Error {
    let thrown = (|| -> Result<()> {
        let error = JsTypeError::from(napi::Error::new(INVALID_ARG_VALUE, message.clone()))
            .into_unknown(*env);
        let mut object = Object::from_raw(env.raw(), error.raw());
        object.set_named_property("field", field)?;
        env.throw(object)
    })();
    match thrown {
        Ok(()) => pending(&message),
        Err(e) => e,
    }
}

/// Throws a `RangeError` (code `ERR_OUT_OF_RANGE`).
pub(crate) fn range_error(env: &Env, message: String) -> napi::Error {
    match env.throw_range_error(&message, Some(OUT_OF_RANGE)) {
        Ok(()) => pending(&message),
        Err(e) => e,
    }
}

/// Throws a core error as a JS `Error` with `code` and `field` or `reason`.
pub(crate) fn paysign_error(env: &Env, err: paysign::Error) -> napi::Error {
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
pub(crate) fn core<T>(env: &Env, result: paysign::Result<T>) -> Result<T> {
    result.map_err(|e| paysign_error(env, e))
}

// ----------------------------------------------------------- conversions ---

/// How a received value is described in a `TypeError`: its type, never its value.
pub(crate) fn received(value: &Unknown<'_>) -> String {
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

pub(crate) fn is_absent(value: &Unknown<'_>) -> bool {
    matches!(value.get_type(), Ok(ValueType::Undefined | ValueType::Null))
}

/// A required `string`. A lone surrogate (which UTF-8 cannot carry, and which
/// Node would silently turn into U+FFFD, making two secrets one) is refused.
pub(crate) fn text(env: &Env, name: &str, value: Unknown<'_>) -> Result<String> {
    if let Some(converted) = short_text(env, &value) {
        return checked_text(env, name, value, converted);
    }
    if value.get_type()? == ValueType::String {
        let converted = String::from_unknown(value)?;
        checked_text(env, name, value, converted)
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

/// Room for the UTF-8 of most arguments, read in one N-API call.
const SHORT_TEXT: usize = 512;

/// `value`'s UTF-8 when it is a string of fewer than `SHORT_TEXT - 4` bytes,
/// read in one N-API call (the general path makes three: the type, the
/// length, the copy); `None` for anything else, which the general path reads.
fn short_text(env: &Env, value: &Unknown<'_>) -> Option<String> {
    let mut buf = [0u8; SHORT_TEXT];
    let mut len = 0usize;
    // SAFETY: `buf` is writable for its length; N-API writes at most
    // `SHORT_TEXT - 1` bytes and a NUL, and fails on a non-string.
    let status = unsafe {
        sys::napi_get_value_string_utf8(
            env.raw(),
            value.raw(),
            buf.as_mut_ptr().cast(),
            SHORT_TEXT,
            &mut len,
        )
    };
    // A copy that stopped short of the end stops at most 3 bytes early (a
    // character is never split): shorter than that, the string was whole.
    if status != sys::Status::napi_ok || len >= SHORT_TEXT - 4 {
        return None;
    }
    String::from_utf8(buf[..len].to_vec()).ok()
}

/// `converted`, unless it stands for a lone surrogate (see [`text`]).
fn checked_text(env: &Env, name: &str, value: Unknown<'_>, converted: String) -> Result<String> {
    // U+FFFD in the UTF-8 copy is either itself or a replaced lone
    // surrogate: only then is the UTF-16 read again to tell which.
    if converted.contains('\u{FFFD}') {
        let units = Utf16String::from_unknown(value)?;
        if let Some(at) = char::decode_utf16(units.iter().copied()).position(|c| c.is_err()) {
            return Err(value_error(
                env,
                name,
                format!(
                    "The \"{name}\" argument must be well-formed Unicode. It holds a lone surrogate (character {at})"
                ),
            ));
        }
    }
    Ok(converted)
}

/// An optional `string` (`undefined` and `null` are absent).
pub(crate) fn opt_text(
    env: &Env,
    name: &str,
    value: Option<Unknown<'_>>,
) -> Result<Option<String>> {
    match value {
        Some(v) if !is_absent(&v) => text(env, name, v).map(Some),
        _ => Ok(None),
    }
}

/// An optional `boolean`.
pub(crate) fn opt_bool(env: &Env, name: &str, value: Option<Unknown<'_>>) -> Result<Option<bool>> {
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
pub(crate) fn opt_int(env: &Env, name: &str, value: Option<Unknown<'_>>) -> Result<Option<i64>> {
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

/// A time override, the same in every signer: `undefined`/`null` → now, a
/// `number` → Unix seconds (`nanos` within that second, where a scheme carries
/// a fraction), a `string` → this exact text, a `Date` → its instant (to the
/// millisecond).
pub(crate) fn time_arg(
    env: &Env,
    name: &str,
    value: Option<Unknown<'_>>,
    nanos: Option<Unknown<'_>>,
) -> Result<paysign::Time> {
    let nanos = match opt_int(env, "nanos", nanos)? {
        None => None,
        Some(n) => Some(u32::try_from(n).map_err(|_| {
            range_error(
                env,
                "The value of \"nanos\" is out of range. It must be an integer from 0 to 4294967295."
                    .to_owned(),
            )
        })?),
    };
    let value = value.filter(|v| !is_absent(v));
    let Some(v) = value else {
        return match nanos {
            None => Ok(paysign::Time::Now),
            Some(_) => Err(type_error(
                env,
                format!("The \"{name}\" argument must be of type number when \"nanos\" is given. Received undefined"),
            )),
        };
    };
    let kind = v.get_type()?;
    let is_date = kind == ValueType::Object && v.is_date()?;
    if nanos.is_some() && kind != ValueType::Number {
        return Err(type_error(
            env,
            format!(
                "The \"nanos\" argument is taken only with a number \"{name}\". {}",
                received(&v)
            ),
        ));
    }
    match kind {
        ValueType::Number => {
            let secs = opt_int(env, name, Some(v))?.unwrap_or_default();
            Ok(paysign::Time::Unix { secs, nanos: nanos.unwrap_or(0) })
        }
        ValueType::String => text(env, name, v).map(paysign::Time::Text),
        _ if is_date => {
            let mut ms = 0f64;
            // SAFETY: `v` is a Date of this env (checked just above).
            let status = unsafe { sys::napi_get_date_value(env.raw(), v.raw(), &mut ms) };
            if status != sys::Status::napi_ok || !ms.is_finite() {
                return Err(range_error(env, format!("The value of \"{name}\" is an invalid Date.")));
            }
            let ms = ms as i64;
            Ok(paysign::Time::Unix {
                secs: ms.div_euclid(1000),
                nanos: (ms.rem_euclid(1000) as u32) * 1_000_000,
            })
        }
        _ => Err(type_error(
            env,
            format!(
                "The \"{name}\" argument must be of type number or string, or an instance of Date. {}",
                received(&v)
            ),
        )),
    }
}

/// An optional non-negative integer of seconds (a window).
pub(crate) fn opt_seconds(
    env: &Env,
    name: &str,
    value: Option<Unknown<'_>>,
) -> Result<Option<u64>> {
    match opt_int(env, name, value)? {
        None => Ok(None),
        Some(n) => u64::try_from(n).map(Some).map_err(|_| {
            range_error(
                env,
                format!("The value of \"{name}\" is out of range. It must be >= 0."),
            )
        }),
    }
}

/// The properties of an options object, read all at once (a getter may run
/// JavaScript, so every property is read before any byte view is taken).
pub(crate) fn read_options<'a, const N: usize>(
    env: &Env,
    name: &str,
    value: Unknown<'a>,
    keys: [&str; N],
) -> Result<[Unknown<'a>; N]> {
    let object = object(env, name, value)?;
    let mut out = Vec::with_capacity(N);
    for key in keys {
        out.push(object.get_named_property::<Unknown<'a>>(key)?);
    }
    Ok(out
        .try_into()
        .unwrap_or_else(|_| unreachable!("N properties read")))
}

/// Bytes given as a `string` (its UTF-8 encoding) or read in place from a `Uint8Array`.
pub(crate) enum Bytes<'a> {
    Text(String),
    View(Uint8ArraySlice<'a>),
}

impl Bytes<'_> {
    pub(crate) fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Text(s) => s.as_bytes(),
            Bytes::View(v) => v,
        }
    }
}

/// `string | Uint8Array` (a `Buffer` is a `Uint8Array`). Take views last: see the module doc.
pub(crate) fn bytes<'a>(env: &Env, name: &str, value: Unknown<'a>) -> Result<Bytes<'a>> {
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
pub(crate) fn opt_bytes<'a>(
    env: &Env,
    name: &str,
    value: Option<Unknown<'a>>,
) -> Result<Bytes<'a>> {
    match value {
        Some(v) if !is_absent(&v) => bytes(env, name, v),
        _ => Ok(Bytes::Text(String::new())),
    }
}

/// An optional secret (`string | Uint8Array`); absent is `None`, not empty.
pub(crate) fn opt_secret<'a>(
    env: &Env,
    name: &str,
    value: Unknown<'a>,
) -> Result<Option<Bytes<'a>>> {
    if is_absent(&value) {
        Ok(None)
    } else {
        bytes(env, name, value).map(Some)
    }
}

/// Borrowed `(name, value)` pairs, as the core takes headers.
pub(crate) fn as_pairs(headers: &[(String, String)]) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

/// A required plain object (e.g. an options bag).
pub(crate) fn object<'a>(env: &Env, name: &str, value: Unknown<'a>) -> Result<Object<'a>> {
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
pub(crate) fn header_pairs(
    env: &Env,
    name: &str,
    value: Unknown<'_>,
) -> Result<Vec<(String, String)>> {
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

/// The header pairs verify.js packed into one string: the number of names and
/// values, the UTF-16 length of each (one code unit apiece), then every name
/// and value in order. verify.js packs only names and values that are
/// well-formed strings; anything else here is a misuse of this internal call.
pub(crate) fn packed_header_pairs(env: &Env, packed: Unknown<'_>) -> Result<Vec<(String, String)>> {
    let misuse = |env: &Env| type_error(env, "The packed headers are inconsistent.".to_owned());
    if packed.get_type()? != ValueType::String {
        return Err(misuse(env));
    }
    let units = Utf16String::from_unknown(packed)?;
    let (&count, rest) = units.split_first().ok_or_else(|| misuse(env))?;
    let count = usize::from(count);
    if count % 2 != 0 || rest.len() < count {
        return Err(misuse(env));
    }
    let (lengths, mut text) = rest.split_at(count);
    let mut pieces = lengths.iter().map(|&len| {
        let len = usize::from(len);
        if len > text.len() {
            return Err(misuse(env));
        }
        let (piece, after) = text.split_at(len);
        text = after;
        String::from_utf16(piece).map_err(|_| misuse(env))
    });
    let mut pairs = Vec::with_capacity(count / 2);
    while let Some(name) = pieces.next() {
        let value = pieces.next().ok_or_else(|| misuse(env))?;
        pairs.push((name?, value?));
    }
    drop(pieces);
    if !text.is_empty() {
        return Err(misuse(env));
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
    // Read every property first (a getter may run JavaScript), then convert.
    let [key_id, shared_secret, merchant_id, host, method, request_target, body, date] =
        read_options(
            &env,
            "opts",
            opts,
            [
                "keyId",
                "sharedSecret",
                "merchantId",
                "host",
                "method",
                "requestTarget",
                "body",
                "date",
            ],
        )?;
    cybersource_headers(
        &env,
        [
            key_id,
            shared_secret,
            merchant_id,
            host,
            method,
            request_target,
        ],
        Some(body),
        Some(date),
    )
    .map(Headers)
}

/// The CyberSource headers from the options' values, in the options' order.
fn cybersource_headers(
    env: &Env,
    texts: [Unknown<'_>; 6],
    body: Option<Unknown<'_>>,
    date: Option<Unknown<'_>>,
) -> Result<Vec<(&'static str, String)>> {
    const NAMES: [&str; 6] = [
        "opts.keyId",
        "opts.sharedSecret",
        "opts.merchantId",
        "opts.host",
        "opts.method",
        "opts.requestTarget",
    ];
    let mut values = Vec::with_capacity(6);
    for (name, value) in NAMES.into_iter().zip(texts) {
        values.push(text(env, name, value)?);
    }
    let date = opt_text(env, "opts.date", date)?;
    let body = opt_bytes(env, "opts.body", body)?;
    core(
        env,
        paysign::api::cybersource_signature(
            &values[0],
            &values[1],
            &values[2],
            &values[3],
            &values[4],
            &values[5],
            body.as_slice(),
            date.as_deref(),
        ),
    )
}

/// `cybersourceSignature` with positional arguments, as one string
/// `name\nvalue\n…` (index.js reads the options and builds the object: both
/// are faster in JavaScript than through N-API).
#[napi(js_name = "cybersourceSignatureJoined", skip_typescript)]
#[allow(clippy::too_many_arguments)]
pub fn cybersource_signature_joined(
    env: Env,
    key_id: Unknown<'_>,
    shared_secret: Unknown<'_>,
    merchant_id: Unknown<'_>,
    host: Unknown<'_>,
    method: Unknown<'_>,
    request_target: Unknown<'_>,
    body: Option<Unknown<'_>>,
    date: Option<Unknown<'_>>,
) -> Result<String> {
    let texts = [
        key_id,
        shared_secret,
        merchant_id,
        host,
        method,
        request_target,
    ];
    let headers = cybersource_headers(&env, texts, body, date)?;
    let mut out = signers::joined(&env, "", &headers)?;
    out.remove(0); // no URL: drop the leading separator
    Ok(out)
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

pub mod explain;
pub mod signers;
pub mod verifiers;
