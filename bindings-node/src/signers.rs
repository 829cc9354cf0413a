//! The three signer classes: keyed once, each `sign(method, url, body, time)`
//! goes through the core's one shape ([`paysign::scheme::Scheme`]).
//!
//! Memory: a signer's native half (its HMAC key state and texts) is reported to
//! V8 as external memory, so that building many signers in one synchronous
//! loop makes the garbage collector run. Node still runs the finalizers that
//! free the native half only when the event loop turns (see README, "Memory").

use napi::bindgen_prelude::{JsObjectValue, ObjectFinalize};
use napi::{Env, Unknown};
use napi_derive::napi;
use paysign::scheme::{Scheme, SignableRequest};

use crate::{bytes, core, is_absent, object, opt_bool, opt_bytes, text, time_arg, Result};
use crate::{Headers, SignedRequest};

/// What a signer's native half holds, as reported to V8: the struct, the two
/// SHA-256 states of the keyed HMAC, and its texts.
fn external_bytes<T>(texts: &[&str]) -> i64 {
    let texts: usize = texts.iter().map(|t| t.len()).sum();
    (std::mem::size_of::<T>() + 2 * 112 + texts) as i64
}

fn account(env: &Env, bytes: i64) -> Result<()> {
    env.adjust_external_memory(bytes).map(|_| ())
}

/// Signs `method url body` at `time` with any scheme's signer.
fn sign_with<S: Scheme>(
    env: &Env,
    signer: &S,
    method: Unknown<'_>,
    url: Unknown<'_>,
    body: Option<Unknown<'_>>,
    time: Option<Unknown<'_>>,
    nanos: Option<Unknown<'_>>,
) -> Result<SignedRequest> {
    if S::NAME != "paysimple" && nanos.as_ref().is_some_and(|n| !is_absent(n)) {
        return Err(crate::type_error(
            env,
            "The \"nanos\" argument is taken only by PaySimpleSigner.sign (the other schemes sign whole seconds)."
                .to_owned(),
        ));
    }
    let method = text(env, "method", method)?;
    let url = text(env, "url", url)?;
    let time = time_arg(env, "time", time, nanos)?;
    let body = opt_bytes(env, "body", body)?;
    let request = SignableRequest {
        method: &method,
        url: &url,
        body: body.as_slice(),
    };
    core(env, signer.sign_request(&request, &time)).map(|signed| SignedRequest {
        url: signed.url,
        headers: Headers(signed.headers),
    })
}

