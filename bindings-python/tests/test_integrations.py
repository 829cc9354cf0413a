"""paysign.requests and paysign.httpx end to end against a local server that verifies.

The server listens on 127.0.0.1 (a random port) and checks every request it
receives with paysign's verifiers, from the bytes on the wire: request target,
headers and body as received.
"""

from __future__ import annotations

import asyncio
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

import paysign

API_KEY = "KSKDFJOP934ALSFDJP34"
XPAY_SECRET = "s3cr3t-Shared_Secret"
MERCHANT = "testrest"
KEY_ID = "08c94330-f618-42a3-b09d-e1e43be5efda"
CS_SECRET = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE="
PS_USER = "APIUser1000"
PS_KEY = "my_api_key"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            out = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return out
                out += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _verify(self, body: bytes) -> str:
        path, _, query = self.path.partition("?")
        h = self.headers
        if "x-pay-token" in h:
            # /<context>/<resource path>: the context path is not signed
            resource_path = path.lstrip("/").split("/", 1)[1]
            paysign.verify_x_pay_token(XPAY_SECRET, h["x-pay-token"], resource_path, query, body)
            assert h.get("Accept") == "application/json"
            return "xpay"
        if "Signature" in h:
            paysign.verify_cybersource_signature(
                shared_secret=CS_SECRET, headers=h, method=self.command,
                request_target=self.path, body=body,
            )
            assert h["Host"] == "127.0.0.1:%d" % self.server.server_address[1]
            return "cybersource"
        if h.get("Authorization", "").startswith("PSSERVER "):
            paysign.verify_paysimple_header(h["Authorization"], PS_KEY)
            return "paysimple"
        raise paysign.VerificationError("no signature", "missing_header")

    def _handle(self):
        body = self._body()
        try:
            scheme = self._verify(body)
            status, reply = 200, {"scheme": scheme}
        except paysign.VerificationError as e:
            status, reply = 401, {"reason": e.reason, "message": str(e)}
        reply.update(target=self.path, body=body.decode("latin-1"),
                     content_type=self.headers.get("Content-Type"))
        data = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield "http://127.0.0.1:%d" % srv.server_address[1]
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(5)


