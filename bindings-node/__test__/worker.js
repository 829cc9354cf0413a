'use strict'
// Run by workers.test.js in worker threads: signs every sign vector (and a few
// requests with the signer classes) and posts the results.
const { parentPort, workerData } = require('node:worker_threads')
const { paysign, load, body } = require('./helpers.js')

const xpay = load('xpay.json')
const cybersource = load('cybersource.json')
const paysimple = load('paysimple.json')

const results = []
for (let round = 0; round < workerData.rounds; round++) {
  for (const v of xpay.sign) {
    results.push(paysign.xPayToken(v.shared_secret, v.resource_path, v.query_string, body(v), v.timestamp))
  }
  for (const v of xpay.request) {
    const s = new paysign.XPaySigner(v.api_key, v.shared_secret, { fullPath: v.full_path })
    results.push(JSON.stringify(s.sign(v.method, v.url, body(v), v.timestamp)))
  }
  for (const v of cybersource.sign) {
    const h = paysign.cybersourceSignature({
      keyId: v.key_id, sharedSecret: v.shared_secret, merchantId: v.merchant_id, host: v.host,
      method: v.method, requestTarget: v.request_target, body: body(v), date: v.date,
    })
    results.push(JSON.stringify(h))
  }
  for (const v of paysimple.sign) {
    results.push(paysign.paysimpleHeader(v.username, v.api_key, v.timestamp))
  }
}
parentPort.postMessage({ id: workerData.id, results })
