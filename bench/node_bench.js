'use strict'
// Node benchmarks: paysign against node:crypto (createHmac, createHash), the
// code each scheme's users write today, same inputs, same process.
//
// Prints one JSON object per line (see bench/README.md). Every implementation
// of a case is calibrated to BENCH_SAMPLE_MS per sample (default 20 ms), then
// BENCH_SAMPLES samples (default 11) are taken round-robin across the
// implementations; "ns" is the median per-call time (wall-clock, see now()).
//
// Usage: node bench/node_bench.js [path to the paysign package]  (default: bindings-node)

const assert = require('node:assert')
const crypto = require('node:crypto')
const path = require('node:path')

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
const CS_KEY_ID = '08c94330-f618-42a3-b09d-e1e43be5efda'
const CS_SECRET = 'yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE='
const CS_MERCHANT = 'testrest'
const CS_HOST = 'apitest.cybersource.com'
const CS_TARGET = '/pts/v2/payments'
const CS_URL = 'https://apitest.cybersource.com/pts/v2/payments'
const CS_DATE = 'Thu, 18 Jul 2019 00:18:03 GMT'

// ---- the incumbents: node:crypto as the samples use it ----

function cryptoXPayToken(sharedSecret, resourcePath, queryString, body, timestamp) {
  const ts = String(timestamp)
  const hash = crypto.createHmac('sha256', sharedSecret).update(ts + resourcePath + queryString).update(body).digest('hex')
  return 'xv2:' + ts + ':' + hash
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
    timeLoop(impls[name], 100) // warm (JIT)
    iters[name] = calibrate(impls[name])
  }
  const samples = Object.fromEntries(names.map((n) => [n, []]))
  for (let k = 0; k < SAMPLES; k++) {
    for (const name of names) samples[name].push(timeLoop(impls[name], iters[name]) / iters[name])
  }
  for (const name of names) {
    const s = samples[name]
    console.log(JSON.stringify({
      lang: 'node', case: caseName, impl: name, size,
      ns: +median(s).toFixed(2), min: +Math.min(...s).toFixed(2), iters: iters[name],
      samples: s.map((x) => +x.toFixed(2)),
    }))
  }
}

const xpaySigner = new paysign.XPaySigner(XPAY_API_KEY, XPAY_SECRET)
const csSigner = new paysign.CyberSourceSigner(CS_MERCHANT, CS_KEY_ID, CS_SECRET)
const csOpts = (body) => ({
  keyId: CS_KEY_ID, sharedSecret: CS_SECRET, merchantId: CS_MERCHANT, host: CS_HOST,
  method: 'POST', requestTarget: CS_TARGET, body, date: CS_DATE,
})
const CS_TIME = Date.parse(CS_DATE) / 1000

for (const size of SIZES) {
  const body = Buffer.alloc(size, 'x')
  // The two sides compute the same bytes.
  const want = cryptoXPayToken(XPAY_SECRET, XPAY_RP, XPAY_QS, body, XPAY_TS)
  assert.strictEqual(paysign.xPayToken(XPAY_SECRET, XPAY_RP, XPAY_QS, body, XPAY_TS), want)
  assert.strictEqual(xpaySigner.sign('POST', XPAY_URL, body, XPAY_TS).headers['x-pay-token'], want)
  const wantCs = cryptoCybersource(CS_KEY_ID, CS_SECRET, CS_MERCHANT, CS_HOST, CS_TARGET, body, CS_DATE)
  assert.deepStrictEqual({ ...paysign.cybersourceSignature(csOpts(body)) }, wantCs)
  assert.deepStrictEqual({ ...csSigner.sign('POST', CS_URL, body, CS_TIME).headers }, wantCs)

  run('xpay', size, {
    crypto_hmac: () => cryptoXPayToken(XPAY_SECRET, XPAY_RP, XPAY_QS, body, XPAY_TS),
    paysign: () => paysign.xPayToken(XPAY_SECRET, XPAY_RP, XPAY_QS, body, XPAY_TS),
    paysign_signer: () => xpaySigner.sign('POST', XPAY_URL, body, XPAY_TS),
  })
  run('cybersource', size, {
    crypto_hmac: () => cryptoCybersource(CS_KEY_ID, CS_SECRET, CS_MERCHANT, CS_HOST, CS_TARGET, body, CS_DATE),
    paysign: () => paysign.cybersourceSignature(csOpts(body)),
    paysign_signer: () => csSigner.sign('POST', CS_URL, body, CS_TIME),
  })
}
console.log(JSON.stringify({ lang: 'node', meta: { node: process.version, openssl: process.versions.openssl, clock: CLOCK, sink } }))
