"""The exceptions paysign raises (the native module raises these classes)."""

from __future__ import annotations

from typing import Optional

__all__ = ["PaysignError", "VerificationError"]


class PaysignError(ValueError):
    """A bad input: an argument paysign cannot use.

    ``str(error)`` is ``"<field>: <problem>"``; ``field`` names the argument
    (``"key_id"``, ``"date"``, ``"url"``, …) when it is known, else ``None``.
    Messages never contain a secret.
    """

    __module__ = "paysign"
    field: Optional[str]

    def __init__(self, message: str, field: Optional[str] = None) -> None:
        super().__init__(message)
        self.field = field

    def __reduce__(self):  # keep .field through pickling
        return (type(self), (str(self), self.field))


class VerificationError(PaysignError):
    """A request that did not verify.

    ``reason`` is a stable code: ``"malformed_header"``, ``"missing_header"``,
    ``"timestamp_out_of_window"``, ``"signature_mismatch"``,
    ``"digest_mismatch"``, ``"headers_list_mismatch"``,
    ``"unsupported_algorithm"``, ``"unknown_key_id"``,
    ``"unknown_access_id"``, and from the verifier classes ``"unknown_key"``,
    ``"duplicate_header"``, ``"replayed"`` and ``"replay_store_unavailable"``.
    ``field`` is ``None``.
    """

    __module__ = "paysign"
    reason: str

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message, None)
        self.reason = reason

    def __reduce__(self):
        return (type(self), (str(self), self.reason))
