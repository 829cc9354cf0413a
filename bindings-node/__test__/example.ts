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
  explainXPayToken,
  explainCybersourceSignature,
  explainPaysimpleHeader,
  diagnoseXPayToken,
  diagnoseCybersourceSignature,
  diagnosePaysimpleHeader,
  XPayVerifier,
  CyberSourceVerifier,
  PaySimpleVerifier,
  CyberSourceWebhookVerifier,
  RedisReplayStore,
  cybersourceWebhookSignature,
  cybersourceWebhookMiddleware,
  cybersourceWebhookHandler,
  type Diagnosis,
  type Explanation,
  type ReplayStore,
  type Verified,
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

// Time overrides, explain, diagnose.
const atText: SignedRequest = cs.sign('GET', 'https://apitest.cybersource.com/', undefined, 'Thu, 18 Jul 2019 00:18:03 GMT')
const atDate: SignedRequest = xpay.sign('GET', 'https://sandbox.api.visa.com/vdp/helloworld', undefined, new Date())
const explained: Explanation = explainXPayToken({ apiKey: 'KEY', method: 'GET', url: 'https://sandbox.api.visa.com/vdp/helloworld', time: 1 })
const signedBytes: Buffer = explained.signed
const partNames: string[] = explained.parts.map((p) => `${p.name}=${p.value} (${p.why})`)
const csExplained: string = explainCybersourceSignature({ merchantId: 'm', keyId: 'k', method: 'GET', url: 'https://apitest.cybersource.com/' }).text
const psExplained: string = explainPaysimpleHeader({ username: 'u', time: new Date() }).text
const diagnosis: Diagnosis = diagnoseXPayToken(token, { apiKey: 'KEY', sharedSecret: 's3cr3t', method: 'GET', url: 'https://x.test/a/b' })
const mistakes: string[] = diagnosis.mistakes
const expected: string | null = diagnosis.expected
const csDiagnosis: boolean = diagnoseCybersourceSignature(Object.entries(headers), { merchantId: 'm', keyId: 'k', sharedSecret: options.sharedSecret, method: 'POST', url: 'https://apitest.cybersource.com/pts/v2/payments' }).valid
const psDiagnosis: string = diagnosePaysimpleHeader(authorization, { username: 'APIUser1000', apiKey: 'my_api_key' }).message

// Verifiers, stores, webhooks.
const memory: ReplayStore = { remember: (_key: string, _ttl: number) => true }
const xv = new XPayVerifier({ keys: { KEY: 's3cr3t' }, fullPath: false, maxSkew: 60, replay: memory })
const verified: Verified = xv.verify({ method: 'GET', url: signed.url, headers: signed.headers, now: 1455716783 })
const csv = new CyberSourceVerifier({ keys: new Map([[options.keyId, options.sharedSecret]]), replay: false })
const psv = new PaySimpleVerifier({ keys: { APIUser1000: 'my_api_key' } })
async function verifyLater(store: RedisReplayStore): Promise<string> {
  const v = new PaySimpleVerifier({ keys: { APIUser1000: 'my_api_key' }, replay: store })
  const r: Verified = await v.verifyAsync({ method: 'GET', url: '/v4/customer', headers: new Headers({ authorization }) })
  return r.keyId + String(csv) + String(psv)
}
const hook: string = cybersourceWebhookSignature('kid', 'a2V5', '{}', 1700000000000)
const hv = new CyberSourceWebhookVerifier({ keys: { kid: 'a2V5' } })
const hookVerified: Verified = hv.verify({ headers: { 'v-c-signature': hook }, body: '{}' })
const middleware = cybersourceWebhookMiddleware({ keys: { kid: 'a2V5' } })
const handler: (r: Request) => Promise<Response> = cybersourceWebhookHandler(hv, ({ verified: v }) => new Response(v.keyId))

// Misuse the types reject.
// @ts-expect-error replay is a boolean or a store
new XPayVerifier({ keys: {}, replay: 'yes' })
// @ts-expect-error fullPath is X-Pay's only
new CyberSourceVerifier({ keys: {}, fullPath: true })
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
export { atText, atDate, signedBytes, partNames, csExplained, psExplained, mistakes, expected, csDiagnosis, psDiagnosis }
export { verified, verifyLater, hookVerified, middleware, handler }
