"""paysign: byte-exact signing and verification of payment-API requests.

Visa's X-Pay-Token, CyberSource's HTTP Signature (shared secret) and webhook
``v-c-signature``, and PaySimple's PSSERVER ``Authorization`` header,
computed by the Rust core of paysign (this package is a thin binding: every
rule, default, explanation and diagnosis lives in the core).

* Flat functions sign or verify exactly what they are given.
* Signers (``XPaySigner``, ``CyberSourceSigner``, ``PaySimpleSigner``) take a
  URL and return the URL to send and the headers to add.
* ``explain_*`` show what is signed, part by part; ``diagnose_*`` name the
  mistakes that produced a credential that does not verify.
* Verifiers (``XPayVerifier``, ``CyberSourceVerifier``, ``PaySimpleVerifier``,
  ``CyberSourceWebhookVerifier``) check whole requests against a keyring,
  with the scheme's window and replay protection (:mod:`paysign.redis` shares
  it across processes).

HTTP client integrations live in :mod:`paysign.requests` and
:mod:`paysign.httpx`; webhook middleware for ASGI and WSGI servers in
:mod:`paysign.webhooks`.
"""

from ._errors import PaysignError, VerificationError
from ._native import (
    CORE_VERSION,
    DEFAULT_MAX_SKEW,
    CyberSourceSigner,
    CyberSourceVerifier,
    CyberSourceWebhookVerifier,
    PaySimpleSigner,
    PaySimpleVerifier,
    Verified,
    XPaySigner,
    XPayVerifier,
    cybersource_signature,
    cybersource_webhook_signature,
    diagnose_cybersource_signature,
    diagnose_cybersource_webhook,
    diagnose_paysimple_header,
    diagnose_x_pay_token,
    explain_cybersource_signature,
    explain_cybersource_webhook,
    explain_paysimple_header,
    explain_x_pay_token,
    hmac_sha256,
    imf_fixdate,
    paysimple_header,
    paysimple_timestamp,
    verify_cybersource_signature,
    verify_paysimple_header,
    verify_x_pay_token,
    x_pay_token,
)
from ._types import Diagnosis, Explanation, ExplanationPart, ReplayStore, SignedRequest

#: The package version (the version of the Rust core it is built from).
__version__: str = CORE_VERSION

__all__ = [
    "DEFAULT_MAX_SKEW",
    "CyberSourceSigner",
    "CyberSourceVerifier",
    "CyberSourceWebhookVerifier",
    "Diagnosis",
    "Explanation",
    "ExplanationPart",
    "PaySimpleSigner",
    "PaySimpleVerifier",
    "PaysignError",
    "ReplayStore",
    "SignedRequest",
    "VerificationError",
    "Verified",
    "XPaySigner",
    "XPayVerifier",
    "__version__",
    "cybersource_signature",
    "cybersource_webhook_signature",
    "diagnose_cybersource_signature",
    "diagnose_cybersource_webhook",
    "diagnose_paysimple_header",
    "diagnose_x_pay_token",
    "explain_cybersource_signature",
    "explain_cybersource_webhook",
    "explain_paysimple_header",
    "explain_x_pay_token",
    "hmac_sha256",
    "imf_fixdate",
    "paysimple_header",
    "paysimple_timestamp",
    "verify_cybersource_signature",
    "verify_paysimple_header",
    "verify_x_pay_token",
    "x_pay_token",
]
