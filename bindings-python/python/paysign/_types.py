"""Result types (the native module returns these; ``Verified`` is native)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, NamedTuple, Optional, Protocol, Tuple, runtime_checkable

__all__ = ["Diagnosis", "Explanation", "ExplanationPart", "ReplayStore", "SignedRequest"]


class SignedRequest(NamedTuple):
    """What a signer's ``sign`` returns: the URL to send and the headers to add.

    A named tuple, so both ``signed.url`` / ``signed.headers`` and
    ``url, headers = signer.sign(...)`` work. ``url`` is byte for byte the URL
    that was signed (X-Pay sorts the query and adds ``apikey``; every scheme
    drops the fragment): send it instead of the one you passed. ``headers``
    is a ``dict`` of header name to value in sending order.
    """

    url: str
    headers: Dict[str, str]


class ExplanationPart(NamedTuple):
    """One part of a signed message: its ``name`` (``"timestamp"``,
    ``"resource path"``, …), its ``value`` as signed (quoted), and ``why``:
    where it came from (``"`/vdp/` context path removed from …"``)."""

    name: str
    value: str
    why: str


@dataclass(frozen=True, slots=True)
class Explanation:
    """What a scheme signs for a request, as ``paysign.explain_*`` returns it.

    ``signed`` is the exact bytes the HMAC covers; ``parts`` the
    :class:`ExplanationPart` s it is made of, in order; ``text`` the whole
    explanation as the ``paysign … explain`` command prints it.
    ``request_line`` is the method and URL to send (when the scheme derives
    them), ``headers`` the headers to send (empty without the secret), and
    ``missing_secret`` says what to give to see them. No field holds a secret.
    """

    scheme: str
    layout: str
    signed: bytes
    parts: List[ExplanationPart]
    request_line: Optional[str]
    headers: Dict[str, str]
    missing_secret: Optional[str]
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Which known mistakes produced a credential, as ``paysign.diagnose_*``
    returns it.

    ``valid`` is true when the credential received is the correct one;
    ``mistakes`` holds the ids of the mistakes found (``"timestamp_milliseconds"``,
    …), most likely first, and is empty when valid or unexplained;
    ``message`` says what went wrong and how to fix it; ``expected`` is the
    correct value when the received one is wrong (never a secret).
    """

    valid: bool
    mistakes: Tuple[str, ...]
    message: str
    expected: Optional[str]

    def __str__(self) -> str:
        return self.message


for _cls in (SignedRequest, ExplanationPart, Explanation, Diagnosis):
    _cls.__module__ = "paysign"
del _cls


@runtime_checkable
class ReplayStore(Protocol):
    """The protocol of a replay memory shared by many processes (``replay=``
    of every verifier): one method, atomic.

    ``remember(key, ttl_seconds)`` stores ``key`` (a ``str`` the verifier
    derives from the decoded credential, never the raw header) for
    ``ttl_seconds`` (an ``int`` ≥ 1: the rest of the credential's window)
    *unless it is already present*, and returns ``True`` when it stored it
    (a fresh credential: accepted) or ``False`` when it was there (a replay:
    refused with reason ``replayed``). Raising, or returning anything but a
    ``bool``, means the store cannot answer: the verifier refuses the request
    with reason ``replay_store_unavailable`` (it fails closed).
    :class:`paysign.redis.RedisStore` implements it with ``SET key 1 NX PX``.
    """

    def remember(self, key: str, ttl_seconds: int) -> bool: ...


ReplayStore.__module__ = "paysign"
