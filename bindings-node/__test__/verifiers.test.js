'use strict'
// Whole-request verifiers, time overrides, explain, lone surrogates: written
// from the reproductions.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const util = require('node:util')
const { paysign, thrown } = require('./helpers.js')

const T = 1455716783
const VISA_URL = 'https://sandbox.api.visa.com/vdp/helloworld'
const CS = { merchantId: 'testrest', keyId: '08c94330-f618-42a3-b09d-e1e43be5efda', secret: 'yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=' }

function xpayRequest(signer, t = T, body = '') {
  const signed = signer.sign('GET', VISA_URL, body, t)
  return { method: 'GET', url: signed.url, headers: signed.headers, body, now: t }
}

function reason(fn) {
  const e = thrown(fn)
  assert.equal(e.code, 'PAYSIGN_VERIFICATION_FAILED', e.message)
  return e.reason
}

test('every signer takes the same time forms: undefined, Unix seconds, exact text, Date', () => {
  const x = new paysign.XPaySigner('K', 'secret')
  const byNumber = x.sign('GET', VISA_URL, '', T).headers['x-pay-token']
  assert.equal(x.sign('GET', VISA_URL, '', String(T)).headers['x-pay-token'], byNumber)
  assert.equal(x.sign('GET', VISA_URL, '', new Date(T * 1000 + 999)).headers['x-pay-token'], byNumber)
  assert.match(x.sign('GET', VISA_URL, '').headers['x-pay-token'], /^xv2:\d{10}:[0-9a-f]{64}$/)

  const c = new paysign.CyberSourceSigner(CS.merchantId, CS.keyId, CS.secret)
  const url = 'https://apitest.cybersource.com/pts/v2/payments'
  const date = 'Thu, 18 Jul 2019 00:18:03 GMT'
  const byText = c.sign('POST', url, '{}', date).headers
  assert.equal(byText.Date, date)
  assert.deepEqual(c.sign('POST', url, '{}', 1563409083).headers, byText)
  assert.deepEqual(c.sign('POST', url, '{}', new Date(1563409083000)).headers, byText)
  assert.equal(thrown(() => c.sign('POST', url, '{}', 'Fri, 18 Jul 2019 00:18:03 GMT')).field, 'time')

  const p = new paysign.PaySimpleSigner('APIUser1000', 'key')
  const exact = '2017-07-20T20:45:44.0973928Z'
  const h = p.sign('GET', 'https://api.paysimple.com/v4/customer', '', exact).headers.Authorization
  assert.ok(h.includes(`timestamp=${exact};`))
  assert.equal(p.sign('GET', 'https://api.paysimple.com/v4/customer', '', 1500583544, 97392800).headers.Authorization, h)
  assert.ok(p.sign('GET', 'https://x.test/', '', new Date(1500583544097)).headers.Authorization.includes('timestamp=2017-07-20T20:45:44.0970000Z;'))
  // nanos is PaySimple's only, and only with a number
  assert.equal(thrown(() => x.sign('GET', VISA_URL, '', T, 5)).code, 'ERR_INVALID_ARG_TYPE')
  assert.equal(thrown(() => p.sign('GET', 'https://x.test/', '', exact, 5)).code, 'ERR_INVALID_ARG_TYPE')
  assert.equal(thrown(() => x.sign('GET', VISA_URL, '', {})).code, 'ERR_INVALID_ARG_TYPE')
  assert.equal(thrown(() => x.sign('GET', VISA_URL, '', new Date(NaN))).code, 'ERR_OUT_OF_RANGE')
})

