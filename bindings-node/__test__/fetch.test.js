'use strict'
// createSignedFetch end to end: the global fetch against a node:http server on
// 127.0.0.1 that verifies every request it receives with the verify functions.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const { paysign } = require('./helpers.js')

const X_KEY = 'FETCHTESTAPIKEY'
const X_SECRET = 'fetch-xpay-shared-secret'
const CS_SECRET = Buffer.from('fetch-cybersource-shared-secret-0123456789').toString('base64')
const PS_KEY = 'fetch-paysimple-api-key'

const xpay = new paysign.XPaySigner(X_KEY, X_SECRET)
const cybersource = new paysign.CyberSourceSigner('merchant-1', 'key-1', CS_SECRET)
const paysimple = new paysign.PaySimpleSigner('APIUser1000', PS_KEY)

// The resource path the server expects for each X-Pay path (SPEC: the context
// path, the first segment, is not signed).
const XPAY_RESOURCE = {
  '/vdp/helloworld': 'helloworld',
  '/cybersource/payments/v1/authorizations': 'payments/v1/authorizations',
}

let server
let base
const received = []

function verifyRequest(req, body) {
  const [path, query = ''] = req.url.split(/\?(.*)/s)
  if (req.headers['x-pay-token'] !== undefined) {
    paysign.verifyXPayToken(X_SECRET, req.headers['x-pay-token'], XPAY_RESOURCE[path], query, body)
    return 'xpay'
  }
  if (req.headers.signature !== undefined) {
    paysign.verifyCybersourceSignature(CS_SECRET, req.headers, req.method, req.url, body)
    return 'cybersource'
  }
  paysign.verifyPaysimpleHeader(req.headers.authorization ?? '', PS_KEY)
  return 'paysimple'
}

before(async () => {
  server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const seen = { method: req.method, url: req.url, headers: req.headers, body }
      received.push(seen)
      let status = 200
      let reply
      try {
        reply = { ok: true, scheme: verifyRequest(req, body) }
      } catch (e) {
        status = 401
        reply = { ok: false, code: e.code, reason: e.reason, message: e.message }
      }
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ ...reply, url: req.url, body: body.toString('base64') }))
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${server.address().port}`
})

after(() => new Promise((resolve) => server.close(resolve)))

async function json(response) {
  const reply = await response.json()
  return { status: response.status, ...reply }
}

test('X-Pay: a string body with non-ASCII text and a lone surrogate', async () => {
  const signedFetch = paysign.createSignedFetch(xpay)
  const text = '{"amount":"10.00","memo":"café ☕ \uD800"}'
  const reply = await json(
    await signedFetch(`${base}/cybersource/payments/v1/authorizations`, { method: 'POST', body: text }),
  )
  assert.equal(reply.status, 200, reply.message)
  assert.equal(reply.scheme, 'xpay')
  // The server got the UTF-8 encoding (the surrogate as U+FFFD), the one signed.
  assert.deepEqual(Buffer.from(reply.body, 'base64'), Buffer.from(new TextEncoder().encode(text)))
  assert.equal(reply.url, `/cybersource/payments/v1/authorizations?apikey=${X_KEY}`)
  const seen = received.at(-1)
  assert.equal(seen.headers['content-type'], 'application/json')
})

test('X-Pay: GET, the URL replaced by the signer\'s (query sorted, apikey added, fragment dropped)', async () => {
  const signedFetch = paysign.createSignedFetch(xpay)
  const reply = await json(await signedFetch(new URL(`${base}/vdp/helloworld?zeta=1&alpha=2#top`)))
  assert.equal(reply.status, 200, reply.message)
  assert.equal(reply.url, `/vdp/helloworld?alpha=2&apikey=${X_KEY}&zeta=1`)
  assert.equal(reply.body, '')
})

