'use strict'
// CyberSource webhook notifications in a server: an Express/Connect
// middleware and a handler for web-standard `Request`s (fetch-style servers).
//
// The signature covers the raw body bytes, so the middleware must read them
// itself: mount it BEFORE any body parser (express.json(), bodyParser), or
// after express.raw({ type: '*/*' }) (then req.body is the raw Buffer). If a
// parser already turned the body into an object, the bytes are gone: the
// middleware checks what it is given (the re-serialised JSON), which is
// refused, and the refusal says why.

const { CyberSourceWebhookVerifier } = require('./verify.js')

const VERIFICATION_FAILED = 'PAYSIGN_VERIFICATION_FAILED'
/** The largest body read (1 MiB); a larger one is answered 413. */
const DEFAULT_BODY_LIMIT = 1024 * 1024

function verifierOf(options) {
  if (options && typeof options.verifyAsync === 'function') return options
  return new CyberSourceWebhookVerifier(options)
}

/** `rawHeaders` ([name, value, name, value, …]) as pairs: duplicates kept. */
function rawPairs(rawHeaders) {
  const pairs = []
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i], rawHeaders[i + 1]])
  return pairs
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    req.on('data', (chunk) => {
      size += chunk.length
      if (size > limit) {
        reject(Object.assign(new Error(`the body is larger than ${limit} bytes`), { status: 413 }))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** The bytes to verify, and whether a parser had already consumed them. */
async function bodyOf(req, limit) {
  if (Buffer.isBuffer(req.body)) return { body: req.body, parsed: false }
  if (typeof req.body === 'string') return { body: Buffer.from(req.body, 'utf8'), parsed: false }
  if (req.body !== undefined && req.body !== null && (req.readableEnded || req.complete)) {
    return { body: Buffer.from(JSON.stringify(req.body), 'utf8'), parsed: true }
  }
  return { body: await readBody(req, limit), parsed: false }
}

function refusal(error, parsed) {
  const answer = { reason: error.reason, message: error.message }
  if (parsed) {
    answer.note =
      'the body had already been parsed by a body parser (e.g. express.json()) before this middleware, so the bytes signed were not available; mount the middleware before the parser'
  }
  return answer
}

/**
 * Express/Connect middleware verifying `v-c-signature`. On success
 * `req.body` is the raw body (a Buffer), `req.paysign` the verified
 * `{ scheme, keyId, timestamp, … }`, and `next()` is called; on refusal it
 * answers 401 with `{ reason, message }` (and header `x-paysign-reason`).
 * `options`: `{ keys, maxSkew, replay, bodyLimit }` or a CyberSourceWebhookVerifier.
 */
function cybersourceWebhookMiddleware(options) {
  const verifier = verifierOf(options)
  const limit = (options && options.bodyLimit) || DEFAULT_BODY_LIMIT
  return function paysignWebhook(req, res, next) {
    bodyOf(req, limit).then(
      ({ body, parsed }) =>
        verifier.verifyAsync({ headers: rawPairs(req.rawHeaders), body }).then(
          (verified) => {
            if (!parsed) req.body = body
            req.paysign = verified
            next()
          },
          (error) => {
            if (error && error.code === VERIFICATION_FAILED) {
              const answer = JSON.stringify(refusal(error, parsed))
              res.statusCode = 401
              res.setHeader('content-type', 'application/json')
              res.setHeader('x-paysign-reason', error.reason)
              res.end(answer)
            } else {
              next(error)
            }
          },
        ),
      (error) => {
        if (error && error.status === 413) {
          res.statusCode = 413
          res.setHeader('content-type', 'application/json')
          res.end(JSON.stringify({ reason: 'body_too_large', message: error.message }))
        } else {
          next(error)
        }
      },
    )
  }
}

/**
 * Verifies a web-standard `Request` (fetch-style servers: Node's own
 * `Request`, Deno, Bun, workers): resolves to `{ verified, body }` (body: the
 * raw bytes) or rejects with the verification error.
 */
async function verifyCybersourceWebhookRequest(verifier, request) {
  const body = new Uint8Array(await request.arrayBuffer())
  const verified = await verifier.verifyAsync({ headers: [...request.headers], body })
  return { verified, body }
}

/**
 * A fetch-style handler: `handler({ request, verified, body })` runs for a
 * notification that verifies; a refused one is answered `401` with `{ reason, message }`.
 */
function cybersourceWebhookHandler(options, handler) {
  const verifier = verifierOf(options)
  if (typeof handler !== 'function') {
    throw Object.assign(new TypeError('The "handler" argument must be a function.'), { code: 'ERR_INVALID_ARG_TYPE' })
  }
  return async function paysignWebhookHandler(request) {
    let result
    try {
      result = await verifyCybersourceWebhookRequest(verifier, request)
    } catch (error) {
      if (error && error.code === VERIFICATION_FAILED) {
        return new Response(JSON.stringify(refusal(error, false)), {
          status: 401,
          headers: { 'content-type': 'application/json', 'x-paysign-reason': error.reason },
        })
      }
      throw error
    }
    return handler({ request, verified: result.verified, body: result.body })
  }
}

module.exports = { cybersourceWebhookMiddleware, cybersourceWebhookHandler, verifyCybersourceWebhookRequest }
