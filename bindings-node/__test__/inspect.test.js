'use strict'
// Nothing a signer shows (inspect, console.log, JSON, String, keys) or throws
// contains its secret.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const util = require('node:util')
const { paysign, thrown } = require('./helpers.js')

const X_SECRET = 'xpay-SECRET-value-7f3a'
const CS_SECRET = Buffer.from('cybersource-SECRET-value-91c2').toString('base64')
const PS_KEY = 'paysimple-SECRET-key-0b6e'
const SECRETS = [X_SECRET, CS_SECRET, PS_KEY, 'SECRET']

const signers = [
  new paysign.XPaySigner('PUBLICAPIKEY', X_SECRET),
  new paysign.XPaySigner('PUBLICAPIKEY', Buffer.from(X_SECRET), { fullPath: true }),
  new paysign.CyberSourceSigner('merchant', 'key-id', CS_SECRET),
  new paysign.PaySimpleSigner('APIUser1000', PS_KEY),
]

function assertClean(text, what) {
  for (const s of SECRETS) assert.ok(!text.includes(s), `${what} shows a secret: ${text}`)
}

test('util.inspect, console.log, JSON, String and own keys show no secret', () => {
  for (const signer of signers) {
    const name = signer.constructor.name
    assertClean(util.inspect(signer), `${name} inspect`)
    assertClean(util.inspect(signer, { showHidden: true, depth: Infinity, getters: true }), `${name} inspect(showHidden)`)
    assertClean(util.format('%o %O %s %j', signer, signer, signer, signer), `${name} format`)
    assertClean(JSON.stringify(signer), `${name} JSON`)
    assertClean(String(signer), `${name} String`)
    assert.deepEqual(Object.keys(signer), [])
    assert.deepEqual(Reflect.ownKeys(signer).filter((k) => typeof k === 'string'), [])
    assert.ok(util.inspect(signer).startsWith(name), util.inspect(signer))
  }
  assert.equal(signers[0].apiKey, 'PUBLICAPIKEY')
})

test('what a signer returns and throws shows no secret', () => {
  for (const signer of signers) {
    const signed = signer.sign('POST', 'https://example.test/ctx/path?q=1', '{"a":1}', 1_700_000_000)
    assertClean(JSON.stringify(signed), 'signed request')
    assertClean(util.inspect(signed, { depth: Infinity }), 'signed request')
    for (const bad of [() => signer.sign('TRACE', 'https://example.test/a'), () => signer.sign('GET', 'nope'), () => signer.sign('GET', 'https://example.test/a', 5)]) {
      const e = thrown(bad)
      assertClean(util.inspect(e), 'error')
    }
  }
})

test('errors about a bad secret do not show it', () => {
  const bad = 'SECRET not base64 !!'
  for (const fn of [
    () => new paysign.CyberSourceSigner('m', 'k', bad),
    () => paysign.cybersourceSignature({ keyId: 'k', sharedSecret: bad, merchantId: 'm', host: 'h', method: 'GET', requestTarget: '/' }),
    () => paysign.verifyCybersourceSignature(bad, {}, 'GET', '/'),
  ]) {
    const e = thrown(fn)
    assert.equal(e.code, 'PAYSIGN_INVALID_ARGUMENT')
    assert.equal(e.field, 'shared_secret')
    assertClean(util.inspect(e), 'error')
  }
  const t = thrown(() => new paysign.XPaySigner('k', { secret: X_SECRET }))
  assert.ok(t instanceof TypeError)
  assertClean(util.inspect(t), 'TypeError')
})