/// The signed request as one string, `url\nname\nvalue\n…`, which index.js
/// splits into `{ url, headers }`: one string crosses into JavaScript instead
/// of an object, its properties and a dozen strings (measured faster, see
/// BENCHMARKS.md). Neither a URL nor a header value the core makes holds a
/// line feed (both refuse control characters); that is checked, not assumed.
pub(crate) fn joined(env: &Env, url: &str, headers: &[(&'static str, String)]) -> Result<String> {
    let mut out = String::with_capacity(
        url.len()
            + headers
                .iter()
                .map(|(n, v)| n.len() + v.len() + 2)
                .sum::<usize>(),
    );
    out.push_str(url);
    for (name, value) in headers {
        out.push('\n');
        out.push_str(name);
        out.push('\n');
        out.push_str(value);
    }
    if out.bytes().filter(|&b| b == b'\n').count() != 2 * headers.len() {
        return Err(crate::type_error(
            env,
            "a signed value holds a line feed".to_owned(),
        ));
    }
    Ok(out)
}

/// A signer class: the struct over a core signer, its `sign`, and the external
/// memory it reports while alive.
macro_rules! signer_class {
    ($class:ident, $js:literal, $core:ty, $doc:literal, $sign_doc:literal) => {
        #[doc = $doc]
        #[napi(js_name = $js, custom_finalize)]
        pub struct $class {
            inner: $core,
            external: i64,
        }

        impl ObjectFinalize for $class {
            fn finalize(self, env: Env) -> Result<()> {
                account(&env, -self.external)
            }
        }

        impl $class {
            fn wrap(env: &Env, inner: $core, texts: &[&str]) -> Result<Self> {
                let external = external_bytes::<$core>(texts);
                account(env, external)?;
                Ok($class { inner, external })
            }
        }

        #[napi]
        impl $class {
            #[doc = $sign_doc]
            ///
            /// `time`: `undefined` (now), a number (Unix seconds), a string
            /// (this exact text) or a `Date`.
            #[napi]
            pub fn sign(
                &self,
                env: Env,
                #[napi(ts_arg_type = "string")] method: Unknown<'_>,
                #[napi(ts_arg_type = "string")] url: Unknown<'_>,
                #[napi(ts_arg_type = "string | Uint8Array")] body: Option<Unknown<'_>>,
                #[napi(ts_arg_type = "number | string | Date")] time: Option<Unknown<'_>>,
                #[napi(ts_arg_type = "number")] nanos: Option<Unknown<'_>>,
            ) -> Result<SignedRequest> {
                sign_with(&env, &self.inner, method, url, body, time, nanos)
            }

            /// `sign` as one string (see [`joined`]); index.js's `sign` uses it.
            #[napi(js_name = "signJoined", skip_typescript)]
            pub fn sign_joined(
                &self,
                env: Env,
                method: Unknown<'_>,
                url: Unknown<'_>,
                body: Option<Unknown<'_>>,
                time: Option<Unknown<'_>>,
                nanos: Option<Unknown<'_>>,
            ) -> Result<String> {
                let signed = sign_with(&env, &self.inner, method, url, body, time, nanos)?;
                joined(&env, &signed.url, &signed.headers.0)
            }
        }
    };
}

signer_class!(
    XPaySigner,
    "XPaySigner",
    paysign::XPaySigner,
    "Signs requests for one Visa API key and shared secret (keyed once). The secret stays in native memory: it is not a property of the object.",
    "Signs a request: the URL to send (query sorted, `apikey` added, no fragment) and the headers (`x-pay-token`, `Accept`, and `Content-Type` when there is a body)."
);

signer_class!(
    CyberSourceSigner,
    "CyberSourceSigner",
    paysign::CyberSourceSigner,
    "Signs requests for one CyberSource merchant, key id and shared secret (keyed once). The secret stays in native memory.",
    "Signs a request: the URL to send (without fragment) and the headers (`v-c-merchant-id`, `Date`, `Host`, `Digest` for POST/PUT/PATCH, `Signature`)."
);

signer_class!(
    PaySimpleSigner,
    "PaySimpleSigner",
    paysign::PaySimpleSigner,
    "Signs requests for one PaySimple API username and key (keyed once). The key stays in native memory. The scheme does not sign the URL or the body.",
    "Signs a request: the URL to send (without fragment) and the `Authorization` header. With a number `time`, `nanos` (0..999999999) is the fraction of that second."
);

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
        let inner = core(
            &env,
            paysign::XPaySigner::new(&api_key, shared_secret.as_slice()),
        )?
        .with_path_rule(paysign::PathRule::from_full_path(full_path));
        Self::wrap(&env, inner, &[&api_key])
    }

    /// The API key (not a secret: it travels in the URL).
    #[napi(getter)]
    pub fn api_key(&self) -> String {
        self.inner.api_key().to_owned()
    }
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
        let inner = core(
            &env,
            paysign::CyberSourceSigner::new(&merchant_id, &key_id, &shared_secret),
        )?;
        Self::wrap(&env, inner, &[&merchant_id, &key_id, &shared_secret])
    }
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
        let inner = core(&env, paysign::PaySimpleSigner::new(&username, &api_key))?;
        Self::wrap(&env, inner, &[&username, &api_key])
    }
}