test('X-Pay: a Buffer slice and an ArrayBuffer as body', async () => {
  const signedFetch = paysign.createSignedFetch(xpay)
  const whole = Buffer.from('xx{"bytes":[0,1,2]}yy')
  const slice = whole.subarray(2, whole.length - 2)
  let reply = await json(await signedFetch(`${base}/vdp/helloworld`, { method: 'PUT', body: slice }))
  assert.equal(reply.status, 200, reply.message)
  assert.deepEqual(Buffer.from(reply.body, 'base64'), Buffer.from(slice))
  const bytes = new Uint8Array(256).map((_, i) => i)
  reply = await json(await signedFetch(`${base}/vdp/helloworld`, { method: 'POST', body: bytes.buffer }))
  assert.equal(reply.status, 200, reply.message)
  assert.deepEqual(Buffer.from(reply.body, 'base64'), Buffer.from(bytes))
})

test('CyberSource: POST JSON, the caller\'s headers kept, the signer\'s set', async () => {
  const signedFetch = paysign.createSignedFetch(cybersource)
  const body = JSON.stringify({ clientReferenceInformation: { code: 'TC50171_3' }, amount: '10.00' })
  const reply = await json(
    await signedFetch(`${base}/pts/v2/payments?x=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'r-1' },
      body,
    }),
  )
  assert.equal(reply.status, 200, reply.message)
  assert.equal(reply.scheme, 'cybersource')
  const seen = received.at(-1)
  assert.equal(seen.headers['content-type'], 'application/json')
  assert.equal(seen.headers['x-request-id'], 'r-1')
  assert.equal(seen.headers['v-c-merchant-id'], 'merchant-1')
  assert.match(seen.headers.digest, /^SHA-256=/)
})

test('CyberSource: a Request object, lowercase method, URLSearchParams, Blob and FormData bodies', async () => {
  const signedFetch = paysign.createSignedFetch(cybersource)
  let reply = await json(await signedFetch(new Request(`${base}/reporting/v3/reports?b=2&a=1`, { headers: { Accept: 'application/json' } })))
  assert.equal(reply.status, 200, reply.message)
  assert.equal(reply.url, '/reporting/v3/reports?b=2&a=1')
  reply = await json(await signedFetch(new Request(`${base}/pts/v2/refunds`, { method: 'post', body: '{"r":1}' })))
  assert.equal(reply.status, 200, reply.message)
  assert.equal(Buffer.from(reply.body, 'base64').toString(), '{"r":1}')
  reply = await json(await signedFetch(`${base}/form`, { method: 'PATCH', body: new URLSearchParams({ a: '1 2', b: 'é' }) }))
  assert.equal(reply.status, 200, reply.message)
  assert.equal(Buffer.from(reply.body, 'base64').toString(), 'a=1+2&b=%C3%A9')
  assert.match(received.at(-1).headers['content-type'], /^application\/x-www-form-urlencoded/)
  reply = await json(await signedFetch(`${base}/blob`, { method: 'PUT', body: new Blob(['blob ', 'body'], { type: 'text/x-test' }) }))
  assert.equal(reply.status, 200, reply.message)
  assert.equal(received.at(-1).headers['content-type'], 'text/x-test')
  const form = new FormData()
  form.append('field', 'value')
  reply = await json(await signedFetch(`${base}/upload`, { method: 'POST', body: form }))
  assert.equal(reply.status, 200, reply.message)
  assert.match(received.at(-1).headers['content-type'], /^multipart\/form-data; boundary=/)
})

test('CyberSource: a streaming body is read once, signed and sent', async () => {
  const signedFetch = paysign.createSignedFetch(cybersource)
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('part one, '))
      controller.enqueue(new TextEncoder().encode('part two'))
      controller.close()
    },
  })
  const reply = await json(await signedFetch(`${base}/stream`, { method: 'POST', body: stream, duplex: 'half' }))
  assert.equal(reply.status, 200, reply.message)
  assert.equal(Buffer.from(reply.body, 'base64').toString(), 'part one, part two')
})

test('PaySimple: GET and POST', async () => {
  const signedFetch = paysign.createSignedFetch(paysimple)
  let reply = await json(await signedFetch(`${base}/v4/customer`))
  assert.equal(reply.status, 200, reply.message)
  assert.equal(reply.scheme, 'paysimple')
  reply = await json(await signedFetch(`${base}/v4/customer`, { method: 'POST', body: '{"FirstName":"Jo"}' }))
  assert.equal(reply.status, 200, reply.message)
})

test('the server rejects what was not signed (the verification is real)', async () => {
  // A transport that changes the body after signing.
  const tamper = (url, init) => fetch(url, { ...init, body: Buffer.concat([Buffer.from(init.body), Buffer.from(' ')]) })
  let reply = await json(await paysign.createSignedFetch(cybersource, tamper)(`${base}/pts/v2/payments`, { method: 'POST', body: '{}' }))
  assert.equal(reply.status, 401)
  assert.equal(reply.code, 'PAYSIGN_VERIFICATION_FAILED')
  assert.equal(reply.reason, 'digest_mismatch')
  reply = await json(await paysign.createSignedFetch(xpay, tamper)(`${base}/vdp/helloworld`, { method: 'POST', body: '{}' }))
  assert.equal(reply.status, 401)
  assert.equal(reply.reason, 'signature_mismatch')
  // Unsigned requests.
  reply = await json(await fetch(`${base}/v4/customer`))
  assert.equal(reply.status, 401)
  assert.equal(reply.reason, 'malformed_header')
  // Signed by another key.
  const other = new paysign.PaySimpleSigner('APIUser1000', 'another-key')
  reply = await json(await paysign.createSignedFetch(other)(`${base}/v4/customer`))
  assert.equal(reply.status, 401)
  assert.equal(reply.reason, 'signature_mismatch')
})

test('the bytes signed are the bytes handed to fetch', async () => {
  const calls = []
  const spy = { sign: (method, url, body) => { calls.push({ method, url, body }); return xpay.sign(method, url, body) } }
  let sent
  const fakeFetch = async (url, init) => {
    sent = { url, init }
    return new Response('ok')
  }
  const signedFetch = paysign.createSignedFetch(spy, fakeFetch)
  const text = 'naïve ✓'
  await signedFetch('https://sandbox.api.visa.com/vdp/helloworld?b=1', { method: 'post', body: text, headers: { 'X-Trace': 't' } })
  assert.equal(calls.length, 1)
  assert.equal(calls[0].method, 'POST')
  assert.ok(sent.init.body instanceof Uint8Array)
  assert.equal(sent.init.body, calls[0].body, 'the very same bytes object is signed and sent')
  assert.deepEqual(Buffer.from(sent.init.body), Buffer.from(text, 'utf8'))
  assert.equal(sent.url, `https://sandbox.api.visa.com/vdp/helloworld?apikey=${X_KEY}&b=1`)
  assert.equal(sent.init.method, 'POST')
  assert.equal(sent.init.headers.get('x-trace'), 't')
  const token = sent.init.headers.get('x-pay-token')
  paysign.verifyXPayToken(X_SECRET, token, 'helloworld', `apikey=${X_KEY}&b=1`, sent.init.body)
  // No body: nothing is sent as body, and the empty body is signed.
  await signedFetch('https://sandbox.api.visa.com/vdp/helloworld')
  assert.equal(calls[1].body, undefined)
  assert.equal(sent.init.body, undefined)
})

test('createSignedFetch refuses what is not a signer or a fetch', async () => {
  assert.throws(() => paysign.createSignedFetch({}), TypeError)
  assert.throws(() => paysign.createSignedFetch(null), TypeError)
  assert.throws(() => paysign.createSignedFetch(xpay, 'fetch'), TypeError)
  // A bad URL for the signer is the core's error, as a rejection.
  const signedFetch = paysign.createSignedFetch(xpay, async () => new Response('never'))
  await assert.rejects(signedFetch('https://x.test/vdp/a?apiKey=1'), (e) => e.code === 'PAYSIGN_INVALID_ARGUMENT' && e.field === 'url')
  await assert.rejects(signedFetch('https://x.test/', { method: 'TRACE' }), TypeError)
})
