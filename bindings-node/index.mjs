// ES module entry of the `paysign` package: the same exports as index.js.
import paysign from './index.js'

export const {
  xPayToken,
  cybersourceSignature,
  paysimpleHeader,
  verifyXPayToken,
  verifyCybersourceSignature,
  verifyPaysimpleHeader,
  XPaySigner,
  CyberSourceSigner,
  PaySimpleSigner,
  hmacSha256,
  createSignedFetch,
  __napiBindingTarget,
} = paysign

export default paysign
