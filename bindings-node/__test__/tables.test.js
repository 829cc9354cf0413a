'use strict'
// The shared tables every binding runs: tests/diagnose/cases.json (valid and
// mistakes exactly) and tests/adversarial/cases.json (the verifier's reason).

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { paysign, VECTORS } = require('./helpers.js')

const TESTS = path.dirname(VECTORS)
const table = (name) => JSON.parse(fs.readFileSync(path.join(TESTS, name, 'cases.json'), 'utf8')).cases
const orUndefined = (v) => (v === null ? undefined : v)

function diagnose(c) {
  const i = c.input
  switch (c.scheme) {
    case 'xpay':
      return paysign.diagnoseXPayToken(i.token, {
        apiKey: i.api_key, sharedSecret: i.shared_secret, method: i.method, url: i.url,
        body: orUndefined(i.body), fullPath: i.full_path, time: orUndefined(i.time),
      })
    case 'cybersource':
      return paysign.diagnoseCybersourceSignature(i.headers, {
        merchantId: i.merchant_id, keyId: i.key_id, sharedSecret: i.shared_secret, method: i.method,
        url: i.url, body: orUndefined(i.body), time: orUndefined(i.time),
      })
    case 'paysimple':
      return paysign.diagnosePaysimpleHeader(i.authorization, {
        username: i.username, apiKey: i.api_key, signedTimestamp: orUndefined(i.signed_timestamp),
      })
    case 'cybersource-webhook':
      return paysign.diagnoseCybersourceWebhook(i.headers, {
        keyId: i.key_id, key: i.key, body: orUndefined(i.body), time: orUndefined(i.time),
      })
    default:
      throw new Error(`unknown scheme ${c.scheme}`)
  }
}

const diagnoseCases = table('diagnose')
test('the diagnosis table has cases of every signing scheme', () => {
  assert.ok(diagnoseCases.length >= 3)
})
for (const c of diagnoseCases) {
  test(`diagnose: ${c.name}`, () => {
    const r = diagnose(c)
    assert.equal(r.valid, c.valid)
    assert.deepEqual(r.mistakes, c.mistakes)
    assert.equal(typeof r.message, 'string')
    assert.ok(r.valid ? r.expected === null : true)
  })
}

const CLASSES = {
  xpay: paysign.XPayVerifier,
  cybersource: paysign.CyberSourceVerifier,
  paysimple: paysign.PaySimpleVerifier,
  'cybersource-webhook': paysign.CyberSourceWebhookVerifier,
}

function reasonOf(verifier, c) {
  try {
    verifier.verify({ ...c.request, now: c.now })
    return null
  } catch (e) {
    assert.equal(e.code, 'PAYSIGN_VERIFICATION_FAILED', `${c.name}: ${e.message}`)
    return e.reason
  }
}

const adversarial = table('adversarial')
test('the adversarial table has an accepted case and refusals', () => {
  assert.ok(adversarial.some((c) => c.reason === null))
  assert.ok(adversarial.some((c) => c.reason !== null))
})
const verifiers = new Map()
for (const c of adversarial) {
  test(`adversarial: ${c.name}`, () => {
    const options = { keys: c.keys, maxSkew: orUndefined(c.max_skew) }
    if (c.scheme === 'xpay') options.fullPath = c.full_path
    // A replay goes to the verifier that accepted the case it replays.
    const verifier = c.replay_of ? verifiers.get(c.replay_of) : new CLASSES[c.scheme](options)
    assert.ok(verifier, `${c.name}: replays ${c.replay_of}, which has not run`)
    verifiers.set(c.name, verifier)
    assert.equal(reasonOf(verifier, c), c.reason)
  })
}
