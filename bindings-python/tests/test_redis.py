"""paysign.redis.RedisStore against a real redis-server started here on 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time

import pytest

redis = pytest.importorskip("redis")

import paysign  # noqa: E402
from paysign.redis import RedisStore  # noqa: E402

XPAY_KEY, XPAY_SECRET = "KSKDFJOP934ALSFDJP34", "shared-secret"
XPAY_URL = "https://sandbox.api.visa.com/vdp/helloworld?apikey=" + XPAY_KEY
T = 1455716783


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url():
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server not installed (Debian package redis-server)")
    port = free_port()
    proc = subprocess.Popen([server, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = "redis://127.0.0.1:%d/0" % port
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        for _ in range(100):  # at most ~10 s
            try:
                if client.ping():
                    break
            except redis.ConnectionError:
                time.sleep(0.1)
        else:
            pytest.fail("redis-server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def requests(n, offset=0):
    signer = paysign.XPaySigner(XPAY_KEY, XPAY_SECRET)
    out = []
    for i in range(offset, offset + n):
        s = signer.sign("GET", XPAY_URL + "&n=%d" % i, time=T)
        out.append((s.url, s.headers))
    return out


def test_remember_is_set_nx_px(redis_url):
    store = RedisStore.from_url(redis_url, prefix="t1:")
    assert isinstance(store, paysign.ReplayStore)
    assert store.remember("k", 30) is True
    assert store.remember("k", 30) is False
    pttl = store.client.pttl("t1:k")
    assert 0 < pttl <= 30_000
    assert repr(store) == "RedisStore(prefix='t1:')"


def test_verifier_with_redis_refuses_replays(redis_url):
    store = RedisStore.from_url(redis_url, prefix="t2:")
    v = paysign.XPayVerifier({XPAY_KEY: XPAY_SECRET}, replay=store)
    (url, headers), = requests(1, offset=1000)
    assert v.verify("GET", url, headers, now=T).key_id == XPAY_KEY
    with pytest.raises(paysign.VerificationError) as info:
        v.verify("GET", url, headers, now=T)
    assert info.value.reason == "replayed"
    keys = store.client.keys("t2:paysign:replay:*")
    assert len(keys) == 1
    # remembered for the rest of the window (Visa's 8 minutes from the token's time)
    assert 0 < store.client.ttl(keys[0]) <= 481


def test_unreachable_redis_fails_closed():
    store = RedisStore.from_url("redis://127.0.0.1:%d/0" % free_port())
    v = paysign.XPayVerifier({XPAY_KEY: XPAY_SECRET}, replay=store)
    (url, headers), = requests(1)
    with pytest.raises(paysign.VerificationError) as info:
        v.verify("GET", url, headers, now=T)
    assert info.value.reason == "replay_store_unavailable"
    assert XPAY_SECRET not in str(info.value)


WORKER = textwrap.dedent("""
    import json, sys
    import paysign
    from paysign.redis import RedisStore
    url, prefix, todo = sys.argv[1], sys.argv[2], json.loads(sys.stdin.read())
    v = paysign.XPayVerifier({%r: %r}, replay=RedisStore.from_url(url, prefix=prefix))
    results = []
    for i, (u, h) in todo:
        try:
            v.verify("GET", u, h, now=%d)
            results.append([i, None])
        except paysign.VerificationError as e:
            results.append([i, e.reason])
    print(json.dumps(results))
""" % (XPAY_KEY, XPAY_SECRET, T))


def run_workers(redis_url, prefix, batches):
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, redis_url, prefix], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True) for _ in batches]
    for p, batch in zip(procs, batches):
        p.stdin.write(json.dumps(batch))
        p.stdin.close()
    out = []
    for p in procs:
        out.append(json.loads(p.stdout.read()))
        assert p.wait(timeout=60) == 0
    return out


def test_two_processes_refuse_each_others_replays(redis_url):
    reqs = list(enumerate(requests(2, offset=2000)))
    # process A accepts request 0; process B then sees it as a replay, and the other way round
    (a,) = run_workers(redis_url, "t3:", [[reqs[0]]])
    (b,) = run_workers(redis_url, "t3:", [[reqs[0], reqs[1]]])
    (a2,) = run_workers(redis_url, "t3:", [[reqs[1]]])
    assert a == [[0, None]]
    assert b == [[0, "replayed"], [1, None]]
    assert a2 == [[1, "replayed"]]


def test_two_processes_racing_accept_each_credential_once(redis_url):
    reqs = list(enumerate(requests(200, offset=3000)))
    a, b = run_workers(redis_url, "t4:", [reqs, list(reversed(reqs))])
    verdicts = {}
    for i, reason in a + b:
        verdicts.setdefault(i, []).append(reason)
    assert len(verdicts) == 200
    for i, reasons in verdicts.items():
        assert sorted(reasons, key=str) == [None, "replayed"], (i, reasons)
