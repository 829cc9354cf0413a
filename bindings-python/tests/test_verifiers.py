"""Issue 15: whole-request verifiers with a keyring, one spelling, no duplicates, no replays."""

from __future__ import annotations

import inspect
import random
import threading

import pytest

import paysign
from conftest import table

XPAY_KEY = "KSKDFJOP934ALSFDJP34"
XPAY_SECRET = "shared-secret"
XPAY_URL = "https://sandbox.api.visa.com/vdp/helloworld?apikey=" + XPAY_KEY
T = 1455716783
CS_MERCHANT, CS_KEY_ID, CS_SECRET = ("testrest", "08c94330-f618-42a3-b09d-e1e43be5efda",
                                     "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=")
CS_URL = "https://apitest.cybersource.com/pts/v2/payments"
PS_USER, PS_KEY = "APIUser1000", "Sup3rS3cretPaySimple"


def xpay_request(i=0, body=b""):
    signed = paysign.XPaySigner(XPAY_KEY, XPAY_SECRET).sign("POST", XPAY_URL + "&n=%d" % i, body, time=T)
    return signed.url, list(signed.headers.items()), body


# ---------------------------------------------------------------- the names of issue 15

def test_signatures():
    assert str(inspect.signature(paysign.XPayVerifier)) == "(keys, *, full_path=False, max_skew=None, replay=True)"
    for cls in (paysign.CyberSourceVerifier, paysign.PaySimpleVerifier, paysign.CyberSourceWebhookVerifier):
        assert str(inspect.signature(cls)) == "(keys, *, max_skew=None, replay=True)"
    for cls in (paysign.XPayVerifier, paysign.CyberSourceVerifier, paysign.PaySimpleVerifier):
        assert str(inspect.signature(cls.verify)) == "(self, /, method, url, headers, body=None, *, now=None)"
        assert cls.__doc__ and cls.verify.__doc__ and cls.__module__ == "paysign"
    assert str(inspect.signature(paysign.CyberSourceWebhookVerifier.verify)) == "(self, /, headers, body, *, now=None)"


# ---------------------------------------------------------------- each scheme

def test_xpay_accepts_once_with_the_matching_key():
    v = paysign.XPayVerifier({"OTHER": "x", XPAY_KEY: XPAY_SECRET})
    url, headers, body = xpay_request(1, b'{"a":1}')
    ok = v.verify("POST", url, headers, body, now=T + 10)
    assert isinstance(ok, paysign.Verified)
    assert (ok.scheme, ok.key_id, ok.merchant_id, ok.timestamp) == ("xpay", XPAY_KEY, None, T)
    assert ok.signed == ("timestamp", "resource_path", "query_string", "body")
    with pytest.raises(paysign.VerificationError) as info:
        v.verify("POST", url, headers, body, now=T + 10)
    assert info.value.reason == "replayed"
    # the request target as received works as well as the absolute URL
    url2, headers2, _ = xpay_request(2)
    assert v.verify("POST", url2.split("visa.com")[1], dict(headers2), now=T).key_id == XPAY_KEY


def test_xpay_refusals():
    v = paysign.XPayVerifier({XPAY_KEY: XPAY_SECRET}, replay=False)
    url, headers, _ = xpay_request(3)
    cases = {
        "signature_mismatch": lambda: v.verify("POST", url, headers, b"tampered", now=T),
        "timestamp_out_of_window": lambda: v.verify("POST", url, headers, now=T + 481),
        "missing_header": lambda: v.verify("POST", url, {}, now=T),
        "unknown_key": lambda: v.verify("POST", url.replace(XPAY_KEY, "NOPE"), headers, now=T),
    }
    for reason, call in cases.items():
        with pytest.raises(paysign.VerificationError) as info:
            call()
        assert info.value.reason == reason, reason
    # Visa's window is 8 minutes; max_skew overrides it
    assert v.verify("POST", url, headers, now=T + 480).timestamp == T
    narrow = paysign.XPayVerifier({XPAY_KEY: XPAY_SECRET}, max_skew=5, replay=False)
    with pytest.raises(paysign.VerificationError, match="window"):
        narrow.verify("POST", url, headers, now=T + 6)


