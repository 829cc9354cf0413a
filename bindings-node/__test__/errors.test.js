'use strict'
// Wrong argument types are TypeErrors naming the argument (never a crash, never
// the value); non-integer numbers are RangeErrors; the error codes are stable.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { paysign, thrown } = require('./helpers.js')

const SECRET = 'hunter2-do-not-print'
const CS_SECRET = Buffer.from(SECRET).toString('base64')
const csOpts = {
  keyId: 'k', sharedSecret: CS_SECRET, merchantId: 'm', host: 'h', method: 'GET', requestTarget: '/',
  date: 'Thu, 18 Jul 2019 00:18:03 GMT',
}

function assertTypeError(fn, argument) {
  const e = thrown(fn)
  assert.ok(e instanceof TypeError, `a TypeError, got ${e && e.constructor && e.constructor.name}: ${e && e.message}`)
  assert.equal(e.code, 'ERR_INVALID_ARG_TYPE')
  assert.ok(e.message.includes(`"${argument}"`), `"${e.message}" does not name ${argument}`)
  assert.ok(!e.message.includes(SECRET) && !e.message.includes(CS_SECRET), 'the message contains a value')
  return e
}

test('xPayToken: wrong types', () => {
  assertTypeError(() => paysign.xPayToken(42, 'p', 'q'), 'sharedSecret')
  assertTypeError(() => paysign.xPayToken(undefined, 'p', 'q'), 'sharedSecret')
  assertTypeError(() => paysign.xPayToken(new Uint16Array(4), 'p', 'q'), 'sharedSecret')
  assertTypeError(() => paysign.xPayToken(new ArrayBuffer(4), 'p', 'q'), 'sharedSecret')
  assertTypeError(() => paysign.xPayToken(new DataView(new ArrayBuffer(4)), 'p', 'q'), 'sharedSecret')
  assertTypeError(() => paysign.xPayToken([1, 2], 'p', 'q'), 'sharedSecret')
  assertTypeError(() => paysign.xPayToken(SECRET, Buffer.from('p'), 'q'), 'resourcePath')
  assertTypeError(() => paysign.xPayToken(SECRET, 'p'), 'queryString')
  assertTypeError(() => paysign.xPayToken(SECRET, 'p', 'q', { json: true }), 'body')
  assertTypeError(() => paysign.xPayToken(SECRET, 'p', 'q', 12), 'body')
  assertTypeError(() => paysign.xPayToken(SECRET, 'p', 'q', '', '1455716783'), 'timestamp')
  assertTypeError(() => paysign.xPayToken(SECRET, 'p', 'q', '', 10n), 'timestamp')
  assertTypeError(() => paysign.xPayToken(), 'resourcePath')
})

test('non-integer numbers are RangeErrors; out-of-range integers are the core\'s invalid arguments', () => {
  for (const t of [1.5, NaN, Infinity, -Infinity]) {
    const e = thrown(() => paysign.xPayToken(SECRET, 'p', 'q', '', t))
    assert.ok(e instanceof RangeError, String(t))
    assert.equal(e.code, 'ERR_OUT_OF_RANGE')
    assert.ok(e.message.includes('"timestamp"'))
  }
  for (const t of [-1, 253402300800, 1e20, -1e20, Number.MAX_SAFE_INTEGER]) {
    const e = thrown(() => paysign.xPayToken(SECRET, 'p', 'q', '', t))
    assert.equal(e.code, 'PAYSIGN_INVALID_ARGUMENT', String(t))
    assert.equal(e.field, 'timestamp')
  }
  const e = thrown(() => new paysign.PaySimpleSigner('u', SECRET).sign('GET', 'https://x.test/', undefined, 0, -1))
  assert.ok(e instanceof RangeError)
  const big = thrown(() => new paysign.PaySimpleSigner('u', SECRET).sign('GET', 'https://x.test/', undefined, 0, 1e9))
  assert.equal(big.code, 'PAYSIGN_INVALID_ARGUMENT')
  assertTypeError(() => new paysign.PaySimpleSigner('u', SECRET).sign('GET', 'https://x.test/', undefined, undefined, 5), 'time')
})

test('null and undefined are "absent" for optional arguments', () => {
  const a = paysign.xPayToken(SECRET, 'p', 'q', null, 7)
  assert.equal(a, paysign.xPayToken(SECRET, 'p', 'q', undefined, 7))
  assert.equal(a, paysign.xPayToken(SECRET, 'p', 'q', '', 7))
  assert.equal(a, paysign.xPayToken(SECRET, 'p', 'q', new Uint8Array(0), 7))
  assert.equal(paysign.cybersourceSignature({ ...csOpts, body: null }).Signature, paysign.cybersourceSignature(csOpts).Signature)
})

test('cybersourceSignature: wrong types', () => {
  assertTypeError(() => paysign.cybersourceSignature(), 'opts')
  assertTypeError(() => paysign.cybersourceSignature('keyId=k'), 'opts')
  assertTypeError(() => paysign.cybersourceSignature([csOpts]), 'opts')
  assertTypeError(() => paysign.cybersourceSignature({ ...csOpts, keyId: undefined }), 'opts.keyId')
  assertTypeError(() => paysign.cybersourceSignature({ ...csOpts, sharedSecret: Buffer.from(CS_SECRET) }), 'opts.sharedSecret')
  assertTypeError(() => paysign.cybersourceSignature({ ...csOpts, body: 5 }), 'opts.body')
  assertTypeError(() => paysign.cybersourceSignature({ ...csOpts, date: new Date() }), 'opts.date')
})

test('a getter that throws propagates its own exception', () => {
  const boom = new Error('boom')
  const opts = { ...csOpts }
  Object.defineProperty(opts, 'host', { get() { throw boom }, enumerable: true })
  assert.equal(thrown(() => paysign.cybersourceSignature(opts)), boom)
})

