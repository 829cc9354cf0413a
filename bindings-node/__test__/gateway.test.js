'use strict'
// paysign/testing's startGateway over real HTTP on 127.0.0.1: createSignedFetch
// is accepted for each scheme; each scheme's typical mistake is refused with
// its mistake id; the Node article's millisecond timestamp end to end.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { paysign } = require('./helpers.js')
const { startGateway } = require('paysign/testing')

const VISA = { apiKey: 'KSKDFJOP934ALSFDJP34', sharedSecret: 'visa-Sh4red-S3cret-XYZ' }
const CYBERSOURCE = {
  merchantId: 'testrest',
  keyId: '08c94330-f618-42a3-b09d-e1e43be5efda',
  sharedSecret: 'yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=',
}
const PAYSIMPLE = { username: 'APIUser1000', apiKey: 'ps-Api-Key-0987654321' }
const PAYMENT = '{"clientReferenceInformation":{"code":"TC50171_3"},"orderInformation":{"amountDetails":{"totalAmount":"102.21","currency":"USD"}}}'

let gw
before(async () => {
  gw = await startGateway({ visa: VISA, cybersource: CYBERSOURCE, paysimple: PAYSIMPLE })
})
after(async () => {
  await gw.close()
})

test('the gateway listens on loopback', () => {
  assert.match(gw.url, /^http:\/\/127\.0\.0\.1:\d+$/)
})

test('createSignedFetch is accepted for each scheme', async () => {
  const xfetch = paysign.createSignedFetch(new paysign.XPaySigner(VISA.apiKey, VISA.sharedSecret))
  let r = await xfetch(`${gw.url}/vdp/helloworld`)
  let body = await r.json()
  assert.equal(r.status, 200, JSON.stringify(body))
  assert.equal(body.message, 'helloworld')
  assert.equal(body.paysign.verdict, 'accepted')

  const cfetch = paysign.createSignedFetch(
    new paysign.CyberSourceSigner(CYBERSOURCE.merchantId, CYBERSOURCE.keyId, CYBERSOURCE.sharedSecret),
  )
  r = await cfetch(`${gw.url}/pts/v2/payments`, { method: 'POST', body: PAYMENT, headers: { 'content-type': 'application/json' } })
  body = await r.json()
  assert.equal(r.status, 201, JSON.stringify(body))
  assert.equal(body.status, 'AUTHORIZED')
  assert.equal(body.clientReferenceInformation.code, 'TC50171_3')

  const pfetch = paysign.createSignedFetch(new paysign.PaySimpleSigner(PAYSIMPLE.username, PAYSIMPLE.apiKey))
  r = await pfetch(`${gw.url}/v4/customer`)
  body = await r.json()
  assert.equal(r.status, 200, JSON.stringify(body))
  assert.equal(body.paysign.scheme, 'paysimple')

  const last = gw.requests().at(-1)
  assert.equal(last.verdict, 'accepted')
  assert.equal(last.scheme, 'paysimple')
  assert.equal(last.keyId, PAYSIMPLE.username)
})

test("the Node article's millisecond timestamp is refused and named", async () => {
  // As in the article: Date.now() straight into the token.
  const timestamp = Date.now()
  const query = `apikey=${VISA.apiKey}`
  const hash = crypto.createHmac('sha256', VISA.sharedSecret).update(`${timestamp}helloworld${query}`).digest('hex')
  const r = await fetch(`${gw.url}/vdp/helloworld?${query}`, { headers: { 'x-pay-token': `xv2:${timestamp}:${hash}` } })
  const body = await r.json()
  assert.equal(r.status, 401)
  assert.equal(body.responseStatus.code, '9124')
  assert.equal(body.paysign.reason, 'timestamp_out_of_window')
  assert.deepEqual(body.paysign.mistakes, ['timestamp_milliseconds'])
  assert.equal(r.headers.get('x-paysign-reason'), 'timestamp_out_of_window')
})