def test_cybersource_and_paysimple_and_webhook_round_trips():
    cs = paysign.CyberSourceVerifier({CS_KEY_ID: CS_SECRET})
    signed = paysign.CyberSourceSigner(CS_MERCHANT, CS_KEY_ID, CS_SECRET).sign("POST", CS_URL, b"{}", time=T)
    ok = cs.verify("POST", signed.url, signed.headers, b"{}", now=T)
    assert (ok.scheme, ok.key_id, ok.merchant_id, ok.timestamp) == ("cybersource", CS_KEY_ID, CS_MERCHANT, T)
    assert ok.signed == ("host", "date", "request-target", "digest", "v-c-merchant-id")
    with pytest.raises(paysign.VerificationError) as info:
        cs.verify("POST", signed.url, signed.headers, b"{}", now=T)
    assert info.value.reason == "replayed"

    ps = paysign.PaySimpleVerifier({PS_USER: PS_KEY})
    h = paysign.paysimple_header(PS_USER, PS_KEY, timestamp="2016-02-17T13:46:23.5000000Z")
    ok = ps.verify("GET", "https://sandbox-api.paysimple.com/v4/customer", {"Authorization": h}, now=T)
    assert (ok.scheme, ok.key_id, ok.merchant_id, ok.timestamp, ok.signed) == ("paysimple", PS_USER, None, T, ("timestamp",))
    with pytest.raises(paysign.VerificationError) as info:
        paysign.PaySimpleVerifier({PS_USER: PS_KEY}).verify("GET", "/", {"authorization": h}, now=T + 301)
    assert info.value.reason == "timestamp_out_of_window"

    wh = paysign.CyberSourceWebhookVerifier({"key-1": CS_SECRET})
    body = b'{"eventType":"payments.capture"}'
    sig = paysign.cybersource_webhook_signature("key-1", CS_SECRET, body, timestamp=T * 1000 + 123)
    ok = wh.verify({"v-c-signature": sig}, body, now=T)
    assert (ok.scheme, ok.key_id, ok.timestamp) == ("cybersource-webhook", "key-1", T)


def test_verified_is_a_value():
    v = paysign.XPayVerifier({XPAY_KEY: XPAY_SECRET}, replay=False)
    url, headers, _ = xpay_request(4)
    a, b = v.verify("POST", url, headers, now=T), v.verify("POST", url, headers, now=T)
    assert a == b and a is not b
    assert repr(a) == ("Verified(scheme='xpay', key_id='%s', merchant_id=None, timestamp=%d, "
                       "signed=('timestamp', 'resource_path', 'query_string', 'body'))" % (XPAY_KEY, T))
    with pytest.raises(AttributeError):
        a.key_id = "x"


# ---------------------------------------------------------------- defects of issue 15

def test_duplicated_headers_reach_the_core_as_duplicates():
    v = paysign.XPayVerifier({XPAY_KEY: XPAY_SECRET}, replay=False)
    url, headers, _ = xpay_request(5)
    token = headers[0][1]
    for dup in ([("x-pay-token", token), ("X-Pay-Token", token)],
                [("x-pay-token", token), ("X-PAY-TOKEN", "xv2:1:" + "0" * 64)]):
        with pytest.raises(paysign.VerificationError) as info:
            v.verify("POST", url, dup, now=T)
        assert info.value.reason == "duplicate_header"
    cs = paysign.CyberSourceVerifier({CS_KEY_ID: CS_SECRET}, replay=False)
    signed = paysign.CyberSourceSigner(CS_MERCHANT, CS_KEY_ID, CS_SECRET).sign("POST", CS_URL, b"{}", time=T)
    for name, value in (("V-C-Merchant-Id", "attacker"), ("host", "evil.test"), ("digest", "x"), ("signature", "x")):
        pairs = list(signed.headers.items()) + [(name, value)]
        with pytest.raises(paysign.VerificationError) as info:
            cs.verify("POST", signed.url, pairs, b"{}", now=T)
        assert info.value.reason == "duplicate_header", name


