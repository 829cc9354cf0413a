'use strict'
// Node benchmarks: paysign against node:crypto (createHmac, createHash,
// timingSafeEqual), the code each scheme's users write today, same inputs,
// same process.
//
// Prints one JSON object per line (see bench/README.md): one per row
// {lang, case, impl, size, api, ns, min, iters, samples}, then a meta line.
// Every implementation of a case is calibrated to BENCH_SAMPLE_MS per sample
// (default 20 ms), then BENCH_SAMPLES samples (default 11) are taken
// round-robin across the implementations; "ns" is the median per-call time
// (wall-clock, see now()).
//
// The floor's two terms are measured in this process, in every case, sampled
// round-robin with its rows: impl "floor_sha256" (SHA-256 of 1 MiB with
// createHash: 16385 compressions) and impl "floor_call" (one call into native
// code of trivial work: the cheapest of a few native-backed builtins, chosen
// first by case "call", which measures them all), so that each row's floor
// comes from the same moments as the row.
//
// BENCH_ONLY=case/impl/size (e.g. xpay/signer/300) runs that one row in a
// loop for BENCH_PROFILE_S seconds (default 10) and prints nothing: what
// bench/profile.sh records.
//
// Usage: node bench/node_bench.js [path to the paysign package]  (default: bindings-node)

const assert = require('node:assert')
const crypto = require('node:crypto')
const path = require('node:path')
const util = require('node:util')

const paysign = require(path.resolve(process.argv[2] || path.join(__dirname, '..', 'bindings-node')))

const SAMPLES = Number(process.env.BENCH_SAMPLES || 11)
const SAMPLE_NS = Number(process.env.BENCH_SAMPLE_MS || 20) * 1e6
const SIZES = [0, 300, 64 << 10, 1 << 20]
// Wall-clock time: Node 20 has no per-thread CPU clock, and the process's CPU
// time (process.cpuUsage) also counts V8's helper threads (concurrent GC and
// compilation), which inflates allocation-heavy code unevenly. BENCH_CLOCK is
// therefore ignored here; the meta line says which clock was used.
const CLOCK = 'wall'
const now = () => Number(process.hrtime.bigint())

// The inputs every harness uses (bench/README.md).
const XPAY_SECRET = 'shared-secret'
const XPAY_API_KEY = 'KSKDFJOP934ALSFDJP34'
const XPAY_TS = 1455716783
const XPAY_RP = 'helloworld'
const XPAY_QS = 'apikey=KSKDFJOP934ALSFDJP34'
const XPAY_URL = 'https://sandbox.api.visa.com/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34'
const XPAY_TARGET = '/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34'
const CS_KEY_ID = '08c94330-f618-42a3-b09d-e1e43be5efda'
const CS_SECRET = 'yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE='
const CS_MERCHANT = 'testrest'
const CS_HOST = 'apitest.cybersource.com'
const CS_TARGET = '/pts/v2/payments'
const CS_URL = 'https://apitest.cybersource.com/pts/v2/payments'
const CS_DATE = 'Thu, 18 Jul 2019 00:18:03 GMT'
const CS_NOW = 1563409083
const PS_USER = 'APIUser1000'
const PS_KEY = 'api-key'
const PS_TS = '2017-07-20T20:45:44.0973928Z'
const PS_URL = 'https://sandbox-api.paysimple.com/v4/customer'
const PS_TARGET = '/v4/customer'
const PS_NOW = Date.UTC(2017, 6, 20, 20, 45, 44) / 1000
const WH_KEY_ID = CS_KEY_ID
const WH_KEY = CS_SECRET
const WH_TS_MS = CS_NOW * 1000
const MIB = Buffer.alloc(1 << 20, 'x')
const EMPTY = Buffer.alloc(0)

// ---- the incumbents: node:crypto as the samples use it ----

function cryptoXPayToken(sharedSecret, resourcePath, queryString, body, timestamp) {
  const ts = String(timestamp)
  const hash = crypto.createHmac('sha256', sharedSecret).update(ts + resourcePath + queryString).update(body).digest('hex')
  return 'xv2:' + ts + ':' + hash
}