test('a lone surrogate is refused with the field named, never turned into U+FFFD', () => {
  for (const [fn, field] of [
    [() => new paysign.XPaySigner('K', 'secret\ud800'), 'sharedSecret'],
    [() => new paysign.XPaySigner('K\udc00', 'secret'), 'apiKey'],
    [() => paysign.xPayToken('s\ud83d', 'p', 'q', '', T), 'sharedSecret'],
    [() => new paysign.XPaySigner('K', 's').sign('GET', VISA_URL, 'body\ud800', T), 'body'],
    [() => new paysign.PaySimpleSigner('u', 'k\ud800'), 'apiKey'],
  ]) {
    const e = thrown(fn)
    assert.equal(e.name, 'TypeError')
    assert.equal(e.code, 'ERR_INVALID_ARG_VALUE')
    assert.equal(e.field, field)
    assert.match(e.message, /lone surrogate/)
  }
  // A real U+FFFD and a well-formed pair are fine, and differ from each other.
  const a = paysign.xPayToken('s\ufffd', 'p', 'q', '', T)
  const b = paysign.xPayToken('s\ud83d\ude00', 'p', 'q', '', T)
  assert.notEqual(a, b)
})

test('XPayVerifier: accepts what the signer made once, then refuses the replay', () => {
  const v = new paysign.XPayVerifier({ keys: { K: 'secret' } })
  const req = xpayRequest(new paysign.XPaySigner('K', 'secret'))
  assert.deepEqual(v.verify(req), { scheme: 'xpay', keyId: 'K', merchantId: null, timestamp: T, signed: ['timestamp', 'resource_path', 'query_string', 'body'] })
  assert.equal(reason(() => v.verify(req)), 'replayed')
  assert.equal(reason(() => v.verify(xpayRequest(new paysign.XPaySigner('OTHER', 'secret')))), 'unknown_key')
  assert.equal(reason(() => v.verify({ ...xpayRequest(new paysign.XPaySigner('K', 'wrong'), T + 1) })), 'signature_mismatch')
  assert.equal(reason(() => v.verify({ ...xpayRequest(new paysign.XPaySigner('K', 'secret'), T - 481), now: T })), 'timestamp_out_of_window')
  // Visa's window is 8 minutes; maxSkew overrides it.
  assert.equal(v.verify({ ...xpayRequest(new paysign.XPaySigner('K', 'secret'), T - 479), now: T }).keyId, 'K')
  const narrow = new paysign.XPayVerifier({ keys: new Map([['K', Buffer.from('secret')]]), maxSkew: 10 })
  assert.equal(reason(() => narrow.verify({ ...xpayRequest(new paysign.XPaySigner('K', 'secret'), T - 11), now: T })), 'timestamp_out_of_window')
})

test('replay: false turns the memory off; a store object is asked last, and only true accepts', () => {
  const req = xpayRequest(new paysign.XPaySigner('K', 'secret'))
  const off = new paysign.XPayVerifier({ keys: { K: 'secret' }, replay: false })
  off.verify(req)
  off.verify(req)
  const seen = new Map()
  const asked = []
  const store = { remember(key, ttl) { asked.push([key, ttl]); if (seen.has(key)) return false; seen.set(key, ttl); return true } }
  const v = new paysign.XPayVerifier({ keys: { K: 'secret' }, replay: store })
  v.verify(req)
  assert.equal(reason(() => v.verify(req)), 'replayed')
  assert.equal(asked.length, 2)
  assert.match(asked[0][0], /^paysign:replay:[0-9a-f]{64}$/)
  assert.equal(asked[0][1], 481) // through the last second of its window (signed now + 480 s)
  // a refused request never reaches the store
  assert.equal(reason(() => v.verify({ ...req, headers: { 'x-pay-token': 'xv2:1:00' } })), 'malformed_header')
  assert.equal(asked.length, 2)
  for (const answer of [undefined, 1, 'OK', null]) {
    const odd = new paysign.XPayVerifier({ keys: { K: 'secret' }, replay: { remember: () => answer } })
    assert.equal(reason(() => odd.verify(req)), 'replay_store_unavailable', String(answer))
  }
  const broken = new paysign.XPayVerifier({ keys: { K: 'secret' }, replay: { remember() { throw new Error('down') } } })
  const e = thrown(() => broken.verify(req))
  assert.equal(e.reason, 'replay_store_unavailable')
  assert.match(e.message, /down/)
  assert.equal(thrown(() => new paysign.XPayVerifier({ keys: { K: 's' }, replay: 'yes' })).code, 'ERR_INVALID_ARG_TYPE')
})

