'use strict'
// Every vector of tests/vectors/ through the installed package.

const { test, describe } = require('node:test')
const assert = require('node:assert/strict')
const { paysign, load, body, asText } = require('./helpers.js')

const xpay = load('xpay.json')
const cybersource = load('cybersource.json')
const paysimple = load('paysimple.json')
const rfc4231 = load('hmac_sha256_rfc4231.json')

const CYBERSOURCE_ORDER = ['v-c-merchant-id', 'Date', 'Host', 'Digest', 'Signature']

/** Same header names and values; names in the core's order. */
function assertHeaders(actual, expected, order) {
  assert.deepEqual({ ...actual }, expected)
  if (order) {
    assert.deepEqual(Object.keys(actual), order.filter((n) => n in expected))
  }
}

describe('xpay.json sign', () => {
  for (const v of xpay.sign) {
    test(v.name, () => {
      const b = body(v)
      const token = paysign.xPayToken(v.shared_secret, v.resource_path, v.query_string, b, v.timestamp)
      assert.equal(token, v.expected.token)
      // The secret as bytes, the body as a Uint8Array view and, when it is text, as a string.
      const secret = Buffer.from(v.shared_secret, 'utf8')
      const view = new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
      assert.equal(paysign.xPayToken(secret, v.resource_path, v.query_string, view, v.timestamp), v.expected.token)
      const text = asText(b)
      if (text !== null) {
        assert.equal(paysign.xPayToken(v.shared_secret, v.resource_path, v.query_string, text, v.timestamp), v.expected.token)
      }
      if (b.length === 0) {
        assert.equal(paysign.xPayToken(v.shared_secret, v.resource_path, v.query_string, undefined, v.timestamp), v.expected.token)
      }
      if (v.expected.message_b64 !== undefined) {
        // The token's MAC is the HMAC of the documented message.
        const message = Buffer.from(v.expected.message_b64, 'base64')
        const mac = Buffer.from(paysign.hmacSha256(secret, message)).toString('hex')
        assert.equal(v.expected.token, `xv2:${v.timestamp}:${mac}`)
      }
    })
  }
})

describe('xpay.json request', () => {
  for (const v of xpay.request) {
    test(v.name, () => {
      const signer = new paysign.XPaySigner(v.api_key, v.shared_secret, { fullPath: v.full_path })
      const signed = signer.sign(v.method, v.url, body(v), v.timestamp)
      assert.equal(signed.url, v.expected.url)
      assertHeaders(signed.headers, v.expected.headers)
      const token = signed.headers['x-pay-token']
      assert.equal(
        paysign.xPayToken(v.shared_secret, v.expected.resource_path, v.expected.query_string, body(v), v.timestamp),
        token,
      )
      assert.ok(signed.url.endsWith('?' + v.expected.query_string))
    })
  }
})

describe('cybersource.json sign', () => {
  for (const v of cybersource.sign) {
    test(v.name, () => {
      const b = body(v)
      const headers = paysign.cybersourceSignature({
        keyId: v.key_id,
        sharedSecret: v.shared_secret,
        merchantId: v.merchant_id,
        host: v.host,
        method: v.method,
        requestTarget: v.request_target,
        body: b,
        date: v.date,
      })
      assertHeaders(headers, v.expected.headers, CYBERSOURCE_ORDER)
      // The Signature is the HMAC of the documented signing string.
      const mac = paysign.hmacSha256(Buffer.from(v.shared_secret, 'base64'), v.expected.signing_string)
      assert.ok(headers.Signature.endsWith(`signature="${Buffer.from(mac).toString('base64')}"`))
      const text = asText(b)
      if (text !== null) {
        const again = paysign.cybersourceSignature({
          keyId: v.key_id,
          sharedSecret: v.shared_secret,
          merchantId: v.merchant_id,
          host: v.host,
          method: v.method,
          requestTarget: v.request_target,
          body: text,
          date: v.date,
        })
        assert.deepEqual(again, headers)
      }
    })
  }
})

describe('cybersource.json request', () => {
  for (const v of cybersource.request) {
    test(v.name, () => {
      const signer = new paysign.CyberSourceSigner(v.merchant_id, v.key_id, v.shared_secret)
      const signed = signer.sign(v.method, v.url, body(v), v.time)
      assert.equal(signed.url, v.expected.url)
      assertHeaders(signed.headers, v.expected.headers, CYBERSOURCE_ORDER)
      assert.equal(signed.headers.Host, v.expected.host)
      assert.equal(signed.headers.Date, v.expected.date)
      // The same headers from the parts the URL yields.
      const again = paysign.cybersourceSignature({
        keyId: v.key_id,
        sharedSecret: v.shared_secret,
        merchantId: v.merchant_id,
        host: v.expected.host,
        method: v.method,
        requestTarget: v.expected.request_target,
        body: body(v),
        date: v.expected.date,
      })
      assert.deepEqual(again, signed.headers)
    })
  }
})

describe('paysimple.json sign', () => {
  for (const v of paysimple.sign) {
    test(v.name, () => {
      const header = paysign.paysimpleHeader(v.username, v.api_key, v.timestamp)
      assert.equal(header, v.expected.header)
      assert.ok(header.endsWith(`; signature=${v.expected.signature}`))
      const mac = paysign.hmacSha256(v.api_key, v.timestamp)
      assert.equal(Buffer.from(mac).toString('base64'), v.expected.signature)
    })
  }
})

describe('paysimple.json request', () => {
  for (const v of paysimple.request) {
    test(v.name, () => {
      const signer = new paysign.PaySimpleSigner(v.username, v.api_key)
      const signed = signer.sign(v.method, v.url, undefined, v.time, v.nanos)
      assertHeaders(signed.headers, v.expected.headers)
      assert.equal(signed.url, v.url.split('#')[0])
      assert.ok(signed.headers.Authorization.includes(`; timestamp=${v.expected.timestamp};`))
      assert.equal(paysign.paysimpleHeader(v.username, v.api_key, v.expected.timestamp), v.expected.headers.Authorization)
    })
  }
})

describe('hmac_sha256_rfc4231.json', () => {
  for (const c of rfc4231.cases) {
    test(c.name, () => {
      const mac = paysign.hmacSha256(Buffer.from(c.key_hex, 'hex'), Buffer.from(c.data_hex, 'hex'))
      assert.ok(mac instanceof Uint8Array)
      assert.equal(mac.length, 32)
      assert.equal(Buffer.from(mac).toString('hex').slice(0, c.truncate_bits / 4), c.mac_hex)
    })
  }
})
