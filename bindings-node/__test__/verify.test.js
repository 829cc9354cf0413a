'use strict'
// verify.json and invalid.json, then sign → verify round trips and rejections.

const { test, describe } = require('node:test')
const assert = require('node:assert/strict')
const { paysign, load, body, thrown } = require('./helpers.js')

const verify = load('verify.json')
const invalid = load('invalid.json')

/** Checks an outcome of verify.json: no exception, or the reason's error. */
function assertOutcome(fn, expected, secrets) {
  if (expected === 'valid') {
    assert.equal(fn(), undefined)
    return
  }
  const e = thrown(fn)
  assert.ok(e instanceof Error, 'an Error')
  assert.equal(e.code, 'PAYSIGN_VERIFICATION_FAILED')
  assert.equal(e.reason, expected)
  assert.ok(e.message.startsWith('verification failed: '), e.message)
  for (const s of secrets) assert.ok(!e.message.includes(s), 'the message contains a secret')
}

describe('verify.json xpay', () => {
  for (const v of verify.xpay) {
    test(v.name, () => {
      assertOutcome(
        () => paysign.verifyXPayToken(v.shared_secret, v.token, v.resource_path, v.query_string, body(v), v.now, v.max_skew),
        v.expected,
        [v.shared_secret],
      )
    })
  }
})

describe('verify.json cybersource', () => {
  for (const v of verify.cybersource) {
    test(v.name, () => {
      assertOutcome(
        () =>
          paysign.verifyCybersourceSignature(
            v.shared_secret, v.headers, v.method, v.request_target, body(v), v.now, v.max_skew,
          ),
        v.expected,
        [v.shared_secret],
      )
      // Headers as [name, value] pairs give the same outcome.
      assertOutcome(
        () =>
          paysign.verifyCybersourceSignature(
            v.shared_secret, Object.entries(v.headers), v.method, v.request_target, body(v), v.now, v.max_skew,
          ),
        v.expected,
        [v.shared_secret],
      )
    })
  }
})

// The core's malformed-header message quotes the whole received header, which
// here carries the API key (reported to the core; not a binding matter).
describe('verify.json paysimple', () => {
  for (const v of verify.paysimple) {
    test(v.name, () => {
      assertOutcome(() => paysign.verifyPaysimpleHeader(v.header, v.api_key, v.now, v.max_skew), v.expected, [v.api_key])
    })
  }
})

/** invalid.json: the flat function must throw PAYSIGN_INVALID_ARGUMENT naming the field. */
function assertInvalid(fn, v, secrets) {
  const e = thrown(fn)
  assert.ok(e instanceof Error)
  assert.ok(!(e instanceof TypeError), `a value error, not a TypeError: ${e.message}`)
  assert.equal(e.code, 'PAYSIGN_INVALID_ARGUMENT', e.message)
  assert.equal(e.field, v.field)
  assert.ok(e.message.includes(v.field), `"${e.message}" does not name ${v.field}`)
  for (const s of secrets.filter((s) => s.length > 0)) {
    assert.ok(!e.message.includes(s), `"${e.message}" contains the secret`)
  }
}

describe('invalid.json xpay', () => {
  for (const v of invalid.xpay) {
    test(v.name, () => {
      const a = v.args
      assertInvalid(
        () => paysign.xPayToken(a.shared_secret, a.resource_path, a.query_string, body(a), a.timestamp),
        v,
        [a.shared_secret],
      )
    })
  }
})

describe('invalid.json cybersource', () => {
  for (const v of invalid.cybersource) {
    test(v.name, () => {
      const a = v.args
      assertInvalid(
        () =>
          paysign.cybersourceSignature({
            keyId: a.key_id,
            sharedSecret: a.shared_secret,
            merchantId: a.merchant_id,
            host: a.host,
            method: a.method,
            requestTarget: a.request_target,
            body: body(a),
            date: a.date,
          }),
        v,
        [a.shared_secret],
      )
      // The signer class refuses the same values it takes.
      if (['key_id', 'merchant_id', 'shared_secret'].includes(v.field)) {
        assertInvalid(() => new paysign.CyberSourceSigner(a.merchant_id, a.key_id, a.shared_secret), v, [a.shared_secret])
      }
    })
  }
})

describe('invalid.json paysimple', () => {
  for (const v of invalid.paysimple) {
    test(v.name, () => {
      const a = v.args
      assertInvalid(() => paysign.paysimpleHeader(a.username, a.api_key, a.timestamp), v, [a.api_key])
      if (['username', 'api_key'].includes(v.field)) {
        assertInvalid(() => new paysign.PaySimpleSigner(a.username, a.api_key), v, [a.api_key])
      }
    })
  }
})