test('an asynchronous store: verifyAsync awaits it; verify refuses to guess', async () => {
  const seen = new Set()
  const store = { async remember(key) { await new Promise((r) => setImmediate(r)); if (seen.has(key)) return false; seen.add(key); return true } }
  const v = new paysign.XPayVerifier({ keys: { K: 'secret' }, replay: store })
  const req = xpayRequest(new paysign.XPaySigner('K', 'secret'))
  assert.equal((await v.verifyAsync(req)).keyId, 'K')
  await assert.rejects(v.verifyAsync(req), (e) => e.reason === 'replayed')
  assert.equal(thrown(() => v.verify(xpayRequest(new paysign.XPaySigner('K', 'secret'), T + 1))).code, 'ERR_INVALID_ARG_TYPE')
  const failing = new paysign.XPayVerifier({ keys: { K: 'secret' }, replay: { remember: async () => { throw new Error('ECONNREFUSED') } } })
  await assert.rejects(failing.verifyAsync(req), (e) => e.reason === 'replay_store_unavailable')
  // verifyAsync without a store is verify in a Promise
  const plain = new paysign.XPayVerifier({ keys: { K: 'secret' } })
  assert.equal((await plain.verifyAsync(req)).timestamp, T)
  await assert.rejects(plain.verifyAsync(req), (e) => e.reason === 'replayed')
})

test('headers: an array value and Host/host both present reach the core as duplicates', () => {
  const c = new paysign.CyberSourceSigner(CS.merchantId, CS.keyId, CS.secret)
  const url = 'https://apitest.cybersource.com/pts/v2/payments'
  const signed = c.sign('POST', url, '{}', 1563409083)
  const verifier = () => new paysign.CyberSourceVerifier({ keys: { [CS.keyId]: CS.secret } })
  const base = { method: 'POST', url: '/pts/v2/payments', body: '{}', now: 1563409083 }
  assert.equal(verifier().verify({ ...base, headers: signed.headers }).merchantId, 'testrest')
  assert.equal(reason(() => verifier().verify({ ...base, headers: { ...signed.headers, host: 'evil.test' } })), 'duplicate_header')
  assert.equal(reason(() => verifier().verify({ ...base, headers: { ...signed.headers, 'v-c-merchant-id': ['testrest', 'attacker'] } })), 'duplicate_header')
  const pairs = Object.entries(signed.headers)
  assert.equal(verifier().verify({ ...base, headers: pairs }).keyId, CS.keyId)
  assert.equal(reason(() => verifier().verify({ ...base, headers: [...pairs, ['V-C-Merchant-Id', 'attacker']] })), 'duplicate_header')
  assert.equal(verifier().verify({ ...base, headers: new Headers(signed.headers) }).scheme, 'cybersource')
  // Headers joins a repeated header into "a, b": the value is then not the signed one
  const joined = new Headers(signed.headers)
  joined.append('v-c-merchant-id', 'attacker')
  assert.notEqual(reason(() => verifier().verify({ ...base, headers: joined })), null)
})

