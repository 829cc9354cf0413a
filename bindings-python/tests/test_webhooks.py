"""Issue 17: CyberSource webhook signature and verifier, and the ASGI / WSGI
middleware in real servers on 127.0.0.1 (uvicorn + Starlette, werkzeug + Flask)
receiving real HTTP posts."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import pytest

import paysign
from conftest import body_of, vectors_dir

KEY_ID, KEY = "key-1", "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE="
BODY = b'{"eventType":"payments.capture","id":"6543","amount":"10.00","note":"caf\\u00e9"}'
PATH = "/webhooks/cybersource"
T = 1455716783


def test_signature_names_and_format():
    import inspect

    assert str(inspect.signature(paysign.cybersource_webhook_signature)) == "(key_id, key, body, *, timestamp=None)"
    v = paysign.cybersource_webhook_signature(KEY_ID, KEY, BODY, timestamp=1_700_000_000_123)
    import base64, hashlib, hmac  # the scheme, independently: HMAC of "<t>.<raw body>" under the decoded key

    mac = hmac.new(base64.b64decode(KEY), b"1700000000123." + BODY, hashlib.sha256).digest()
    assert v == "t=1700000000123;keyId=key-1;sig=" + base64.b64encode(mac).decode()
    now = paysign.cybersource_webhook_signature(KEY_ID, KEY, BODY)
    assert abs(int(now.split(";")[0][2:]) - time.time() * 1000) < 600_000
    with pytest.raises(paysign.PaysignError) as info:
        paysign.cybersource_webhook_signature("key;1", KEY, BODY)
    assert info.value.field == "key_id"


def webhook_vectors(section):
    """tests/vectors/webhook.json (see tests/vectors/README.md), when this tree has it."""
    path = vectors_dir() / "webhook.json"
    if not path.is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason="tests/vectors/webhook.json not in this tree yet"))]
    data = json.loads(path.read_text(encoding="utf-8"))
    return [pytest.param(v, id=v["name"]) for v in data[section]]


@pytest.mark.parametrize("vector", webhook_vectors("sign"))
def test_webhook_sign_vectors(vector):
    got = paysign.cybersource_webhook_signature(vector["key_id"], vector["key"], body_of(vector),
                                                timestamp=vector["timestamp_ms"])
    assert got == vector["expected"]["header"]


def _verify_vector(verifier, vector):
    try:
        verifier.verify(vector["headers"], body_of(vector), now=vector["now"])
    except paysign.VerificationError as e:
        return e.reason
    return None


@pytest.mark.parametrize("vector", webhook_vectors("verify"))
def test_webhook_verify_vectors(vector):
    def verifier_for(v):
        return paysign.CyberSourceWebhookVerifier(v["keys"], max_skew=v["max_skew"])

    verifier = verifier_for(vector)
    if vector.get("replay_of"):
        path = vectors_dir() / "webhook.json"
        first = {v["name"]: v for v in json.loads(path.read_text(encoding="utf-8"))["verify"]}[vector["replay_of"]]
        verifier = verifier_for(first)
        assert _verify_vector(verifier, first) is None
    assert _verify_vector(verifier, vector) == vector["reason"]


def test_verifier_round_trip_tamper_replay_window():
    v = paysign.CyberSourceWebhookVerifier({KEY_ID: KEY, "key-2": "c2VjcmV0"})
    sig = paysign.cybersource_webhook_signature(KEY_ID, KEY, BODY, timestamp=T * 1000)
    assert v.verify({"v-c-signature": sig}, BODY, now=T + 299).key_id == KEY_ID
    for headers, body, now, reason in [
        ({"v-c-signature": sig}, BODY, T, "replayed"),
        ({"v-c-signature": sig}, BODY + b" ", T, "signature_mismatch"),
        ({"v-c-signature": sig.replace("key-1", "key-3")}, BODY, T, "unknown_key"),
        ({}, BODY, T, "missing_header"),
        ([("v-c-signature", sig), ("V-C-Signature", sig)], BODY, T, "duplicate_header"),
        ({"v-c-signature": sig.replace("t=%d" % (T * 1000), "t=%d" % T)}, BODY, T, None),
    ]:
        with pytest.raises(paysign.VerificationError) as info:
            v.verify(headers, body, now=now)
        if reason:
            assert info.value.reason == reason
    fresh = paysign.CyberSourceWebhookVerifier({KEY_ID: KEY})
    with pytest.raises(paysign.VerificationError) as info:
        fresh.verify({"v-c-signature": sig}, BODY, now=T + 301)
    assert info.value.reason == "timestamp_out_of_window"


# ---------------------------------------------------------------- real servers

def free_socket():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    return s


def post(url, body, signature=None, extra=()):
    requests = pytest.importorskip("requests")
    headers = {"Content-Type": "application/json"}
    if signature:
        headers["v-c-signature"] = signature
    headers.update(extra)
    return requests.post(url, data=body, headers=headers, timeout=10)


class Uvicorn:
    def __init__(self, app):
        uvicorn = pytest.importorskip("uvicorn")
        self.sock = free_socket()
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self):
        self.thread.start()
        for _ in range(200):  # at most ~10 s
            if self.server.started:
                break
            time.sleep(0.05)
        assert self.server.started
        return "http://127.0.0.1:%d" % self.sock.getsockname()[1]

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


class Werkzeug:
    def __init__(self, app):
        serving = pytest.importorskip("werkzeug.serving")
        self.server = serving.make_server("127.0.0.1", 0, app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return "http://127.0.0.1:%d" % self.server.server_port

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=10)


def starlette_app(verifier, **kw):
    pytest.importorskip("starlette")
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from paysign.webhooks import ASGIWebhookMiddleware

    async def hook(request):
        verified = request.scope["paysign.webhook"]
        data = await request.json()  # parsed after the middleware checked the raw bytes
        return JSONResponse({"key_id": verified.key_id, "event": data["eventType"], "raw": (await request.body()).decode()})

    async def other(request):
        return JSONResponse({"verified": "paysign.webhook" in request.scope})

    app = Starlette(routes=[Route(PATH, hook, methods=["POST"]), Route("/other", other, methods=["POST"])])
    app.add_middleware(ASGIWebhookMiddleware, verifier=verifier, path=PATH, **kw)
    return app


def flask_app(verifier, **kw):
    flask = pytest.importorskip("flask")
    from paysign.webhooks import WSGIWebhookMiddleware

    app = flask.Flask("webhook_test")

    @app.post(PATH)
    def hook():
        verified = flask.request.environ["paysign.webhook"]
        data = flask.request.get_json()
        return {"key_id": verified.key_id, "event": data["eventType"], "raw": flask.request.get_data().decode()}

    @app.post("/other")
    def other():
        return {"verified": "paysign.webhook" in flask.request.environ}

    app.wsgi_app = WSGIWebhookMiddleware(app.wsgi_app, verifier, path=PATH, **kw)
    return app


SERVERS = [pytest.param((starlette_app, Uvicorn), id="asgi-uvicorn-starlette"),
           pytest.param((flask_app, Werkzeug), id="wsgi-werkzeug-flask")]


@pytest.mark.parametrize("server", SERVERS)
def test_middleware_accepts_refuses_and_passes_the_body_on(server):
    make_app, Server = server
    verifier = paysign.CyberSourceWebhookVerifier({KEY_ID: KEY})
    with Server(make_app(verifier, max_body=4096)) as base:
        sig = paysign.cybersource_webhook_signature(KEY_ID, KEY, BODY)
        r = post(base + PATH, BODY, sig)
        assert r.status_code == 200, r.text
        assert r.json() == {"key_id": KEY_ID, "event": "payments.capture", "raw": BODY.decode()}
        # the same notification again: a replay
        r = post(base + PATH, BODY, sig)
        assert (r.status_code, r.json()["reason"]) == (401, "replayed")
        # a forged body with a genuine signature
        forged = BODY.replace(b"10.00", b"0.01")
        r = post(base + PATH, forged, paysign.cybersource_webhook_signature(KEY_ID, KEY, BODY))
        assert (r.status_code, r.json()["reason"]) == (401, "signature_mismatch")
        assert r.headers["Content-Type"].startswith("application/json")
        assert KEY not in r.text
        r = post(base + PATH, BODY)
        assert (r.status_code, r.json()["reason"]) == (401, "missing_header")
        r = post(base + PATH, b"x" * 5000, paysign.cybersource_webhook_signature(KEY_ID, KEY, b"x" * 5000))
        assert (r.status_code, r.json()["reason"]) == (413, "body_too_large")
        # other paths are not the middleware's
        r = post(base + "/other", BODY)
        assert (r.status_code, r.json()) == (200, {"verified": False})


@pytest.mark.parametrize("server", SERVERS)
def test_a_json_parser_in_front_breaks_a_naive_check_and_the_diagnosis_names_it(server):
    """The usual mistake: hashing the body as the framework re-serialised it.
    A naive endpoint verifies json.dumps(parsed body) and refuses a genuine
    notification; the middleware, on the raw bytes, accepts it."""
    make_app, Server = server
    seen = {}
    naive_verifier = paysign.CyberSourceWebhookVerifier({KEY_ID: KEY})

    def naive_check(headers, parsed):
        reserialised = json.dumps(parsed).encode()
        seen["reserialised"] = reserialised
        try:
            naive_verifier.verify(headers, reserialised)
            return 200, {"ok": True}
        except paysign.VerificationError as e:
            return 401, {"reason": e.reason}

    if make_app is flask_app:
        flask = pytest.importorskip("flask")
        app = flask.Flask("naive")

        @app.post(PATH)
        def hook():
            status, payload = naive_check(list(flask.request.headers.items()), flask.request.get_json())
            return payload, status
    else:
        pytest.importorskip("starlette")
        from starlette.applications import Starlette
        from starlette.responses import JSONResponse
        from starlette.routing import Route

        async def hook(request):
            status, payload = naive_check(list(request.headers.items()), await request.json())
            return JSONResponse(payload, status_code=status)

        app = Starlette(routes=[Route(PATH, hook, methods=["POST"])])

    sig = paysign.cybersource_webhook_signature(KEY_ID, KEY, BODY)
    with Server(app) as base:
        r = post(base + PATH, BODY, sig)
    assert (r.status_code, r.json()) == (401, {"reason": "signature_mismatch"})
    assert seen["reserialised"] != BODY
    # the raw bytes verify (the middleware's way)
    assert paysign.CyberSourceWebhookVerifier({KEY_ID: KEY}).verify({"v-c-signature": sig}, BODY).key_id == KEY_ID

    d = paysign.diagnose_cybersource_webhook({"v-c-signature": sig}, key_id=KEY_ID, key=KEY, body=seen["reserialised"])
    assert d.valid is False
    assert "body_reserialized" in d.mistakes, d.mistakes
