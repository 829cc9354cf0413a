"""paysign: byte-exact signing and verification of payment-API requests.

Visa's X-Pay-Token, CyberSource's HTTP Signature (shared secret) and
PaySimple's PSSERVER ``Authorization`` header, computed by the Rust core of
paysign (this package is a thin binding: every rule lives in the core).

Flat functions sign or verify exactly what they are given; the signer classes
take a URL and return the URL to send and the headers to add. HTTP client
integrations live in :mod:`paysign.requests` and :mod:`paysign.httpx`.
"""

from ._errors import PaysignError, VerificationError
from ._native import (
    CORE_VERSION,
    DEFAULT_MAX_SKEW,
    CyberSourceSigner,
    PaySimpleSigner,
    XPaySigner,
    cybersource_signature,
    hmac_sha256,
    imf_fixdate,
    paysimple_header,
    paysimple_timestamp,
    verify_cybersource_signature,
    verify_paysimple_header,
    verify_x_pay_token,
    x_pay_token,
)
from ._types import SignedRequest

#: The package version (the version of the Rust core it is built from).
__version__: str = CORE_VERSION

__all__ = [
    "DEFAULT_MAX_SKEW",
    "CyberSourceSigner",
    "PaySimpleSigner",
    "PaysignError",
    "SignedRequest",
    "VerificationError",
    "XPaySigner",
    "__version__",
    "cybersource_signature",
    "hmac_sha256",
    "imf_fixdate",
    "paysimple_header",
    "paysimple_timestamp",
    "verify_cybersource_signature",
    "verify_paysimple_header",
    "verify_x_pay_token",
    "x_pay_token",
]