test('headers: the packed fast path and the general path reach the same verdicts', () => {
  // verify.js packs well-formed string headers into one string; anything else
  // goes to the native side as given. Both must see the same headers.
  const c = new paysign.CyberSourceSigner(CS.merchantId, CS.keyId, CS.secret)
  const signed = c.sign('POST', 'https://apitest.cybersource.com/pts/v2/payments', '{}', 1563409083)
  const base = { method: 'POST', url: '/pts/v2/payments', body: '{}', now: 1563409083 }
  const verify = (headers) => {
    try {
      return new paysign.CyberSourceVerifier({ keys: { [CS.keyId]: CS.secret }, replay: false }).verify({ ...base, headers })
    } catch (e) {
      return `${e.code} ${e.reason ?? ''} ${e.message}`
    }
  }
  const pairs = Object.entries(signed.headers)
  const cases = [
    [signed.headers, 'testrest'],
    [pairs, 'testrest'],
    [{ ...signed.headers, 'x-extra': ['é', '€𝄞'] }, 'testrest'],
    [[...pairs, ['x-long', 'v'.repeat(9000)]], 'testrest'],
    [[...pairs, ['Host', 'evil.test']], /duplicate_header/],
    [{ ...signed.headers, Signature: signed.headers.Signature.replace('signature="', 'signature="A') }, /PAYSIGN_VERIFICATION_FAILED/],
    [{ ...signed.headers, 'x-bad': '\ud800' }, /lone surrogate/],
    [{ ...signed.headers, 'x-bad': 7 }, /must be/],
    [[...pairs, ['x-short']], /must be/],
  ]
  for (const [headers, want] of cases) {
    const got = verify(headers)
    if (typeof want === 'string') assert.equal(got.merchantId, want, String(got))
    else assert.match(got, want)
  }
  // an array read by index, as the native side reads it, whatever its iterator yields
  const iterated = [...pairs]
  iterated[Symbol.iterator] = function* () { yield* [...pairs.filter(([n]) => n !== 'Host'), ['Host', 'evil.test']] }
  assert.equal(verify(iterated).merchantId, 'testrest')
  // a Proxy is not an array to the native side: refused as before
  assert.match(verify(new Proxy(pairs, {})), /missing_header|must be/)
  assert.match(verify({ ...signed.headers, Date: new Proxy([signed.headers.Date], {}) }), /must be/)
  // the same verdict with every header value made a one-element array (the general path reads those too)
  const arrays = Object.fromEntries(pairs.map(([n, v]) => [n, [v]]))
  assert.equal(verify(arrays).merchantId, 'testrest')
})

test('PaySimpleVerifier and the webhook verifier: round trip, tampering, replay', () => {
  const p = new paysign.PaySimpleSigner('APIUser1000', 'key')
  const auth = p.sign('GET', 'https://api.paysimple.com/v4/customer', '', 1500583544).headers
  const pv = new paysign.PaySimpleVerifier({ keys: { APIUser1000: 'key' } })
  const req = { method: 'GET', url: '/v4/customer', headers: auth, now: 1500583544 }
  assert.deepEqual(pv.verify(req), { scheme: 'paysimple', keyId: 'APIUser1000', merchantId: null, timestamp: 1500583544, signed: ['timestamp'] })
  assert.equal(reason(() => pv.verify(req)), 'replayed')
  assert.equal(reason(() => new paysign.PaySimpleVerifier({ keys: { other: 'key' } }).verify(req)), 'unknown_key')

  const key = Buffer.from('webhook key bytes').toString('base64')
  const body = '{"eventType":"payments.capture.accepted", "id": 1}'
  const header = paysign.cybersourceWebhookSignature('kid', key, body, 1700000000123)
  assert.match(header, /^t=1700000000123;keyId=kid;sig=[A-Za-z0-9+/]+=*$/)
  const wv = new paysign.CyberSourceWebhookVerifier({ keys: { kid: key } })
  const n = { headers: { 'v-c-signature': header }, body, now: 1700000000 }
  assert.deepEqual(wv.verify(n), { scheme: 'cybersource-webhook', keyId: 'kid', merchantId: null, timestamp: 1700000000, signed: ['timestamp', 'body'] })
  assert.equal(reason(() => wv.verify(n)), 'replayed')
  const fresh = new paysign.CyberSourceWebhookVerifier({ keys: { kid: key } })
  assert.equal(reason(() => fresh.verify({ ...n, body: JSON.stringify(JSON.parse(body)) })), 'signature_mismatch')
  assert.equal(reason(() => fresh.verify({ ...n, now: 1700000301 })), 'timestamp_out_of_window')
  assert.equal(reason(() => fresh.verify({ ...n, headers: [['v-c-signature', header], ['V-C-Signature', header]] })), 'duplicate_header')
})

