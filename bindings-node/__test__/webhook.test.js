'use strict'
// Webhook notifications through real servers on 127.0.0.1: the Express
// middleware (raw body first; and with express.json() in front, refused) and
// the fetch-style handler behind node:http (through a small adapter).

const { test, after } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const express = require('express')
const { paysign } = require('./helpers.js')

const KEY = Buffer.from('a webhook key of 32 bytes, random').toString('base64')
const KEY_ID = 'e1a1b3c4-webhook'
// Spaces after the colons: what a parser re-serialises differently.
const BODY = '{"eventType": "payments.capture.accepted", "payload": {"id": "6461731521426399003473"}}'
const servers = []
after(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))))

function listen(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler)
    servers.push(server)
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`))
  })
}

function post(url, body, signature, extra = {}) {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'v-c-signature': signature, ...extra }, body })
}

const nowSig = () => paysign.cybersourceWebhookSignature(KEY_ID, KEY, BODY)

function expressApp(...before) {
  const app = express()
  app.post('/hook', ...before, paysign.cybersourceWebhookMiddleware({ keys: { [KEY_ID]: KEY } }), (req, res) => {
    res.json({ keyId: req.paysign.keyId, scheme: req.paysign.scheme, raw: Buffer.isBuffer(req.body) ? req.body.toString() : null })
  })
  return app
}

test('express: the middleware reads the raw body, passes a signed notification on, refuses forgeries and replays with 401', async () => {
  const base = await listen(expressApp())
  const sig = nowSig()
  const ok = await post(`${base}/hook`, BODY, sig)
  assert.equal(ok.status, 200)
  assert.deepEqual(await ok.json(), { keyId: KEY_ID, scheme: 'cybersource-webhook', raw: BODY })

  const replay = await post(`${base}/hook`, BODY, sig)
  assert.equal(replay.status, 401)
  assert.equal(replay.headers.get('x-paysign-reason'), 'replayed')
  assert.equal((await replay.json()).reason, 'replayed')

  const forged = await post(`${base}/hook`, BODY.replace('accepted', 'reversed'), nowSig())
  assert.equal(forged.status, 401)
  assert.equal((await forged.json()).reason, 'signature_mismatch')

  const unsigned = await fetch(`${base}/hook`, { method: 'POST', body: BODY })
  assert.equal(unsigned.status, 401)
  assert.equal((await unsigned.json()).reason, 'missing_header')

  const twice = await post(`${base}/hook`, BODY, nowSig(), { 'V-C-Signature-Copy': 'x' })
  assert.equal(twice.status, 200)
})

test('express: after express.raw() the raw Buffer is used', async () => {
  const base = await listen(expressApp(express.raw({ type: '*/*' })))
  const ok = await post(`${base}/hook`, BODY, nowSig())
  assert.equal(ok.status, 200)
  assert.equal((await ok.json()).raw, BODY)
})

test('express: with express.json() in front the body was re-serialised; the refusal says so', async () => {
  const base = await listen(expressApp(express.json()))
  const res = await post(`${base}/hook`, BODY, nowSig())
  assert.equal(res.status, 401)
  const answer = await res.json()
  assert.equal(answer.reason, 'signature_mismatch')
  assert.match(answer.note, /body parser/)
  assert.match(answer.note, /express\.json\(\)/)
})

test('express: the core diagnosis names the re-serialised body', () => {
  const sig = nowSig()
  const reserialised = JSON.stringify(JSON.parse(BODY))
  assert.notEqual(reserialised, BODY)
  const d = paysign.diagnoseCybersourceWebhook({ 'v-c-signature': sig }, { keyId: KEY_ID, key: KEY, body: reserialised })
  assert.equal(d.valid, false)
  assert.ok(d.mistakes.includes('body_reserialized'), d.mistakes.join(','))
  const e = paysign.explainCybersourceWebhook({ keyId: KEY_ID, key: KEY, body: BODY, time: 1700000000 })
  assert.equal(e.signed.toString(), `1700000000000.${BODY}`)
})

/** node:http → web-standard Request → handler → Response → node:http. */
function fetchStyle(handler) {
  return async (req, res) => {
    const chunks = []
    for await (const c of req) chunks.push(c)
    const headers = new Headers()
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1])
    const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
    const response = await handler(request)
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.end(Buffer.from(await response.arrayBuffer()))
  }
}

test('fetch-style handler: a verified notification reaches the handler with its raw body; a forged one gets 401', async () => {
  const seen = []
  const handler = paysign.cybersourceWebhookHandler({ keys: { [KEY_ID]: KEY } }, ({ verified, body }) => {
    seen.push([verified.keyId, Buffer.from(body).toString()])
    return new Response('accepted', { status: 200 })
  })
  const base = await listen(fetchStyle(handler))
  const sig = nowSig()
  const ok = await post(base, BODY, sig)
  assert.equal(ok.status, 200)
  assert.equal(await ok.text(), 'accepted')
  assert.deepEqual(seen, [[KEY_ID, BODY]])
  const replay = await post(base, BODY, sig)
  assert.equal(replay.status, 401)
  assert.equal(replay.headers.get('x-paysign-reason'), 'replayed')
  const wrongKey = await post(base, BODY, paysign.cybersourceWebhookSignature(KEY_ID, Buffer.from('another key').toString('base64'), BODY))
  assert.equal(wrongKey.status, 401)
  assert.equal((await wrongKey.json()).reason, 'signature_mismatch')
  assert.equal(seen.length, 1)
})
