"""`HTTPX <https://www.python-httpx.org>`_ integration (``pip install paysign[httpx]``).

Each class is an :class:`httpx.Auth`: pass it as ``auth=`` (to a ``Client``,
an ``AsyncClient`` or a single request) and it signs the request httpx is
about to send — its final URL and its exact body bytes (httpx reads a
streamed body first) — then replaces the URL with the one the signer returns
(X-Pay sorts the query and adds ``apikey``) and sets the signer's headers::

    import httpx
    from paysign.httpx import CyberSourceAuth

    auth = CyberSourceAuth("testrest", "08c94330-f618-42a3-b09d-e1e43be5efda",
                           "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=")
    with httpx.Client(auth=auth) as client:
        r = client.post("https://apitest.cybersource.com/pts/v2/payments", json={...})
"""

from __future__ import annotations

from typing import Generator, Union

import httpx as _httpx

from ._native import CyberSourceSigner, PaySimpleSigner, XPaySigner

__all__ = ["CyberSourceAuth", "PaySimpleAuth", "PaysignAuth", "XPayAuth"]

_Signer = Union[XPaySigner, CyberSourceSigner, PaySimpleSigner]


class PaysignAuth(_httpx.Auth):
    """Signs every request with ``signer`` (any paysign signer object)."""

    requires_request_body = True

    def __init__(self, signer: _Signer) -> None:
        self.signer = signer

    def auth_flow(
        self, request: _httpx.Request
    ) -> Generator[_httpx.Request, _httpx.Response, None]:
        signed = self.signer.sign(request.method, str(request.url), request.content)
        request.url = _httpx.URL(signed.url)
        request.headers.update(signed.headers)
        yield request

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
