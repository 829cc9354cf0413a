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
  explainXPayToken,
  explainCybersourceSignature,
  explainPaysimpleHeader,
  diagnoseXPayToken,
  diagnoseCybersourceSignature,
  diagnosePaysimpleHeader,
  explainCybersourceWebhook,
  diagnoseCybersourceWebhook,
  XPayVerifier,
  CyberSourceVerifier,
  PaySimpleVerifier,
  CyberSourceWebhookVerifier,
  cybersourceWebhookSignature,
  cybersourceWebhookMiddleware,
  cybersourceWebhookHandler,
  verifyCybersourceWebhookRequest,
  RedisReplayStore,
  createSignedFetch,
  __napiBindingTarget,
} = paysign

export default paysign