test('X-Pay leading slash is refused and named', async () => {
  const query = `apikey=${VISA.apiKey}`
  const token = paysign.xPayToken(VISA.sharedSecret, '/helloworld', query)
  const r = await fetch(`${gw.url}/vdp/helloworld?${query}`, { headers: { 'x-pay-token': token } })
  const body = await r.json()
  assert.equal(r.status, 401)
  assert.deepEqual(body.paysign.mistakes, ['resource_path_leading_slash'])
})

test('CyberSource secret not base64-decoded is refused and named', async () => {
  const host = gw.url.replace('http://', '')
  const asText = Buffer.from(CYBERSOURCE.sharedSecret).toString('base64')
  const headers = paysign.cybersourceSignature({
    keyId: CYBERSOURCE.keyId,
    sharedSecret: asText,
    merchantId: CYBERSOURCE.merchantId,
    host,
    method: 'POST',
    requestTarget: '/pts/v2/payments',
    body: PAYMENT,
  })
  delete headers.Host
  const r = await fetch(`${gw.url}/pts/v2/payments`, { method: 'POST', body: PAYMENT, headers })
  const body = await r.json()
  assert.equal(r.status, 401)
  assert.deepEqual(body.response, { rmsg: 'Authentication Failed' })
  assert.deepEqual(body.paysign.mistakes, ['secret_not_base64_decoded'])
})

test('PaySimple trailing newline (escaped, as it arrives) is refused and named', async () => {
  const header = paysign.paysimpleHeader(PAYSIMPLE.username, PAYSIMPLE.apiKey)
  const r = await fetch(`${gw.url}/v4/customer`, { headers: { authorization: `${header}\\n` } })
  const body = await r.json()
  assert.equal(r.status, 401)
  assert.equal(body.Meta.HttpStatusCode, 401)
  assert.deepEqual(body.paysign.mistakes, ['trailing_newline_in_base64'])
})

test('no credential is refused with a reason; replays are refused', async () => {
  let r = await fetch(`${gw.url}/pts/v2/payments`, { method: 'POST', body: '{}' })
  let body = await r.json()
  assert.equal(r.status, 401)
  assert.equal(body.paysign.reason, 'missing_credential')

  const query = `apikey=${VISA.apiKey}&replay=1`
  const token = paysign.xPayToken(VISA.sharedSecret, 'helloworld', query)
  r = await fetch(`${gw.url}/vdp/helloworld?${query}`, { headers: { 'x-pay-token': token } })
  assert.equal(r.status, 200)
  r = await fetch(`${gw.url}/vdp/helloworld?${query}`, { headers: { 'x-pay-token': token } })
  body = await r.json()
  assert.equal(r.status, 401)
  assert.equal(body.paysign.reason, 'replayed')
})

test('options are checked; no credentials means the CyberSource sandbox', async () => {
  await assert.rejects(startGateway({ visa: { apiKey: 'K', secret: 's' } }), { code: 'ERR_INVALID_ARG_TYPE' })
  await assert.rejects(startGateway({ port: 70000 }), { code: 'ERR_OUT_OF_RANGE' })
  await assert.rejects(startGateway({ visa: { apiKey: 'K' } }), /shared_secret/)
  const sandbox = await startGateway()
  try {
    const cfetch = paysign.createSignedFetch(
      new paysign.CyberSourceSigner(CYBERSOURCE.merchantId, CYBERSOURCE.keyId, CYBERSOURCE.sharedSecret),
    )
    const r = await cfetch(`${sandbox.url}/pts/v2/payments`, { method: 'POST', body: PAYMENT })
    assert.equal(r.status, 201)
    assert.deepEqual(sandbox.requests().map((q) => q.verdict), ['accepted'])
  } finally {
    await sandbox.close()
  }
})

test('the ESM entry exports startGateway', async () => {
  const esm = await import('paysign/testing')
  assert.equal(esm.startGateway, startGateway)
})
