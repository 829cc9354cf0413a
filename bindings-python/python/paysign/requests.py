"""`requests <https://requests.readthedocs.io>`_ integration (``pip install paysign[requests]``).

Each class is a :class:`requests.auth.AuthBase`: pass it as ``auth=`` and it
signs the *prepared* request — its final URL and the exact body bytes that
will be sent — then replaces the URL with the one the signer returns (X-Pay
sorts the query and adds ``apikey``) and adds the signer's headers::

    import requests
    from paysign.requests import XPayAuth

    auth = XPayAuth("MY_API_KEY", "MY_SHARED_SECRET")
    r = requests.get("https://sandbox.api.visa.com/vdp/helloworld", auth=auth)

A ``str`` body is replaced by its UTF-8 bytes and a file body by its content
(so the bytes sent are the bytes signed); a streamed (iterator) body raises
``TypeError``. Redirects are not re-signed.
"""

from __future__ import annotations

from typing import Union

import requests as _requests
from requests.auth import AuthBase

from ._body import body_bytes
from ._native import CyberSourceSigner, PaySimpleSigner, XPaySigner

__all__ = ["CyberSourceAuth", "PaySimpleAuth", "PaysignAuth", "XPayAuth"]

_Signer = Union[XPaySigner, CyberSourceSigner, PaySimpleSigner]


class PaysignAuth(AuthBase):
    """Signs every request with ``signer`` (any paysign signer object)."""

    def __init__(self, signer: _Signer) -> None:
        self.signer = signer

    def __call__(self, r: _requests.PreparedRequest) -> _requests.PreparedRequest:
        body = body_bytes(r.body)
        if r.url is None or r.method is None:
            raise ValueError("the request has no URL or method")
        signed = self.signer.sign(r.method, r.url, body)
        r.url = signed.url
        if r.body is not None and r.body is not body:
            r.body = body
            r.headers["Content-Length"] = str(len(body))
            r.headers.pop("Transfer-Encoding", None)
        r.headers.update(signed.headers)
        return r

    def __repr__(self) -> str:
        return "%s(%r)" % (type(self).__name__, self.signer)


class XPayAuth(PaysignAuth):
    """Visa X-Pay-Token: ``XPayAuth(api_key, shared_secret, *, full_path=False)``."""

    def __init__(
        self, api_key: str, shared_secret: Union[str, bytes], *, full_path: bool = False
    ) -> None:
        super().__init__(XPaySigner(api_key, shared_secret, full_path=full_path))


class CyberSourceAuth(PaysignAuth):
    """CyberSource HTTP Signature: ``CyberSourceAuth(merchant_id, key_id, shared_secret)``."""

    def __init__(self, merchant_id: str, key_id: str, shared_secret: str) -> None:
        super().__init__(CyberSourceSigner(merchant_id, key_id, shared_secret))


class PaySimpleAuth(PaysignAuth):
    """PaySimple PSSERVER: ``PaySimpleAuth(username, api_key)``."""

    def __init__(self, username: str, api_key: str) -> None:
        super().__init__(PaySimpleSigner(username, api_key))
