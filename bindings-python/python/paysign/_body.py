"""Shared helpers of the HTTP client integrations (not public)."""

from __future__ import annotations

from typing import Any


def body_bytes(body: Any) -> bytes:
    """The exact bytes of a prepared request body, so that they can be signed and sent.

    ``None`` is empty; ``str`` is encoded as UTF-8 (the bytes then replace the
    text, so what is sent is what was signed); a file-like body is read whole.
    An iterator (a streamed upload) cannot be signed before it is sent.
    """
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    read = getattr(body, "read", None)
    if callable(read):
        data = read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    raise TypeError(
        "paysign cannot sign a streamed request body (%s): pass bytes, str or a file"
        % type(body).__name__
    )
