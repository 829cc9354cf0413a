// The package as an ES module: named and default imports.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import paysignDefault, {
  xPayToken,
  cybersourceSignature,
  paysimpleHeader,
  verifyXPayToken,
  verifyCybersourceSignature,
  verifyPaysimpleHeader,
  XPaySigner,
  CyberSourceSigner,
  PaySimpleSigner,
  createSignedFetch,
  hmacSha256,
} from 'paysign'

const require = createRequire(import.meta.url)

test('import { xPayToken } from "paysign" works and is the CommonJS export', () => {
  const cjs = require('paysign')
  assert.equal(xPayToken, cjs.xPayToken)
  assert.equal(paysignDefault, cjs)
  for (const f of [cybersourceSignature, paysimpleHeader, verifyXPayToken, verifyCybersourceSignature,
    verifyPaysimpleHeader, XPaySigner, CyberSourceSigner, PaySimpleSigner, createSignedFetch, hmacSha256]) {
    assert.equal(typeof f, 'function')
  }
  assert.equal(
    xPayToken('s3cr3t-Shared_Secret', 'helloworld', 'apikey=KSKDFJOP934ALSFDJP34', '', 1455716783),
    'xv2:1455716783:0c07476e35cab123d0ebf6c41db3ab0364d1e1724940c236918df85098485c11',
  )
  const signed = new XPaySigner('KSKDFJOP934ALSFDJP34', 's3cr3t-Shared_Secret').sign('GET', 'https://sandbox.api.visa.com/vdp/helloworld', undefined, 1455716783)
  assert.equal(signed.headers['x-pay-token'], 'xv2:1455716783:0c07476e35cab123d0ebf6c41db3ab0364d1e1724940c236918df85098485c11')
})