describe('round trips', () => {
  const xSecret = 'round-trip-xpay-secret'
  const csSecret = Buffer.from('round-trip-cybersource-secret').toString('base64')
  const psKey = 'round-trip-paysimple-key'
  const now = Math.floor(Date.now() / 1000)

  test('xPayToken → verifyXPayToken, default clock and window', () => {
    const body = '{"amount":"10.00","note":"café ☕"}'
    const token = paysign.xPayToken(xSecret, 'payments/v1/authorizations', 'apikey=K', body)
    assert.match(token, /^xv2:\d+:[0-9a-f]{64}$/)
    assert.equal(paysign.verifyXPayToken(xSecret, token, 'payments/v1/authorizations', 'apikey=K', body), undefined)
    assert.equal(
      paysign.verifyXPayToken(Buffer.from(xSecret), token, 'payments/v1/authorizations', 'apikey=K', Buffer.from(body)),
      undefined,
    )
    const e = thrown(() => paysign.verifyXPayToken(xSecret, token, 'payments/v1/authorizations', 'apikey=K', body + ' '))
    assert.equal(e.reason, 'signature_mismatch')
  })

  test('XPaySigner.sign → verifyXPayToken', () => {
    const signer = new paysign.XPaySigner('K', xSecret)
    const signed = signer.sign('POST', 'https://sandbox.api.visa.com/vdp/helloworld?z=1&a=2', new Uint8Array([0, 1, 255]))
    const url = new URL(signed.url)
    assert.equal(url.search, '?a=2&apikey=K&z=1')
    paysign.verifyXPayToken(xSecret, signed.headers['x-pay-token'], 'helloworld', url.search.slice(1), new Uint8Array([0, 1, 255]))
    const e = thrown(() =>
      paysign.verifyXPayToken(xSecret, signed.headers['x-pay-token'], 'helloworld', url.search.slice(1), new Uint8Array([0, 1, 254])),
    )
    assert.equal(e.reason, 'signature_mismatch')
  })

  test('an old token is out of the default window, inside a wider one', () => {
    const token = paysign.xPayToken(xSecret, 'hello', 'apikey=K', '', now - 301)
    assert.equal(thrown(() => paysign.verifyXPayToken(xSecret, token, 'hello', 'apikey=K')).reason, 'timestamp_out_of_window')
    paysign.verifyXPayToken(xSecret, token, 'hello', 'apikey=K', undefined, undefined, 600)
    paysign.verifyXPayToken(xSecret, token, 'hello', 'apikey=K', undefined, now - 301, 0)
  })

  test('a negative window is an invalid argument', () => {
    const token = paysign.xPayToken(xSecret, 'hello', 'apikey=K', '', now)
    const e = thrown(() => paysign.verifyXPayToken(xSecret, token, 'hello', 'apikey=K', '', now, -1))
    assert.equal(e.code, 'PAYSIGN_INVALID_ARGUMENT')
    assert.equal(e.field, 'max_skew')
  })

  test('cybersourceSignature → verifyCybersourceSignature', () => {
    const opts = {
      keyId: 'key-1', sharedSecret: csSecret, merchantId: 'm', host: 'apitest.cybersource.com',
      method: 'POST', requestTarget: '/pts/v2/payments', body: '{"a":"b"}',
    }
    const headers = paysign.cybersourceSignature(opts)
    assert.deepEqual(Object.keys(headers), ['v-c-merchant-id', 'Date', 'Host', 'Digest', 'Signature'])
    paysign.verifyCybersourceSignature(csSecret, headers, 'POST', '/pts/v2/payments', '{"a":"b"}')
    // Names in any case, as node:http gives them.
    const lower = Object.fromEntries(Object.entries(headers).map(([n, v]) => [n.toLowerCase(), v]))
    paysign.verifyCybersourceSignature(csSecret, lower, 'post', '/pts/v2/payments', Buffer.from('{"a":"b"}'))
    assert.equal(thrown(() => paysign.verifyCybersourceSignature(csSecret, headers, 'POST', '/pts/v2/payments', '{"a":"c"}')).reason, 'digest_mismatch')
    assert.equal(thrown(() => paysign.verifyCybersourceSignature(csSecret, headers, 'POST', '/pts/v2/refunds', '{"a":"b"}')).reason, 'signature_mismatch')
    const { Digest, ...noDigest } = headers
    assert.ok(Digest)
    assert.equal(thrown(() => paysign.verifyCybersourceSignature(csSecret, noDigest, 'POST', '/pts/v2/payments', '{"a":"b"}')).reason, 'missing_header')
    const other = Buffer.from('another secret').toString('base64')
    assert.equal(thrown(() => paysign.verifyCybersourceSignature(other, headers, 'POST', '/pts/v2/payments', '{"a":"b"}')).reason, 'signature_mismatch')
  })

  test('received headers: own enumerable string keys, array values as repeated headers', () => {
    const signer = new paysign.CyberSourceSigner('m', 'key-1', csSecret)
    const { headers } = signer.sign('GET', 'https://apitest.cybersource.com/x')
    const received = Object.create({ inherited: 'ignored' })
    Object.assign(received, headers, { [Symbol('s')]: 'ignored', 'x-forwarded-for': ['10.0.0.1', '10.0.0.2'] })
    Object.defineProperty(received, 'hidden', { value: 5, enumerable: false })
    assert.equal(paysign.verifyCybersourceSignature(csSecret, received, 'GET', '/x'), undefined)
    // A repeated Date is refused: an application reading the other copy would act on an unsigned value.
    const twice = { ...headers, Date: [headers.Date, 'Thu, 01 Jan 1970 00:00:00 GMT'] }
    assert.equal(thrown(() => paysign.verifyCybersourceSignature(csSecret, twice, 'GET', '/x')).reason, 'duplicate_header')
    const { Date: date, ...noDate } = headers
    assert.ok(date)
    assert.equal(thrown(() => paysign.verifyCybersourceSignature(csSecret, noDate, 'GET', '/x')).reason, 'missing_header')
  })

  test('CyberSourceSigner.sign → verifyCybersourceSignature', () => {
    const signer = new paysign.CyberSourceSigner('m', 'key-1', csSecret)
    const signed = signer.sign('GET', 'https://apitest.cybersource.com/reporting/v3/reports?b=2&a=1#frag')
    assert.equal(signed.url, 'https://apitest.cybersource.com/reporting/v3/reports?b=2&a=1')
    assert.equal(signed.headers.Digest, undefined)
    paysign.verifyCybersourceSignature(csSecret, signed.headers, 'GET', '/reporting/v3/reports?b=2&a=1')
    const old = signer.sign('GET', 'https://apitest.cybersource.com/x', undefined, now - 1000)
    assert.equal(thrown(() => paysign.verifyCybersourceSignature(csSecret, old.headers, 'GET', '/x')).reason, 'timestamp_out_of_window')
    paysign.verifyCybersourceSignature(csSecret, old.headers, 'GET', '/x', undefined, now - 1000)
  })

  test('paysimpleHeader / PaySimpleSigner → verifyPaysimpleHeader', () => {
    const header = paysign.paysimpleHeader('APIUser1000', psKey)
    assert.match(header, /^PSSERVER accessid=APIUser1000; timestamp=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z; signature=/)
    paysign.verifyPaysimpleHeader(header, psKey)
    assert.equal(thrown(() => paysign.verifyPaysimpleHeader(header, 'another key')).reason, 'signature_mismatch')
    assert.equal(thrown(() => paysign.verifyPaysimpleHeader(header.replace('PSSERVER', 'psserver'), psKey)).reason, 'malformed_header')
    const signer = new paysign.PaySimpleSigner('APIUser1000', psKey)
    const signed = signer.sign('GET', 'https://sandbox-api.paysimple.com/v4/customer')
    assert.deepEqual(Object.keys(signed.headers), ['Authorization'])
    paysign.verifyPaysimpleHeader(signed.headers.Authorization, psKey)
    const old = signer.sign('GET', 'https://sandbox-api.paysimple.com/v4/customer', undefined, now - 3600, 5)
    assert.equal(thrown(() => paysign.verifyPaysimpleHeader(old.headers.Authorization, psKey)).reason, 'timestamp_out_of_window')
    paysign.verifyPaysimpleHeader(old.headers.Authorization, psKey, now - 3600)
  })

  test('the flat and signer outputs agree', () => {
    const t = 1_700_000_000
    const x = new paysign.XPaySigner('K', xSecret).sign('PUT', 'https://sandbox.api.visa.com/vdp/a/b?q=1', 'x', t)
    assert.equal(x.headers['x-pay-token'], paysign.xPayToken(xSecret, 'a/b', 'apikey=K&q=1', 'x', t))
    const full = new paysign.XPaySigner('K', xSecret, { fullPath: true }).sign('GET', 'https://sandbox.api.visa.com/vdp/a/b', undefined, t)
    assert.equal(full.headers['x-pay-token'], paysign.xPayToken(xSecret, 'vdp/a/b', 'apikey=K', '', t))
  })
})
