// A typed example of the package's API, compiled by `tsc --noEmit --strict`
// (bindings-node/test.sh) against the installed package's index.d.ts.
import {
  xPayToken,
  cybersourceSignature,
  paysimpleHeader,
  verifyXPayToken,
  verifyCybersourceSignature,
  verifyPaysimpleHeader,
  hmacSha256,
  XPaySigner,
  CyberSourceSigner,
  PaySimpleSigner,
  createSignedFetch,
  type CybersourceSignatureOptions,
  type FetchLike,
  type PaysignError,
  type SignedRequest,
  type Signer,
} from 'paysign'

// Flat functions.
const token: string = xPayToken('s3cr3t', 'helloworld', 'apikey=KEY', '{"a":1}', 1455716783)
const tokenFromBytes: string = xPayToken(Buffer.from('s3cr3t'), 'helloworld', 'apikey=KEY', new Uint8Array([1, 2]))
const options: CybersourceSignatureOptions = {
  keyId: '08c94330-f618-42a3-b09d-e1e43be5efda',
  sharedSecret: 'yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=',
  merchantId: 'testrest',
  host: 'apitest.cybersource.com',
  method: 'POST',
  requestTarget: '/pts/v2/payments',
  body: '{"amount":"10.00"}',
}
const headers: Record<string, string> = cybersourceSignature(options)
const authorization: string = paysimpleHeader('APIUser1000', 'my_api_key')
const mac: Uint8Array = hmacSha256('key', 'data')

// Verification throws; `void` on success.
const ok: void = verifyXPayToken('s3cr3t', token, 'helloworld', 'apikey=KEY', '{"a":1}', 1455716783, 300)
verifyCybersourceSignature(options.sharedSecret, headers, 'POST', '/pts/v2/payments', options.body)
verifyCybersourceSignature(options.sharedSecret, Object.entries(headers), 'POST', '/pts/v2/payments', options.body)
verifyPaysimpleHeader(authorization, 'my_api_key')

function describeError(e: unknown): string {
  if (e instanceof Error && 'code' in e) {
    const err = e as PaysignError
    switch (err.code) {
      case 'PAYSIGN_INVALID_ARGUMENT':
        return `bad ${err.field}`
      case 'PAYSIGN_VERIFICATION_FAILED':
        return `rejected: ${err.reason}`
      default:
        return err.message
    }
  }
  return String(e)
}

// Signers.
const xpay = new XPaySigner('KEY', 's3cr3t', { fullPath: false })
const apiKey: string = xpay.apiKey
const signed: SignedRequest = xpay.sign('GET', 'https://sandbox.api.visa.com/vdp/helloworld', undefined, 1455716783)
const url: string = signed.url
const cs = new CyberSourceSigner('testrest', options.keyId, options.sharedSecret)
const ps = new PaySimpleSigner('APIUser1000', 'my_api_key')
const csSigned: SignedRequest = cs.sign('POST', 'https://apitest.cybersource.com/pts/v2/payments', new Uint8Array(0))
const psSigned: SignedRequest = ps.sign('GET', 'https://sandbox-api.paysimple.com/v4/customer', undefined, 1524153899, 914859123)
const signers: Signer[] = [xpay, cs, ps]

// fetch.
const signedFetch: FetchLike = createSignedFetch(cs)
const customFetch: FetchLike = createSignedFetch(xpay, (input, init) => fetch(input, init))
async function pay(): Promise<number> {
  const response: Response = await signedFetch('https://apitest.cybersource.com/pts/v2/payments', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ amount: '10.00' }),
  })
  return response.status
}

// Misuse the types reject.
// @ts-expect-error a number is not a secret
xPayToken(42, 'helloworld', 'apikey=KEY')
// @ts-expect-error the options need every signed value
cybersourceSignature({ keyId: 'k' })
// @ts-expect-error fullPath is a boolean
new XPaySigner('KEY', 's3cr3t', { fullPath: 'yes' })
// @ts-expect-error CyberSource secrets are base64 text
new CyberSourceSigner('m', 'k', new Uint8Array(4))
// @ts-expect-error a signer is needed
createSignedFetch({})

export { tokenFromBytes, mac, ok, describeError, apiKey, url, csSigned, psSigned, signers, customFetch, pay }
