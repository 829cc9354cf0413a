"""A local gateway for integration tests: verifies Visa X-Pay-Token,
CyberSource HTTP Signature and PaySimple PSSERVER requests like the vendors,
and says why it refused one (the ``paysign`` object of every answer).

It is the gateway of ``paysign serve``, embedded: it listens on 127.0.0.1
in threads of this process, nothing else to install::

    from paysign.testing import Gateway

    with Gateway(visa={"api_key": "K", "shared_secret": "s"}) as gw:
        r = requests.get(gw.url + "/vdp/helloworld", auth=XPayAuth("K", "s"))
        assert r.status_code == 200
        assert gw.requests[-1]["verdict"] == "accepted"

With no credentials it accepts CyberSource's published sandbox credentials.
With pytest, the ``paysign_gateway`` fixture (registered by this package)
yields a started ``Gateway``; ``@pytest.mark.paysign_gateway(visa=...)`` configures it.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional

from ._native import _Gateway  # type: ignore[attr-defined]  # private, not in the stub

__all__ = ["Gateway"]


class Gateway:
    """``Gateway(*, visa=None, cybersource=None, paysimple=None, port=0)``.

    ``visa={"api_key", "shared_secret"}`` (optional ``full_path``, ``max_skew``),
    ``cybersource={"merchant_id", "key_id", "shared_secret"}``,
    ``paysimple={"username", "api_key"}``; ``port=0`` picks a free port.
    A context manager; also ``start()`` / ``close()``.
    """

    def __init__(
        self,
        *,
        visa: Optional[Mapping[str, Any]] = None,
        cybersource: Optional[Mapping[str, Any]] = None,
        paysimple: Optional[Mapping[str, Any]] = None,
        port: int = 0,
    ) -> None:
        self._args = (
            dict(visa) if visa is not None else None,
            dict(cybersource) if cybersource is not None else None,
            dict(paysimple) if paysimple is not None else None,
            port,
        )
        self._native: Optional[_Gateway] = None

    def start(self) -> "Gateway":
        """Starts serving (once); returns itself."""
        if self._native is None:
            self._native = _Gateway(*self._args)
        return self

    def close(self) -> None:
        """Stops serving; requests in flight are answered first."""
        if self._native is not None:
            self._native.stop()

    def __enter__(self) -> "Gateway":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return self._running().url

    @property
    def requests(self) -> List[Dict[str, Any]]:
        """What it received and how each was judged, oldest first: dicts with
        ``method``, ``target``, ``scheme``, ``verdict`` (``"accepted"`` or
        ``"refused"``), ``status``, ``reason``, ``mistakes``, ``message``, ``key_id``."""
        return json.loads(self._running().requests_json())

    def clear(self) -> None:
        """Forgets the requests judged so far."""
        self._running().clear()

    def _running(self) -> _Gateway:
        if self._native is None:
            raise RuntimeError("the gateway is not started: use `with Gateway(...)` or .start()")
        return self._native

    def __repr__(self) -> str:
        state = self._native.url if self._native is not None else "not started"
        return "Gateway(%s)" % state