def _target(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


UNICODE_TEXT = '{"note":"café ☕ – naïve"}'


# ---------------------------------------------------------------- requests


@pytest.fixture(scope="module")
def rq():
    requests = pytest.importorskip("requests")
    from paysign import requests as prq

    session = requests.Session()
    session.trust_env = False  # never a proxy for 127.0.0.1
    yield requests, prq, session
    session.close()


def _auths(mod):
    return {
        "xpay": mod.XPayAuth(API_KEY, XPAY_SECRET),
        "cybersource": mod.CyberSourceAuth(MERCHANT, KEY_ID, CS_SECRET),
        "paysimple": mod.PaySimpleAuth(PS_USER, PS_KEY),
    }


REQUEST_CASES = [
    ("GET", "/vdp/helloworld?b=2&a=1", {}),
    ("GET", "/vdp/helloworld", {"params": {"z": "1", "a": "x y/é"}}),
    ("POST", "/pts/v2/payments", {"json": {"amount": "10.00", "note": "café"}}),
    ("POST", "/pts/v2/payments?x=%2F", {"data": UNICODE_TEXT}),
    ("PUT", "/vdp/items/1", {"data": UNICODE_TEXT.encode("utf-8")}),
    ("PATCH", "/vdp/items/1", {"data": {"k": "v w", "n": "1"}}),
    ("POST", "/vdp/upload", {"data": io.BytesIO(b"\x00\x01binary\xff" * 1000)}),
    ("DELETE", "/vdp/items/1", {}),
]


@pytest.mark.parametrize("scheme", ["xpay", "cybersource", "paysimple"])
@pytest.mark.parametrize("method,path,kwargs", REQUEST_CASES, ids=lambda x: str(x)[:20])
def test_requests_end_to_end(server, rq, scheme, method, path, kwargs):
    requests, prq, session = rq
    if "data" in kwargs and isinstance(kwargs["data"], io.BytesIO):
        kwargs = {"data": io.BytesIO(kwargs["data"].getvalue())}
    r = session.request(method, server + path, auth=_auths(prq)[scheme], timeout=10, **kwargs)
    reply = r.json()
    assert r.status_code == 200, reply
    assert reply["scheme"] == scheme
    # the server received exactly the URL the signer returned
    assert reply["target"] == _target(r.request.url)
    assert reply["body"].encode("latin-1") == (r.request.body or b"")
    if scheme == "xpay":
        assert "apikey=" + API_KEY in reply["target"]


def test_requests_str_body_is_sent_as_signed_utf8(server, rq):
    requests, prq, session = rq
    r = session.post(server + "/pts/v2/payments", data=UNICODE_TEXT,
                     auth=prq.CyberSourceAuth(MERCHANT, KEY_ID, CS_SECRET), timeout=10)
    assert r.status_code == 200, r.text
    assert r.json()["body"].encode("latin-1") == UNICODE_TEXT.encode("utf-8")


def test_requests_wrong_secret_is_rejected_by_server(server, rq):
    requests, prq, session = rq
    r = session.get(server + "/vdp/helloworld", auth=prq.XPayAuth(API_KEY, "wrong"), timeout=10)
    assert r.status_code == 401
    assert r.json()["reason"] == "signature_mismatch"


def test_requests_generic_auth_and_streamed_body(server, rq):
    requests, prq, session = rq
    auth = prq.PaysignAuth(paysign.XPaySigner(API_KEY, XPAY_SECRET))
    assert session.get(server + "/vdp/x", auth=auth, timeout=10).status_code == 200
    with pytest.raises(TypeError):
        session.post(server + "/vdp/x", data=(b"a" for _ in range(3)), auth=auth, timeout=10)


# ---------------------------------------------------------------- httpx


@pytest.fixture(scope="module")
def hx():
    httpx = pytest.importorskip("httpx")
    from paysign import httpx as phx

    return httpx, phx


HTTPX_CASES = [
    ("GET", "/vdp/helloworld?b=2&a=1", {}),
    ("GET", "/vdp/helloworld", {"params": {"z": "1", "a": "x y/é"}}),
    ("POST", "/pts/v2/payments", {"json": {"amount": "10.00", "note": "café"}}),
    ("POST", "/pts/v2/payments?x=%2F", {"content": UNICODE_TEXT}),
    ("PUT", "/vdp/items/1", {"content": UNICODE_TEXT.encode("utf-8")}),
    ("PATCH", "/vdp/items/1", {"data": {"k": "v w", "n": "1"}}),
    ("POST", "/vdp/stream", {"content": "iter"}),
    ("DELETE", "/vdp/items/1", {}),
]


def _httpx_kwargs(kwargs):
    if kwargs.get("content") == "iter":
        return {"content": iter([b"chunk-1;", b"chunk-2;", b"\xff" * 5000])}
    return kwargs


@pytest.mark.parametrize("scheme", ["xpay", "cybersource", "paysimple"])
@pytest.mark.parametrize("method,path,kwargs", HTTPX_CASES, ids=lambda x: str(x)[:20])
def test_httpx_end_to_end(server, hx, scheme, method, path, kwargs):
    httpx, phx = hx
    with httpx.Client(auth=_auths(phx)[scheme], trust_env=False, timeout=10) as client:
        r = client.request(method, server + path, **_httpx_kwargs(kwargs))
    reply = r.json()
    assert r.status_code == 200, reply
    assert reply["scheme"] == scheme
    assert reply["target"] == r.request.url.raw_path.decode("ascii")
    assert reply["body"].encode("latin-1") == r.request.content


def test_httpx_async_client(server, hx):
    httpx, phx = hx

    async def main():
        async with httpx.AsyncClient(auth=phx.CyberSourceAuth(MERCHANT, KEY_ID, CS_SECRET),
                                     trust_env=False, timeout=10) as client:
            return await asyncio.gather(
                *[client.post(server + "/pts/v2/payments", json={"n": i}) for i in range(5)]
            )

    for r in asyncio.run(main()):
        assert r.status_code == 200, r.text


def test_httpx_wrong_key_is_rejected_by_server(server, hx):
    httpx, phx = hx
    with httpx.Client(auth=phx.PaySimpleAuth(PS_USER, "wrong"), trust_env=False, timeout=10) as client:
        r = client.get(server + "/v4/customer")
    assert r.status_code == 401
    assert r.json()["reason"] == "signature_mismatch"
