'use strict'
// The addon in worker_threads: several workers signing at once give the main
// thread's results, which are the vectors' expected values.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { Worker } = require('node:worker_threads')
const { paysign, load, body } = require('./helpers.js')

function expected() {
  const xpay = load('xpay.json')
  const cybersource = load('cybersource.json')
  const paysimple = load('paysimple.json')
  const out = []
  for (const v of xpay.sign) out.push(v.expected.token)
  for (const v of xpay.request) {
    const s = new paysign.XPaySigner(v.api_key, v.shared_secret, { fullPath: v.full_path })
    const signed = s.sign(v.method, v.url, body(v), v.timestamp)
    assert.equal(signed.url, v.expected.url)
    out.push(JSON.stringify(signed))
  }
  for (const v of cybersource.sign) {
    out.push(JSON.stringify(paysign.cybersourceSignature({
      keyId: v.key_id, sharedSecret: v.shared_secret, merchantId: v.merchant_id, host: v.host,
      method: v.method, requestTarget: v.request_target, body: body(v), date: v.date,
    })))
  }
  for (const v of paysimple.sign) out.push(v.expected.header)
  return out
}

function run(id, rounds) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'worker.js'), { workerData: { id, rounds } })
    let message
    worker.once('message', (m) => { message = m })
    worker.once('error', reject)
    worker.once('exit', (code) => (code === 0 && message ? resolve(message) : reject(new Error(`worker ${id} exited with ${code}`))))
  })
}

test('four workers signing at once agree with the main thread and the vectors', async () => {
  const want = expected()
  const rounds = 3
  const replies = await Promise.all([0, 1, 2, 3].map((id) => run(id, rounds)))
  for (const reply of replies) {
    assert.equal(reply.results.length, want.length * rounds)
    for (let r = 0; r < rounds; r++) {
      assert.deepEqual(reply.results.slice(r * want.length, (r + 1) * want.length), want, `worker ${reply.id}, round ${r}`)
    }
  }
})

test('the main thread keeps working after workers that loaded the addon have exited', async () => {
  await Promise.all([run(10, 1), run(11, 1)])
  const v = load('xpay.json').sign[0]
  assert.equal(paysign.xPayToken(v.shared_secret, v.resource_path, v.query_string, body(v), v.timestamp), v.expected.token)
})

test('a worker terminated while it signs does not take the process down', async () => {
  const worker = new Worker(path.join(__dirname, 'worker.js'), { workerData: { id: 20, rounds: 50 } })
  await new Promise((resolve) => setTimeout(resolve, 50))
  await worker.terminate()
  const v = load('paysimple.json').sign[0]
  assert.equal(paysign.paysimpleHeader(v.username, v.api_key, v.timestamp), v.expected.header)
})