def test_bool_is_not_an_int():
    v = paysign.XPayVerifier({XPAY_KEY: XPAY_SECRET}, replay=False)
    url, headers, _ = xpay_request(6)
    with pytest.raises(TypeError, match="now"):
        v.verify("POST", url, headers, now=True)
    with pytest.raises(TypeError, match="max_skew"):
        paysign.XPayVerifier({XPAY_KEY: XPAY_SECRET}, max_skew=True)
    with pytest.raises(TypeError, match="timestamp"):
        paysign.x_pay_token(XPAY_SECRET, "helloworld", "apikey=K", timestamp=True)
    with pytest.raises(TypeError, match="now"):
        paysign.verify_x_pay_token(XPAY_SECRET, headers[0][1], "helloworld", "apikey=K", now=False)
    with pytest.raises(TypeError, match="timestamp"):
        paysign.cybersource_webhook_signature("k", CS_SECRET, b"", timestamp=True)
    with pytest.raises(paysign.PaysignError) as info:
        paysign.XPayVerifier({XPAY_KEY: XPAY_SECRET}, max_skew=-1)
    assert info.value.field == "max_skew"


def test_constructor_refusals():
    with pytest.raises(paysign.PaysignError) as info:
        paysign.XPayVerifier({})
    assert info.value.field == "keys"
    with pytest.raises(TypeError):
        paysign.XPayVerifier([(XPAY_KEY, XPAY_SECRET)])
    with pytest.raises(TypeError):
        paysign.XPayVerifier({XPAY_KEY: 5})
    for bad in ("yes", 1, object()):
        with pytest.raises(TypeError, match="replay"):
            paysign.XPayVerifier({XPAY_KEY: XPAY_SECRET}, replay=bad)
    with pytest.raises(paysign.PaysignError):
        paysign.CyberSourceVerifier({CS_KEY_ID: "not base64!"})
    with pytest.raises(TypeError):
        paysign.XPayVerifier({XPAY_KEY: XPAY_SECRET}, True)


def test_repr_shows_no_secret():
    verifiers = [
        paysign.XPayVerifier({XPAY_KEY: XPAY_SECRET}),
        paysign.CyberSourceVerifier({CS_KEY_ID: CS_SECRET}, max_skew=60, replay=False),
        paysign.PaySimpleVerifier({PS_USER: PS_KEY, "u2": PS_KEY}),
        paysign.CyberSourceWebhookVerifier({"key-1": CS_SECRET}, replay=DictStore()),
    ]
    for v in verifiers:
        for text in (repr(v), str(v)):
            for secret in (XPAY_SECRET, CS_SECRET, PS_KEY, "Sup3r"):
                assert secret not in text
        assert not hasattr(v, "__dict__")
    assert repr(verifiers[0]) == "XPayVerifier(<1 key>, full_path=False, max_skew=None, replay=True)"
    assert repr(verifiers[1]) == "CyberSourceVerifier(<1 key>, max_skew=60, replay=False)"
    assert repr(verifiers[2]) == "PaySimpleVerifier(<2 keys>, max_skew=None, replay=True)"
    assert repr(verifiers[3]) == "CyberSourceWebhookVerifier(<1 key>, max_skew=None, replay=<store>)"


# ---------------------------------------------------------------- replay stores

class DictStore:
    """The ReplayStore protocol over a dict (one process)."""

    def __init__(self):
        self.calls = []
        self.keys = set()

    def remember(self, key, ttl_seconds):
        self.calls.append((key, ttl_seconds))
        if key in self.keys:
            return False
        self.keys.add(key)
        return True


def test_store_protocol():
    store = DictStore()
    assert isinstance(store, paysign.ReplayStore)
    v = paysign.XPayVerifier({XPAY_KEY: XPAY_SECRET}, replay=store)
    url, headers, _ = xpay_request(7)
    v.verify("POST", url, headers, now=T + 100)
    (key, ttl), = store.calls
    assert key.startswith("paysign:replay:") and len(key) == len("paysign:replay:") + 64
    assert XPAY_SECRET not in key and headers[0][1] not in key
    assert type(ttl) is int and 1 <= ttl <= 480 - 100 + 1
    with pytest.raises(paysign.VerificationError) as info:
        v.verify("POST", url, headers, now=T + 100)
    assert info.value.reason == "replayed"
    # a credential that does not verify is never remembered
    with pytest.raises(paysign.VerificationError):
        v.verify("POST", url, headers, b"tampered", now=T)
    assert len(store.calls) == 2