function equalText(a, b) {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && crypto.timingSafeEqual(x, y)
}

// What a server writes by hand: recompute from the token's timestamp, compare in constant time.
function cryptoVerifyXPayToken(sharedSecret, token, resourcePath, queryString, body) {
  const ts = token.split(':')[1]
  return equalText(cryptoXPayToken(sharedSecret, resourcePath, queryString, body, Number(ts)), token)
}

function cryptoCybersource(keyId, sharedSecret, merchantId, host, requestTarget, body, date) {
  const digest = 'SHA-256=' + crypto.createHash('sha256').update(body).digest('base64')
  const signingString =
    'host: ' + host + '\ndate: ' + date + '\nrequest-target: post ' + requestTarget +
    '\ndigest: ' + digest + '\nv-c-merchant-id: ' + merchantId
  const signature = crypto.createHmac('sha256', Buffer.from(sharedSecret, 'base64')).update(signingString).digest('base64')
  return {
    'v-c-merchant-id': merchantId,
    Date: date,
    Host: host,
    Digest: digest,
    Signature: `keyid="${keyId}", algorithm="HmacSHA256", headers="host date request-target digest v-c-merchant-id", signature="${signature}"`,
  }
}

// Recompute the Digest and the signature over the headers the Signature lists; compare both.
function cryptoVerifyCybersource(sharedSecret, headers, method, requestTarget, body) {
  const received = {}
  for (const name of Object.keys(headers)) received[name.toLowerCase()] = headers[name]
  const params = {}
  for (const part of received.signature.split(', ')) {
    const eq = part.indexOf('=')
    params[part.slice(0, eq)] = part.slice(eq + 1).replace(/^"|"$/g, '')
  }
  const digest = 'SHA-256=' + crypto.createHash('sha256').update(body).digest('base64')
  if (!equalText(digest, received.digest || '')) return false
  const lines = params.headers.split(' ').map((name) =>
    name === 'request-target' ? 'request-target: ' + method.toLowerCase() + ' ' + requestTarget : name + ': ' + received[name])
  const want = crypto.createHmac('sha256', Buffer.from(sharedSecret, 'base64')).update(lines.join('\n')).digest('base64')
  return equalText(want, params.signature)
}

function cryptoPaysimpleHeader(username, apiKey, timestamp) {
  const signature = crypto.createHmac('sha256', apiKey).update(timestamp).digest('base64')
  return 'PSSERVER accessid=' + username + '; timestamp=' + timestamp + '; signature=' + signature
}

function cryptoVerifyPaysimple(header, apiKey) {
  const fields = {}
  for (const part of header.slice('PSSERVER '.length).split('; ')) {
    const eq = part.indexOf('=')
    fields[part.slice(0, eq)] = part.slice(eq + 1)
  }
  return equalText(cryptoPaysimpleHeader(fields.accessid, apiKey, fields.timestamp), header)
}

// CyberSource's "Validating a Notification": HMAC(base64-decoded key, "<t>.<body>").
function cryptoWebhookSignature(keyId, key, body, timestampMs) {
  const t = String(timestampMs)
  const sig = crypto.createHmac('sha256', Buffer.from(key, 'base64')).update(t + '.').update(body).digest('base64')
  return 't=' + t + ';keyId=' + keyId + ';sig=' + sig
}

// The public samples: split on ';', look the key up, check the 5-minute tolerance, recompute, compare.
function cryptoVerifyWebhook(keys, header, body, nowSeconds) {
  const fields = {}
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    fields[part.slice(0, eq)] = part.slice(eq + 1)
  }
  if (Math.abs(nowSeconds - Math.floor(Number(fields.t) / 1000)) > 300) return false
  const want = crypto.createHmac('sha256', Buffer.from(keys[fields.keyId], 'base64')).update(fields.t + '.').update(body).digest('base64')
  return equalText(want, fields.sig)
}

