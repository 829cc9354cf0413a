"""Type stubs for paysign._native, the Rust half of paysign (import ``paysign``)."""

import sys
from typing import Iterable, Mapping, Optional, Tuple, Union, final

from ._types import SignedRequest

if sys.version_info >= (3, 12):
    from collections.abc import Buffer
else:
    from typing_extensions import Buffer

#: ``str`` (encoded as UTF-8) or any bytes-like object (bytes, bytearray, memoryview, …).
_BytesLike = Union[str, Buffer]
#: A mapping with ``.items()`` or an iterable of ``(name, value)`` pairs.
_Headers = Union[Mapping[str, str], Iterable[Tuple[str, str]]]

CORE_VERSION: str
DEFAULT_MAX_SKEW: int

def x_pay_token(
    shared_secret: _BytesLike,
    resource_path: str,
    query_string: str,
    body: Optional[_BytesLike] = b"",
    *,
    timestamp: Optional[int] = None,
) -> str:
    """The X-Pay-Token ``xv2:<timestamp>:<hex HMAC>`` for exactly these inputs."""

def cybersource_signature(
    *,
    key_id: str,
    shared_secret: str,
    merchant_id: str,
    host: str,
    method: str,
    request_target: str,
    body: Optional[_BytesLike] = b"",
    date: Optional[str] = None,
) -> dict[str, str]:
    """The CyberSource headers to send: v-c-merchant-id, Date, Host, Digest (POST/PUT/PATCH), Signature."""

def paysimple_header(username: str, api_key: str, *, timestamp: Optional[str] = None) -> str:
    """The PaySimple ``PSSERVER accessid=…; timestamp=…; signature=…`` header value."""

def verify_x_pay_token(
    shared_secret: _BytesLike,
    token: str,
    resource_path: str,
    query_string: str,
    body: Optional[_BytesLike] = b"",
    *,
    now: Optional[int] = None,
    max_skew: Optional[int] = 300,
) -> None:
    """Verifies an X-Pay-Token; raises VerificationError (``.reason``) or PaysignError."""

def verify_cybersource_signature(
    *,
    shared_secret: str,
    headers: _Headers,
    method: str,
    request_target: str,
    body: Optional[_BytesLike] = b"",
    now: Optional[int] = None,
    max_skew: Optional[int] = 300,
) -> None:
    """Verifies a CyberSource request from its headers; raises VerificationError or PaysignError."""

def verify_paysimple_header(
    header: str,
    api_key: str,
    *,
    now: Optional[int] = None,
    max_skew: Optional[int] = 300,
) -> None:
    """Verifies a PaySimple Authorization value; raises VerificationError or PaysignError."""

def hmac_sha256(key: _BytesLike, message: _BytesLike) -> bytes:
    """HMAC-SHA256 (RFC 2104) of ``message`` under ``key``: 32 bytes."""

def imf_fixdate(unix_time: int) -> str:
    """Unix seconds as an IMF-fixdate: ``Thu, 18 Jul 2019 00:18:03 GMT``."""

def paysimple_timestamp(unix_time: int, nanos: Optional[int] = 0) -> str:
    """Unix seconds and nanoseconds as ``2017-07-20T20:45:44.0973928Z``."""

@final
class XPaySigner:
    """Signs requests for one Visa API key and shared secret (X-Pay-Token)."""

    def __init__(self, api_key: str, shared_secret: _BytesLike, *, full_path: bool = False) -> None: ...
    @property
    def api_key(self) -> str:
        """The API key (not a secret: it travels in the URL's query)."""
    @property
    def full_path(self) -> bool:
        """Whether the whole URL path is signed."""
    def sign(
        self,
        method: str,
        url: str,
        body: Optional[_BytesLike] = b"",
        *,
        timestamp: Optional[int] = None,
    ) -> SignedRequest:
        """Signs a request: the URL to send (query sorted, apikey added) and the headers."""

@final
class CyberSourceSigner:
    """Signs requests for one CyberSource merchant (HTTP Signature, shared secret)."""

    def __init__(self, merchant_id: str, key_id: str, shared_secret: str) -> None: ...
    @property
    def merchant_id(self) -> str:
        """The merchant id (v-c-merchant-id)."""
    @property
    def key_id(self) -> str:
        """The key id (keyid= in the Signature header)."""
    def sign(
        self,
        method: str,
        url: str,
        body: Optional[_BytesLike] = b"",
        *,
        date: Optional[str] = None,
    ) -> SignedRequest:
        """Signs a request: the URL to send (no fragment) and the five (or four) headers."""

@final
class PaySimpleSigner:
    """Signs requests for one PaySimple API user (PSSERVER authorization)."""

    def __init__(self, username: str, api_key: str) -> None: ...
    @property
    def username(self) -> str:
        """The API username (accessid=)."""
    def sign(
        self,
        method: str,
        url: str,
        body: Optional[_BytesLike] = b"",
        *,
        timestamp: Optional[str] = None,
    ) -> SignedRequest:
        """Signs a request: the URL (no fragment) and the Authorization header."""