test('a getter that detaches the body buffer cannot make Rust read freed memory', () => {
  // Properties are all read before the body's bytes are viewed.
  const body = new Uint8Array(new ArrayBuffer(8))
  const opts = { ...csOpts, method: 'POST' }
  opts.body = body
  Object.defineProperty(opts, 'date', {
    get() {
      structuredClone(body.buffer, { transfer: [body.buffer] })
      return csOpts.date
    },
    enumerable: true,
  })
  const headers = paysign.cybersourceSignature(opts)
  assert.equal(body.byteLength, 0)
  assert.equal(headers.Digest, paysign.cybersourceSignature({ ...csOpts, method: 'POST', body: '' }).Digest)
})

test('verify functions: wrong types', () => {
  assertTypeError(() => paysign.verifyXPayToken(SECRET, 42, 'p', 'q'), 'token')
  assertTypeError(() => paysign.verifyXPayToken(SECRET, 't', 'p', 'q', '', '100'), 'now')
  assertTypeError(() => paysign.verifyXPayToken(SECRET, 't', 'p', 'q', '', 100, '300'), 'maxSkew')
  assertTypeError(() => paysign.verifyCybersourceSignature(CS_SECRET, 'Host: x', 'GET', '/'), 'headers')
  assertTypeError(() => paysign.verifyCybersourceSignature(CS_SECRET, { Host: 5 }, 'GET', '/'), 'headers.Host')
  assertTypeError(() => paysign.verifyCybersourceSignature(CS_SECRET, [['Host']], 'GET', '/'), 'headers[0][1]')
  assertTypeError(() => paysign.verifyCybersourceSignature(CS_SECRET, ['Host: x'], 'GET', '/'), 'headers')
  assertTypeError(() => paysign.verifyPaysimpleHeader(undefined, SECRET), 'header')
  assertTypeError(() => paysign.verifyPaysimpleHeader('h', { key: SECRET }), 'apiKey')
})

test('signer classes: wrong types', () => {
  assertTypeError(() => new paysign.XPaySigner('k', 42), 'sharedSecret')
  assertTypeError(() => new paysign.XPaySigner(undefined, SECRET), 'apiKey')
  assertTypeError(() => new paysign.XPaySigner('k', SECRET, 'full'), 'opts')
  assertTypeError(() => new paysign.XPaySigner('k', SECRET, { fullPath: 'yes' }), 'opts.fullPath')
  assertTypeError(() => new paysign.CyberSourceSigner('m', 'k', Buffer.from(CS_SECRET)), 'sharedSecret')
  assertTypeError(() => new paysign.PaySimpleSigner('u'), 'apiKey')
  const signer = new paysign.XPaySigner('k', SECRET)
  assertTypeError(() => signer.sign('GET'), 'url')
  assertTypeError(() => signer.sign('GET', new URL('https://x.test/')), 'url')
  assertTypeError(() => signer.sign('GET', 'https://x.test/a/b', {}), 'body')
  assertTypeError(() => signer.sign('GET', 'https://x.test/a/b', '', {}), 'time')
  assertTypeError(() => signer.sign('GET', 'https://x.test/a/b', '', true), 'time')
  // Since the one time type, a string is the exact text signed (here: Unix seconds).
  assert.deepEqual(signer.sign('GET', 'https://x.test/a/b', '', '0'), signer.sign('GET', 'https://x.test/a/b', '', 0))
})

test('bad values are the core\'s invalid arguments, naming the field', () => {
  const cases = [
    [() => new paysign.XPaySigner('k', ''), 'shared_secret'],
    [() => new paysign.XPaySigner('k', SECRET).sign('GET', 'not a url'), 'url'],
    [() => new paysign.XPaySigner('k', SECRET).sign('GET', 'https://x.test/a/b?apiKey=1'), 'url'],
    [() => new paysign.XPaySigner('k', SECRET).sign('TRACE', 'https://x.test/a/b'), 'method'],
    [() => new paysign.CyberSourceSigner('m', 'k', 'not base64!'), 'shared_secret'],
    [() => new paysign.CyberSourceSigner('m', 'k', CS_SECRET).sign('GET', 'ftp://x.test/'), 'url'],
    [() => new paysign.PaySimpleSigner('a;b', SECRET), 'username'],
  ]
  for (const [fn, field] of cases) {
    const e = thrown(fn)
    assert.ok(e instanceof Error && !(e instanceof TypeError))
    assert.equal(e.code, 'PAYSIGN_INVALID_ARGUMENT')
    assert.equal(e.field, field)
    assert.ok(e.message.startsWith(`${field}: `), e.message)
    assert.ok(!e.message.includes(SECRET))
    assert.ok(typeof e.stack === 'string')
  }
})

test('classes need new', () => {
  assert.throws(() => paysign.XPaySigner('k', SECRET))
})

test('exports', () => {
  for (const name of [
    'xPayToken', 'cybersourceSignature', 'paysimpleHeader', 'verifyXPayToken', 'verifyCybersourceSignature',
    'verifyPaysimpleHeader', 'XPaySigner', 'CyberSourceSigner', 'PaySimpleSigner', 'createSignedFetch', 'hmacSha256',
  ]) {
    assert.equal(typeof paysign[name], 'function', name)
  }
})

test('a header name with a NUL in a TypeError', () => {
  const e = thrown(() => paysign.verifyCybersourceSignature(CS_SECRET, { 'a\0b': 1 }, 'GET', '/'))
  assert.ok(e instanceof TypeError)
  assert.ok(e.message.includes('headers.a\\0b'), e.message)
})
