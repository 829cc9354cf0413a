"""CyberSource webhook middleware that verifies the RAW body (ASGI and WSGI).

A notification's ``v-c-signature`` covers the exact bytes CyberSource sent.
A JSON parser in front of the check re-serialises the body (key order,
spacing, escapes) and every notification then fails — or, worse, a team
"fixes" that by skipping the check. These middlewares read the raw body
before any framework sees it, verify it with a
:class:`paysign.CyberSourceWebhookVerifier`, and then hand the same bytes on:

* a notification that does not verify gets ``401`` with a JSON body
  ``{"reason": "<code>", "message": "<why>"}`` (``413`` above ``max_body``)
  and never reaches the application;
* one that verifies reaches the application unchanged, with the
  :class:`paysign.Verified` result in ``scope["paysign.webhook"]`` (ASGI) or
  ``environ["paysign.webhook"]`` (WSGI).

**Where they sit**: outside (before) anything that reads or changes the
body — the framework's body/JSON parsing, decompression, form parsing. Wrap
the application itself:

* Starlette / FastAPI: ``app.add_middleware(ASGIWebhookMiddleware,
  verifier=v, path="/webhooks/cybersource")`` (or ``ASGIWebhookMiddleware(app,
  v, ...)`` around the app given to uvicorn). Request bodies are parsed inside
  the endpoint (``await request.json()``), after the middleware.
* Flask: ``app.wsgi_app = WSGIWebhookMiddleware(app.wsgi_app, v, path=...)``;
  Django: in ``wsgi.py``, ``application = WSGIWebhookMiddleware(
  get_wsgi_application(), v, path=...)`` (a Django *view* middleware would
  be too late only if something read ``request.body`` before it; wrapping the
  WSGI application never is).

``path=None`` verifies every request the middleware sees; give the webhook
path to verify only that one (other requests pass through untouched).
The verifier keeps replay memory: a notification delivered twice is refused
the second time (``replayed``), so acknowledge with 2xx only once processed.
With a :class:`paysign.redis.RedisStore`, each verification makes one Redis
round trip on the calling thread.
"""

from __future__ import annotations

import io
import json
from typing import Any, Callable, Iterable, List, Optional, Tuple

from ._errors import PaysignError, VerificationError
from ._native import CyberSourceWebhookVerifier

__all__ = ["ASGIWebhookMiddleware", "DEFAULT_MAX_BODY", "SCOPE_KEY", "WSGIWebhookMiddleware"]

#: The largest notification body read (1 MiB; CyberSource's are a few KiB).
DEFAULT_MAX_BODY = 1 << 20
#: Where the verified notification is put: ``scope[SCOPE_KEY]`` / ``environ[SCOPE_KEY]``.
SCOPE_KEY = "paysign.webhook"


def _refusal(err: PaysignError) -> Tuple[int, bytes]:
    if isinstance(err, VerificationError):
        status, reason = 401, err.reason
    else:
        status, reason = 400, "bad_request"
    return status, json.dumps({"reason": reason, "message": str(err)}).encode("utf-8")


def _check(verifier: Any, max_body: int) -> None:
    if not isinstance(verifier, CyberSourceWebhookVerifier):
        raise TypeError("verifier must be a paysign.CyberSourceWebhookVerifier, not %s" % type(verifier).__name__)
    if isinstance(max_body, bool) or not isinstance(max_body, int) or max_body < 0:
        raise TypeError("max_body must be an int >= 0")


_TOO_LARGE = json.dumps({"reason": "body_too_large", "message": "the notification body is too large"}).encode()


class ASGIWebhookMiddleware:
    """``ASGIWebhookMiddleware(app, verifier, *, path=None, max_body=DEFAULT_MAX_BODY)``."""

    def __init__(
        self,
        app: Callable[..., Any],
        verifier: CyberSourceWebhookVerifier,
        *,
        path: Optional[str] = None,
        max_body: int = DEFAULT_MAX_BODY,
    ) -> None:
        _check(verifier, max_body)
        self.app = app
        self.verifier = verifier
        self.path = path
        self.max_body = max_body

    async def __call__(self, scope: dict, receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http" or (self.path is not None and scope.get("path") != self.path):
            await self.app(scope, receive, send)
            return
        chunks: List[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await self._respond(send, 413, _TOO_LARGE)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        # ASGI headers are bytes, latin-1 by the HTTP spec; every repeat is kept.
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", ())]
        try:
            verified = self.verifier.verify(headers, body)
        except PaysignError as err:
            await self._respond(send, *_refusal(err))
            return
        scope = dict(scope)
        scope[SCOPE_KEY] = verified
        delivered = False

        async def receive_body() -> dict:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, receive_body, send)

    @staticmethod
    async def _respond(send: Callable[..., Any], status: int, payload: bytes) -> None:
        await send({
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(payload))],
        })
        await send({"type": "http.response.body", "body": payload})


_STATUS = {400: "400 Bad Request", 401: "401 Unauthorized", 413: "413 Content Too Large"}


class WSGIWebhookMiddleware:
    """``WSGIWebhookMiddleware(app, verifier, *, path=None, max_body=DEFAULT_MAX_BODY)``."""

    def __init__(
        self,
        app: Callable[..., Iterable[bytes]],
        verifier: CyberSourceWebhookVerifier,
        *,
        path: Optional[str] = None,
        max_body: int = DEFAULT_MAX_BODY,
    ) -> None:
        _check(verifier, max_body)
        self.app = app
        self.verifier = verifier
        self.path = path
        self.max_body = max_body

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        if self.path is not None and environ.get("PATH_INFO") != self.path:
            return self.app(environ, start_response)
        body = self._read_body(environ)
        if body is None:
            return self._respond(start_response, 413, _TOO_LARGE)
        headers = [
            (key[5:].replace("_", "-").lower(), value)
            for key, value in environ.items()
            if key.startswith("HTTP_") and isinstance(value, str)
        ]
        for key, name in (("CONTENT_TYPE", "content-type"), ("CONTENT_LENGTH", "content-length")):
            if environ.get(key):
                headers.append((name, environ[key]))
        try:
            verified = self.verifier.verify(headers, body)
        except PaysignError as err:
            return self._respond(start_response, *_refusal(err))
        environ[SCOPE_KEY] = verified
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)

    def _read_body(self, environ: dict) -> Optional[bytes]:
        """The raw body, or None when it is larger than max_body."""
        stream = environ.get("wsgi.input")
        if stream is None:
            return b""
        try:
            length = int(environ.get("CONTENT_LENGTH") or -1)
        except ValueError:
            length = -1
        if length > self.max_body:
            return None
        if length < 0:
            if not environ.get("wsgi.input_terminated"):
                return b""  # no length and no end marker: nothing may be read safely
            data = stream.read(self.max_body + 1)
            return None if len(data) > self.max_body else data
        chunks, remaining = [], length
        while remaining > 0:
            chunk = stream.read(remaining)
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    @staticmethod
    def _respond(start_response: Callable[..., Any], status: int, payload: bytes) -> List[bytes]:
        start_response(_STATUS[status], [("Content-Type", "application/json"),
                                         ("Content-Length", str(len(payload)))])
        return [payload]