test('explain returns the exact bytes, the parts and the text the CLI prints', () => {
  const e = paysign.explainXPayToken({ apiKey: 'K', sharedSecret: 'secret', method: 'GET', url: VISA_URL, time: T })
  assert.ok(Buffer.isBuffer(e.signed))
  assert.equal(e.signed.toString(), `${T}helloworldapikey=K`)
  assert.deepEqual(e.parts.map((p) => p.name), ['timestamp', 'resource path', 'query string', 'body'])
  for (const p of e.parts) assert.equal(typeof p.why, 'string')
  const token = new paysign.XPaySigner('K', 'secret').sign('GET', VISA_URL, '', T).headers['x-pay-token']
  assert.ok(e.text.includes(token))
  assert.ok(e.text.includes(`${T}helloworldapikey=K`))
  // without the secret: the same bytes, no token
  const bare = paysign.explainXPayToken({ apiKey: 'K', method: 'GET', url: VISA_URL, time: T })
  assert.deepEqual(bare.signed, e.signed)
  assert.ok(!bare.text.includes(token))

  const c = paysign.explainCybersourceSignature({ merchantId: CS.merchantId, keyId: CS.keyId, sharedSecret: CS.secret, method: 'GET', url: 'https://apitest.cybersource.com/reporting/v3/reports', time: 1563409083 })
  assert.ok(c.signed.toString().includes('date: Thu, 18 Jul 2019 00:18:03 GMT'))
  const p = paysign.explainPaysimpleHeader({ username: 'u', apiKey: 'k', time: '2017-07-20T20:45:44.0973928Z' })
  assert.equal(p.signed.toString(), '2017-07-20T20:45:44.0973928Z')
  assert.ok(!e.text.includes('secret') && !c.text.includes(CS.secret) && !util.inspect(p).includes("'k'"))
})

test('diagnose: valid values are valid, with no mistakes and no expected value', () => {
  const token = new paysign.XPaySigner('K', 'secret').sign('GET', VISA_URL, '', T).headers['x-pay-token']
  const r = paysign.diagnoseXPayToken(token, { apiKey: 'K', sharedSecret: 'secret', method: 'GET', url: `${VISA_URL}?apikey=K`, time: T })
  assert.deepEqual(r, { valid: true, mistakes: [], message: r.message, expected: null })
  const wrong = paysign.diagnoseXPayToken(token.replace(/.$/, (ch) => (ch === '0' ? '1' : '0')), { apiKey: 'K', sharedSecret: 'secret', method: 'GET', url: `${VISA_URL}?apikey=K`, time: T })
  assert.equal(wrong.valid, false)
  assert.equal(wrong.expected, token)
  assert.equal(thrown(() => paysign.diagnoseXPayToken(token, { apiKey: 'K', method: 'GET', url: VISA_URL })).code, 'ERR_INVALID_ARG_TYPE')
})

test('verifiers and their errors never show a secret', () => {
  const v = new paysign.CyberSourceVerifier({ keys: { [CS.keyId]: CS.secret } })
  assert.ok(!util.inspect(v, { showHidden: true, depth: 5 }).includes(CS.secret))
  assert.ok(!String(v).includes(CS.secret))
  const e = thrown(() => new paysign.CyberSourceVerifier({ keys: { [CS.keyId]: 'not base64!' } }))
  assert.ok(!e.message.includes('not base64!'))
  assert.equal(e.code, 'PAYSIGN_INVALID_ARGUMENT')
})