class BrokenStore:
    def __init__(self, answer):
        self.answer = answer

    def remember(self, key, ttl_seconds):
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@pytest.mark.parametrize("answer", [ConnectionError("store down"), 1, None, "yes"],
                         ids=["raises", "int", "none", "str"])
def test_store_that_cannot_answer_fails_closed(answer):
    v = paysign.XPayVerifier({XPAY_KEY: XPAY_SECRET}, replay=BrokenStore(answer))
    url, headers, _ = xpay_request(8)
    with pytest.raises(paysign.VerificationError) as info:
        v.verify("POST", url, headers, now=T)
    assert info.value.reason == "replay_store_unavailable"


def test_replay_off():
    v = paysign.XPayVerifier({XPAY_KEY: XPAY_SECRET}, replay=False)
    url, headers, _ = xpay_request(9)
    assert v.verify("POST", url, headers, now=T) == v.verify("POST", url, headers, now=T)


# ---------------------------------------------------------------- threads

def test_one_verifier_shared_by_eight_threads():
    """Replays spread over 8 threads: each credential is accepted exactly once,
    every copy after it is refused as replayed, and nothing else happens."""
    verifier = paysign.XPayVerifier({XPAY_KEY: XPAY_SECRET})
    signer = paysign.XPaySigner(XPAY_KEY, XPAY_SECRET)
    requests = [signer.sign("GET", XPAY_URL + "&n=%d" % i, time=T) for i in range(400)]
    copies = {i: 1 + i % 4 for i in range(len(requests))}  # 1..4 copies of each
    sends = [i for i, n in copies.items() for _ in range(n)]
    random.Random(15).shuffle(sends)
    lanes = [sends[k::8] for k in range(8)]
    outcomes = [[] for _ in range(8)]
    barrier = threading.Barrier(8)

    def lane(k):
        barrier.wait()
        for i in lanes[k]:
            r = requests[i]
            try:
                verifier.verify("GET", r.url, r.headers, now=T)
                outcomes[k].append((i, None))
            except paysign.VerificationError as e:
                outcomes[k].append((i, e.reason))

    threads = [threading.Thread(target=lane, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results = {}
    for lane_outcomes in outcomes:
        for i, reason in lane_outcomes:
            results.setdefault(i, []).append(reason)
    assert sorted(results) == list(range(len(requests)))
    for i, reasons in results.items():
        assert len(reasons) == copies[i]
        assert reasons.count(None) == 1, (i, reasons)
        assert sorted(reasons, key=str) == sorted([None] + ["replayed"] * (copies[i] - 1), key=str), (i, reasons)


# ---------------------------------------------------------------- the adversarial table

def _verifier(case):
    kw = {"max_skew": case.get("max_skew")}
    cls = {"xpay": paysign.XPayVerifier, "cybersource": paysign.CyberSourceVerifier,
           "paysimple": paysign.PaySimpleVerifier, "cybersource-webhook": paysign.CyberSourceWebhookVerifier}
    if case["scheme"] == "xpay":
        kw["full_path"] = case.get("full_path", False)
    return cls[case["scheme"]](case["keys"], **kw)


def _send(verifier, case, request):
    body = request.get("body", "").encode("utf-8")
    try:
        if case["scheme"] == "cybersource-webhook":
            verifier.verify(request["headers"], body, now=case["now"])
        else:
            verifier.verify(request["method"], request["url"], request["headers"], body, now=case["now"])
    except paysign.VerificationError as e:
        return e.reason
    return None


ADVERSARIAL = table("adversarial")
BY_NAME = {p.values[0]["name"]: p.values[0] for p in ADVERSARIAL}


@pytest.mark.parametrize("case", ADVERSARIAL)
def test_adversarial_table(case):
    verifier = _verifier(case)
    if case.get("replay_of"):
        first = BY_NAME[case["replay_of"]]
        assert _send(verifier, first, first["request"]) is None, "the replayed case is accepted first"
    assert _send(verifier, case, case["request"]) == case["reason"]