// ---- harness ----

let sink = 0

function timeLoop(fn, n) {
  const t0 = now()
  for (let i = 0; i < n; i++) sink ^= fn() === undefined ? 0 : 1
  return now() - t0
}

function calibrate(fn) {
  let n = 1
  for (;;) {
    const t = timeLoop(fn, n)
    if (t >= SAMPLE_NS / 4) return Math.max(1, Math.floor((n * SAMPLE_NS) / t))
    n *= 4
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

function run(caseName, size, impls) {
  const names = Object.keys(impls)
  const iters = {}
  for (const name of names) {
    timeLoop(impls[name][1], 100) // warm (JIT)
    iters[name] = calibrate(impls[name][1])
  }
  const samples = Object.fromEntries(names.map((n) => [n, []]))
  for (let k = 0; k < SAMPLES; k++) {
    for (const name of names) samples[name].push(timeLoop(impls[name][1], iters[name]) / iters[name])
  }
  const medians = {}
  for (const name of names) {
    const s = samples[name]
    medians[name] = median(s)
    console.log(JSON.stringify({
      lang: 'node', case: caseName, impl: name, size, api: impls[name][0],
      ns: +median(s).toFixed(2), min: +Math.min(...s).toFixed(2), iters: iters[name],
      samples: s.map((x) => +x.toFixed(2)),
    }))
  }
  return medians
}

/** Every [case, size, impls] of the run, in order, after checking that all sides agree. impls: name -> [api, fn]. */
function cases() {
  const xpaySigner = new paysign.XPaySigner(XPAY_API_KEY, XPAY_SECRET)
  const csSigner = new paysign.CyberSourceSigner(CS_MERCHANT, CS_KEY_ID, CS_SECRET)
  const psSigner = new paysign.PaySimpleSigner(PS_USER, PS_KEY)
  const xpayVerifier = new paysign.XPayVerifier({ keys: { [XPAY_API_KEY]: XPAY_SECRET }, replay: false })
  const csVerifier = new paysign.CyberSourceVerifier({ keys: { [CS_KEY_ID]: CS_SECRET }, replay: false })
  const psVerifier = new paysign.PaySimpleVerifier({ keys: { [PS_USER]: PS_KEY }, replay: false })
  const whKeys = { [WH_KEY_ID]: WH_KEY }
  const whVerifier = new paysign.CyberSourceWebhookVerifier({ keys: whKeys, replay: false })
  const csOpts = (body) => ({
    keyId: CS_KEY_ID, sharedSecret: CS_SECRET, merchantId: CS_MERCHANT, host: CS_HOST,
    method: 'POST', requestTarget: CS_TARGET, body, date: CS_DATE,
  })

  const out = []

  // PaySimple signs a timestamp only: one size.
  const header = cryptoPaysimpleHeader(PS_USER, PS_KEY, PS_TS)
  assert.strictEqual(paysign.paysimpleHeader(PS_USER, PS_KEY, PS_TS), header)
  assert.strictEqual(psSigner.sign('GET', PS_URL, undefined, PS_TS).headers.Authorization, header)
  assert.ok(cryptoVerifyPaysimple(header, PS_KEY) && !cryptoVerifyPaysimple(header, 'other-key'))
  paysign.verifyPaysimpleHeader(header, PS_KEY, PS_NOW)
  psVerifier.verify({ method: 'GET', url: PS_TARGET, headers: { Authorization: header }, now: PS_NOW })
  const psHeaders = { Authorization: header }
  out.push(['paysimple', 0, {
    incumbent: ['createHmac + digest(base64)', () => cryptoPaysimpleHeader(PS_USER, PS_KEY, PS_TS)],
    flat: ['paysimpleHeader', () => paysign.paysimpleHeader(PS_USER, PS_KEY, PS_TS)],
    signer: ['PaySimpleSigner.sign', () => psSigner.sign('GET', PS_URL, undefined, PS_TS)],
  }])
  out.push(['paysimple_verify', 0, {
    incumbent: ['parse + recompute + timingSafeEqual', () => cryptoVerifyPaysimple(header, PS_KEY)],
    flat: ['verifyPaysimpleHeader', () => paysign.verifyPaysimpleHeader(header, PS_KEY, PS_NOW)],
    verifier: ['PaySimpleVerifier.verify', () => psVerifier.verify({ method: 'GET', url: PS_TARGET, headers: psHeaders, now: PS_NOW })],
  }])

  for (const size of SIZES) {
    const body = Buffer.alloc(size, 'x')
    const other = Buffer.alloc(size || 1, 'y')

    const token = cryptoXPayToken(XPAY_SECRET, XPAY_RP, XPAY_QS, body, XPAY_TS)
    assert.strictEqual(paysign.xPayToken(XPAY_SECRET, XPAY_RP, XPAY_QS, body, XPAY_TS), token)
    assert.strictEqual(xpaySigner.sign('POST', XPAY_URL, body, XPAY_TS).headers['x-pay-token'], token)
    assert.ok(cryptoVerifyXPayToken(XPAY_SECRET, token, XPAY_RP, XPAY_QS, body))
    assert.ok(!cryptoVerifyXPayToken(XPAY_SECRET, token, XPAY_RP, XPAY_QS, other))
    paysign.verifyXPayToken(XPAY_SECRET, token, XPAY_RP, XPAY_QS, body, XPAY_TS)
    const xpayHeaders = { 'x-pay-token': token }
    xpayVerifier.verify({ method: 'POST', url: XPAY_TARGET, headers: xpayHeaders, body, now: XPAY_TS })

    const cs = cryptoCybersource(CS_KEY_ID, CS_SECRET, CS_MERCHANT, CS_HOST, CS_TARGET, body, CS_DATE)
    assert.deepStrictEqual({ ...paysign.cybersourceSignature(csOpts(body)) }, cs)
    assert.deepStrictEqual({ ...csSigner.sign('POST', CS_URL, body, CS_DATE).headers }, cs)
    assert.ok(cryptoVerifyCybersource(CS_SECRET, cs, 'POST', CS_TARGET, body))
    assert.ok(!cryptoVerifyCybersource(CS_SECRET, cs, 'POST', CS_TARGET, other))
    paysign.verifyCybersourceSignature(CS_SECRET, cs, 'POST', CS_TARGET, body, CS_NOW)
    csVerifier.verify({ method: 'POST', url: CS_TARGET, headers: cs, body, now: CS_NOW })

    const wh = cryptoWebhookSignature(WH_KEY_ID, WH_KEY, body, WH_TS_MS)
    assert.strictEqual(paysign.cybersourceWebhookSignature(WH_KEY_ID, WH_KEY, body, WH_TS_MS), wh)
    assert.ok(cryptoVerifyWebhook(whKeys, wh, body, CS_NOW))
    assert.ok(!cryptoVerifyWebhook(whKeys, wh, other, CS_NOW))
    const whHeaders = { 'v-c-signature': wh }
    whVerifier.verify({ headers: whHeaders, body, now: CS_NOW })

    out.push(['xpay', size, {
      incumbent: ['createHmac + digest(hex)', () => cryptoXPayToken(XPAY_SECRET, XPAY_RP, XPAY_QS, body, XPAY_TS)],
      flat: ['xPayToken', () => paysign.xPayToken(XPAY_SECRET, XPAY_RP, XPAY_QS, body, XPAY_TS)],
      signer: ['XPaySigner.sign', () => xpaySigner.sign('POST', XPAY_URL, body, XPAY_TS)],
    }])
    out.push(['xpay_verify', size, {
      incumbent: ['recompute + timingSafeEqual', () => cryptoVerifyXPayToken(XPAY_SECRET, token, XPAY_RP, XPAY_QS, body)],
      flat: ['verifyXPayToken', () => paysign.verifyXPayToken(XPAY_SECRET, token, XPAY_RP, XPAY_QS, body, XPAY_TS)],
      verifier: ['XPayVerifier.verify', () => xpayVerifier.verify({ method: 'POST', url: XPAY_TARGET, headers: xpayHeaders, body, now: XPAY_TS })],
    }])
    out.push(['cybersource', size, {
      incumbent: ['createHash + createHmac', () => cryptoCybersource(CS_KEY_ID, CS_SECRET, CS_MERCHANT, CS_HOST, CS_TARGET, body, CS_DATE)],
      flat: ['cybersourceSignature', () => paysign.cybersourceSignature(csOpts(body))],
      signer: ['CyberSourceSigner.sign', () => csSigner.sign('POST', CS_URL, body, CS_DATE)],
    }])
    out.push(['cybersource_verify', size, {
      incumbent: ['parse + recompute + timingSafeEqual', () => cryptoVerifyCybersource(CS_SECRET, cs, 'POST', CS_TARGET, body)],
      flat: ['verifyCybersourceSignature', () => paysign.verifyCybersourceSignature(CS_SECRET, cs, 'POST', CS_TARGET, body, CS_NOW)],
      verifier: ['CyberSourceVerifier.verify', () => csVerifier.verify({ method: 'POST', url: CS_TARGET, headers: cs, body, now: CS_NOW })],
    }])
    out.push(['webhook', size, {
      incumbent: ['createHmac + digest(base64)', () => cryptoWebhookSignature(WH_KEY_ID, WH_KEY, body, WH_TS_MS)],
      flat: ['cybersourceWebhookSignature', () => paysign.cybersourceWebhookSignature(WH_KEY_ID, WH_KEY, body, WH_TS_MS)],
    }])
    out.push(['webhook_verify', size, {
      incumbent: ['parse + window + recompute + timingSafeEqual', () => cryptoVerifyWebhook(whKeys, wh, body, CS_NOW)],
      verifier: ['CyberSourceWebhookVerifier.verify', () => whVerifier.verify({ headers: whHeaders, body, now: CS_NOW })],
    }])
  }
  return out
}

// Native-backed builtins of trivial work with small JavaScript wrappers: candidates for one native call.
const CALLS = {
  timingSafeEqual: ['crypto.timingSafeEqual(empty, empty)', () => crypto.timingSafeEqual(EMPTY, EMPTY)],
  isDate: ['util.types.isDate(empty)', () => util.types.isDate(EMPTY)],
  bufferCompare: ['Buffer.compare(empty, empty)', () => Buffer.compare(EMPTY, EMPTY)],
}
const FLOOR_SHA256 = ["createHash('sha256').update(1 MiB).digest()", () => crypto.createHash('sha256').update(MIB).digest()]

function profile(only) {
  const seconds = Number(process.env.BENCH_PROFILE_S || 10)
  for (const [caseName, size, impls] of cases()) {
    for (const [name, [api, fn]] of Object.entries(impls)) {
      if (`${caseName}/${name}/${size}` !== only) continue
      console.error(`profiling ${only} (${api}) for ${seconds} s`)
      const end = now() + seconds * 1e9
      while (now() < end) timeLoop(fn, 1000)
      return
    }
  }
  console.error(`no row ${JSON.stringify(only)}: case/impl/size, e.g. xpay/signer/300 (see target/bench/results/node.jsonl)`)
  process.exit(1)
}

if (process.env.BENCH_ONLY) {
  profile(process.env.BENCH_ONLY)
} else {
  const all = cases()
  const calls = run('call', 0, CALLS)
  const cheapest = Object.keys(calls).reduce((a, b) => (calls[b] < calls[a] ? b : a))
  for (const [caseName, size, impls] of all) {
    run(caseName, size, { ...impls, floor_sha256: FLOOR_SHA256, floor_call: CALLS[cheapest] })
  }
  console.log(JSON.stringify({ lang: 'node', meta: { node: process.version, openssl: process.versions.openssl, clock: CLOCK, sink } }))
}
