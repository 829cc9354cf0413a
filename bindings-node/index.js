'use strict'
// The entry point of the `paysign` package: the native addon's exports, loaded
// by the generated `binding.js` (napi-rs), plus the JavaScript halves:
// createSignedFetch (fetch.js), the verifiers (verify.js), the Redis replay
// store (redis.js) and the webhook middleware (webhook.js).
// Types: index.d.ts, generated from src/*.rs and dts-header.d.ts.
//
// Every rule, default and format lives in the Rust core; this file only
// re-exports. The names are assigned one by one so that Node can see them as
// named exports of this CommonJS module.

const binding = require('./binding.js')
const { createSignedFetch } = require('./fetch.js')
const verify = require('./verify.js')
const { RedisReplayStore } = require('./redis.js')
const webhook = require('./webhook.js')

// Results cross from native code as one string, `a\nb\n…` (see
// src/signers.rs, `joined`), and the objects are built here: measured faster
// than building them through N-API.
function headersFrom(parts, start) {
  const headers = {}
  for (let i = start; i < parts.length; i += 2) headers[parts[i]] = parts[i + 1]
  return headers
}

function signedRequest(joined) {
  const parts = joined.split('\n')
  return { url: parts[0], headers: headersFrom(parts, 1) }
}

// Subclasses: `sign` builds its result here; and calling a class without
// `new` is the usual TypeError (a native constructor called as a function
// would wrap its `this`).
class XPaySigner extends binding.XPaySigner {
  sign(method, url, body, time, nanos) {
    return signedRequest(super.signJoined(method, url, body, time, nanos))
  }
}
class CyberSourceSigner extends binding.CyberSourceSigner {
  sign(method, url, body, time, nanos) {
    return signedRequest(super.signJoined(method, url, body, time, nanos))
  }
}
class PaySimpleSigner extends binding.PaySimpleSigner {
  sign(method, url, body, time, nanos) {
    return signedRequest(super.signJoined(method, url, body, time, nanos))
  }
}

function cybersourceSignature(opts) {
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    return binding.cybersourceSignature(opts) // throws the TypeError naming "opts"
  }
  const joined = binding.cybersourceSignatureJoined(
    opts.keyId, opts.sharedSecret, opts.merchantId, opts.host, opts.method, opts.requestTarget, opts.body, opts.date,
  )
  return headersFrom(joined.split('\n'), 0)
}

module.exports.xPayToken = binding.xPayToken
module.exports.cybersourceSignature = cybersourceSignature
module.exports.paysimpleHeader = binding.paysimpleHeader
module.exports.verifyXPayToken = binding.verifyXPayToken
module.exports.verifyCybersourceSignature = binding.verifyCybersourceSignature
module.exports.verifyPaysimpleHeader = binding.verifyPaysimpleHeader
module.exports.XPaySigner = XPaySigner
module.exports.CyberSourceSigner = CyberSourceSigner
module.exports.PaySimpleSigner = PaySimpleSigner
module.exports.hmacSha256 = binding.hmacSha256
module.exports.explainXPayToken = binding.explainXPayToken
module.exports.explainCybersourceSignature = binding.explainCybersourceSignature
module.exports.explainPaysimpleHeader = binding.explainPaysimpleHeader
module.exports.diagnoseXPayToken = binding.diagnoseXPayToken
module.exports.diagnoseCybersourceSignature = binding.diagnoseCybersourceSignature
module.exports.diagnosePaysimpleHeader = binding.diagnosePaysimpleHeader
module.exports.explainCybersourceWebhook = binding.explainCybersourceWebhook
module.exports.diagnoseCybersourceWebhook = binding.diagnoseCybersourceWebhook
module.exports.XPayVerifier = verify.XPayVerifier
module.exports.CyberSourceVerifier = verify.CyberSourceVerifier
module.exports.PaySimpleVerifier = verify.PaySimpleVerifier
module.exports.CyberSourceWebhookVerifier = verify.CyberSourceWebhookVerifier
module.exports.cybersourceWebhookSignature = binding.cybersourceWebhookSignature
module.exports.cybersourceWebhookMiddleware = webhook.cybersourceWebhookMiddleware
module.exports.cybersourceWebhookHandler = webhook.cybersourceWebhookHandler
module.exports.verifyCybersourceWebhookRequest = webhook.verifyCybersourceWebhookRequest
module.exports.RedisReplayStore = RedisReplayStore
module.exports.createSignedFetch = createSignedFetch
module.exports.__napiBindingTarget = binding.__napiBindingTarget
