"""Result types (the native module returns these)."""

from __future__ import annotations

from typing import Dict, NamedTuple

__all__ = ["SignedRequest"]


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


SignedRequest.__module__ = "paysign"
