"""The public API: exact signatures, argument types, errors, round trips."""

from __future__ import annotations

import array
import inspect
import pickle
import time

import pytest

import paysign

XPAY_SECRET = "s3cr3t-Shared_Secret"
CS_SECRET = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE="
CS_KEY_ID = "08c94330-f618-42a3-b09d-e1e43be5efda"
PS_KEY = "my_api_key"


# ---------------------------------------------------------------- the API of issue 3

EXPECTED_SIGNATURES = {
    "x_pay_token": "(shared_secret, resource_path, query_string, body=b'', *, timestamp=None)",
    "cybersource_signature": "(*, key_id, shared_secret, merchant_id, host, method, request_target, body=b'', date=None)",
    "paysimple_header": "(username, api_key, *, timestamp=None)",
    "verify_x_pay_token": "(shared_secret, token, resource_path, query_string, body=b'', *, now=None, max_skew=300)",
    "verify_cybersource_signature": "(*, shared_secret, headers, method, request_target, body=b'', now=None, max_skew=300)",
    "verify_paysimple_header": "(header, api_key, *, now=None, max_skew=300)",
}


@pytest.mark.parametrize("name,sig", sorted(EXPECTED_SIGNATURES.items()))
def test_signatures(name, sig):
    fn = getattr(paysign, name)
    assert str(inspect.signature(fn)) == sig
    assert fn.__doc__ and len(fn.__doc__) > 20


def test_signer_signatures():
    # one time override (`time=`) in every signer; the round-1 keyword stays as its alias
    assert str(inspect.signature(paysign.XPaySigner.sign)) == "(self, /, method, url, body=b'', *, time=None, timestamp=None)"
    assert str(inspect.signature(paysign.CyberSourceSigner.sign)) == "(self, /, method, url, body=b'', *, time=None, date=None)"
    assert str(inspect.signature(paysign.PaySimpleSigner.sign)) == "(self, /, method, url, body=b'', *, time=None, timestamp=None)"


def test_keyword_only_is_enforced():
    with pytest.raises(TypeError):
        paysign.x_pay_token(XPAY_SECRET, "hello", "apikey=K", b"", 1455716783)
    with pytest.raises(TypeError):
        paysign.cybersource_signature(CS_KEY_ID, CS_SECRET, "m", "h", "GET", "/")
    with pytest.raises(TypeError):
        paysign.paysimple_header("u", PS_KEY, "2017-07-20T20:45:44.0973928Z")
    with pytest.raises(TypeError):
        paysign.verify_paysimple_header("h", PS_KEY, 0)
    with pytest.raises(TypeError):
        paysign.XPaySigner("K", XPAY_SECRET, True)


def test_exception_hierarchy():
    assert issubclass(paysign.PaysignError, ValueError)
    assert issubclass(paysign.VerificationError, paysign.PaysignError)
    for cls in (paysign.PaysignError, paysign.VerificationError, paysign.SignedRequest,
                paysign.XPaySigner, paysign.CyberSourceSigner, paysign.PaySimpleSigner):
        assert cls.__module__ == "paysign", cls
    for obj in (paysign.PaysignError, paysign.VerificationError, paysign.XPaySigner,
                paysign.CyberSourceSigner, paysign.PaySimpleSigner, paysign.SignedRequest):
        assert obj.__doc__


def test_public_names_documented():
    for name in paysign.__all__:
        obj = getattr(paysign, name)
        if callable(obj):
            assert obj.__doc__, name
    for cls in (paysign.XPaySigner, paysign.CyberSourceSigner, paysign.PaySimpleSigner):
        assert cls.sign.__doc__


def test_version():
    assert paysign.__version__ == paysign.CORE_VERSION
    assert paysign.__version__.count(".") == 2
    assert paysign.DEFAULT_MAX_SKEW == 300


# ---------------------------------------------------------------- argument types

BODY = '{"amount":"10.00","note":"café ☕"}'


@pytest.mark.parametrize(
    "body",
    [
        BODY,
        BODY.encode(),
        bytearray(BODY.encode()),
        memoryview(BODY.encode()),
        memoryview(b"xx" + BODY.encode() + b"yy")[2:-2],
        array.array("B", BODY.encode()),
    ],
    ids=["str", "bytes", "bytearray", "memoryview", "memoryview_slice", "array"],
)
def test_body_types_agree(body):
    want = paysign.x_pay_token(XPAY_SECRET, "hello", "apikey=K", BODY.encode(), timestamp=1)
    assert paysign.x_pay_token(XPAY_SECRET, "hello", "apikey=K", body, timestamp=1) == want
    h = paysign.cybersource_signature(
        key_id=CS_KEY_ID, shared_secret=CS_SECRET, merchant_id="m", host="h",
        method="POST", request_target="/", body=body, date="Thu, 18 Jul 2019 00:18:03 GMT",
    )
    assert h["Digest"] == paysign.cybersource_signature(
        key_id=CS_KEY_ID, shared_secret=CS_SECRET, merchant_id="m", host="h",
        method="POST", request_target="/", body=BODY.encode(), date="Thu, 18 Jul 2019 00:18:03 GMT",
    )["Digest"]
    s = paysign.XPaySigner("K", XPAY_SECRET).sign("POST", "https://x.test/vdp/hello", body, timestamp=1)
    assert s.headers["x-pay-token"] == want


def test_default_body_is_empty():
    a = paysign.x_pay_token(XPAY_SECRET, "hello", "apikey=K", timestamp=5)
    assert a == paysign.x_pay_token(XPAY_SECRET, "hello", "apikey=K", b"", timestamp=5)
    assert a == paysign.x_pay_token(XPAY_SECRET, "hello", "apikey=K", "", timestamp=5)


@pytest.mark.parametrize("secret", [XPAY_SECRET, XPAY_SECRET.encode(), bytearray(XPAY_SECRET.encode()),
                                    memoryview(XPAY_SECRET.encode())])
def test_xpay_secret_types(secret):
    want = paysign.x_pay_token(XPAY_SECRET, "hello", "apikey=K", timestamp=5)
    assert paysign.x_pay_token(secret, "hello", "apikey=K", timestamp=5) == want
    assert paysign.XPaySigner("K", secret).sign("GET", "https://x.test/v/hello?apikey=K", timestamp=5).headers[
        "x-pay-token"] == want


@pytest.mark.parametrize(
    "call",
    [
        lambda: paysign.x_pay_token(XPAY_SECRET, 5, "apikey=K"),
        lambda: paysign.x_pay_token(XPAY_SECRET, b"hello", "apikey=K"),
        lambda: paysign.x_pay_token(XPAY_SECRET, "hello", "apikey=K", 12),
        lambda: paysign.x_pay_token(XPAY_SECRET, "hello", "apikey=K", timestamp=1.5),
        lambda: paysign.x_pay_token(XPAY_SECRET, "hello", "apikey=K", timestamp="1"),
        lambda: paysign.x_pay_token(12345, "hello", "apikey=K"),
        lambda: paysign.paysimple_header("u", PS_KEY, timestamp=1524153899),
        lambda: paysign.verify_cybersource_signature(shared_secret=CS_SECRET, headers="Host: x",
                                                     method="GET", request_target="/"),
        lambda: paysign.verify_cybersource_signature(shared_secret=CS_SECRET, headers={"Host": 1},
                                                     method="GET", request_target="/"),
        lambda: paysign.XPaySigner("K", None),
    ],
)
def test_wrong_types_raise_type_error(call):
    with pytest.raises(TypeError):
        call()


def test_lone_surrogate_is_a_paysign_error():
    with pytest.raises(paysign.PaysignError) as info:
        paysign.x_pay_token(XPAY_SECRET, "hello\udc80", "apikey=K", timestamp=1)
    assert info.value.field == "resource_path"
    with pytest.raises(paysign.PaysignError) as info:
        paysign.x_pay_token(XPAY_SECRET, "hello", "apikey=K", "body\ud800", timestamp=1)
    assert info.value.field == "body"


def test_huge_int_is_a_paysign_error():
    with pytest.raises(paysign.PaysignError) as info:
        paysign.x_pay_token(XPAY_SECRET, "hello", "apikey=K", timestamp=10**30)
    assert info.value.field == "timestamp"
    with pytest.raises(paysign.PaysignError) as info:
        paysign.verify_paysimple_header("x", PS_KEY, now=-(10**30))
    assert info.value.field == "now"


def test_negative_max_skew():
    token = paysign.x_pay_token(XPAY_SECRET, "hello", "apikey=K")
    with pytest.raises(paysign.PaysignError) as info:
        paysign.verify_x_pay_token(XPAY_SECRET, token, "hello", "apikey=K", max_skew=-1)
    assert info.value.field == "max_skew"
    assert not isinstance(info.value, paysign.VerificationError)


# ---------------------------------------------------------------- defaults: now

def test_default_times_are_now():
    before = int(time.time())
    token = paysign.x_pay_token(XPAY_SECRET, "hello", "apikey=K")
    after = int(time.time())
    assert before <= int(token.split(":")[1]) <= after
    h = paysign.cybersource_signature(key_id=CS_KEY_ID, shared_secret=CS_SECRET, merchant_id="m",
                                      host="h", method="GET", request_target="/")
    assert h["Date"] in {paysign.imf_fixdate(t) for t in range(before, after + 2)}
    header = paysign.paysimple_header("u", PS_KEY)
    assert "timestamp=%s" % paysign.paysimple_timestamp(before)[:16] in header


# ---------------------------------------------------------------- round trips and rejections

def test_xpay_round_trip_and_rejections():
    body = b'{"a":1}'
    token = paysign.x_pay_token(XPAY_SECRET, "payments/v1", "apikey=K", body)
    paysign.verify_x_pay_token(XPAY_SECRET, token, "payments/v1", "apikey=K", body)
    paysign.verify_x_pay_token(XPAY_SECRET.encode(), token, "payments/v1", "apikey=K", body.decode())
    cases = {
        "signature_mismatch": dict(body=b'{"a":2}'),
        "timestamp_out_of_window": dict(now=int(time.time()) + 301),
        "malformed_header": dict(token=token.upper()),
    }
    for reason, change in cases.items():
        args = dict(token=token, body=body)
        args.update(change)
        with pytest.raises(paysign.VerificationError) as info:
            paysign.verify_x_pay_token(XPAY_SECRET, args.pop("token"), "payments/v1", "apikey=K",
                                       args.pop("body"), **args)
        assert info.value.reason == reason
        assert info.value.field is None
        assert XPAY_SECRET not in str(info.value)
    # the window is inclusive and max_skew is honoured
    ts = int(token.split(":")[1])
    paysign.verify_x_pay_token(XPAY_SECRET, token, "payments/v1", "apikey=K", body, now=ts + 300)
    paysign.verify_x_pay_token(XPAY_SECRET, token, "payments/v1", "apikey=K", body, now=ts + 10,
                               max_skew=10)
    with pytest.raises(paysign.VerificationError):
        paysign.verify_x_pay_token(XPAY_SECRET, token, "payments/v1", "apikey=K", body, now=ts + 11,
                                   max_skew=10)
    # max_skew=None is the default window
    paysign.verify_x_pay_token(XPAY_SECRET, token, "payments/v1", "apikey=K", body, now=ts + 300,
                               max_skew=None)


def test_cybersource_round_trip_and_rejections():
    body = b'{"amount":"10.00"}'
    signer = paysign.CyberSourceSigner("testrest", CS_KEY_ID, CS_SECRET)
    url, headers = signer.sign("POST", "https://apitest.cybersource.com/pts/v2/payments?x=1#frag", body)
    assert url == "https://apitest.cybersource.com/pts/v2/payments?x=1"
    assert list(headers) == ["v-c-merchant-id", "Date", "Host", "Digest", "Signature"]
    kw = dict(shared_secret=CS_SECRET, method="POST", request_target="/pts/v2/payments?x=1")
    paysign.verify_cybersource_signature(headers=headers, body=body, **kw)
    lower = {k.lower(): v for k, v in headers.items()}
    paysign.verify_cybersource_signature(headers=lower, body=bytearray(body), **kw)
    with pytest.raises(paysign.VerificationError) as info:
        paysign.verify_cybersource_signature(headers=headers, body=b"{}", **kw)
    assert info.value.reason == "digest_mismatch"
    missing = {k: v for k, v in headers.items() if k != "Digest"}
    with pytest.raises(paysign.VerificationError) as info:
        paysign.verify_cybersource_signature(headers=missing, body=body, **kw)
    assert info.value.reason == "missing_header"
    other = paysign.CyberSourceSigner("testrest", CS_KEY_ID, "c2VjcmV0").sign(
        "POST", "https://apitest.cybersource.com/pts/v2/payments?x=1", body).headers
    with pytest.raises(paysign.VerificationError) as info:
        paysign.verify_cybersource_signature(headers=other, body=body, **kw)
    assert info.value.reason == "signature_mismatch"
    get = signer.sign("GET", "https://apitest.cybersource.com:8443/reporting?b=2&a=1")
    assert get.headers["Host"] == "apitest.cybersource.com:8443"
    assert "Digest" not in get.headers
    paysign.verify_cybersource_signature(shared_secret=CS_SECRET, headers=get.headers, method="get",
                                         request_target="/reporting?b=2&a=1")


def test_paysimple_round_trip_and_rejections():
    signer = paysign.PaySimpleSigner("APIUser1000", PS_KEY)
    url, headers = signer.sign("GET", "https://sandbox-api.paysimple.com/v4/customer")
    assert url == "https://sandbox-api.paysimple.com/v4/customer"
    paysign.verify_paysimple_header(headers["Authorization"], PS_KEY)
    with pytest.raises(paysign.VerificationError) as info:
        paysign.verify_paysimple_header(headers["Authorization"], "other_key")
    assert info.value.reason == "signature_mismatch"
    with pytest.raises(paysign.VerificationError) as info:
        paysign.verify_paysimple_header(headers["Authorization"], PS_KEY, now=0)
    assert info.value.reason == "timestamp_out_of_window"
    with pytest.raises(paysign.VerificationError) as info:
        paysign.verify_paysimple_header("Basic abc", PS_KEY)
    assert info.value.reason == "malformed_header"


def test_xpay_signer_url_handling():
    signer = paysign.XPaySigner("KEY", XPAY_SECRET)
    assert signer.api_key == "KEY" and signer.full_path is False
    s = signer.sign("GET", "https://sandbox.api.visa.com/vdp/helloworld?b=2&a=1#frag", timestamp=7)
    assert s.url == "https://sandbox.api.visa.com/vdp/helloworld?a=1&apikey=KEY&b=2"
    assert s.headers["x-pay-token"] == paysign.x_pay_token(XPAY_SECRET, "helloworld", "a=1&apikey=KEY&b=2",
                                                           timestamp=7)
    assert "Content-Type" not in s.headers
    full = paysign.XPaySigner("KEY", XPAY_SECRET, full_path=True)
    assert full.full_path is True
    f = full.sign("GET", "https://sandbox.api.visa.com/vdp/helloworld", timestamp=7)
    assert f.headers["x-pay-token"] == paysign.x_pay_token(XPAY_SECRET, "vdp/helloworld", "apikey=KEY",
                                                           timestamp=7)
    with pytest.raises(paysign.PaysignError) as info:
        signer.sign("GET", "https://x.test/vdp/h?apiKey=KEY")
    assert info.value.field == "url"
    with pytest.raises(paysign.PaysignError) as info:
        signer.sign("TRACE", "https://x.test/vdp/h")
    assert info.value.field == "method"
    with pytest.raises(paysign.PaysignError) as info:
        signer.sign("GET", "ftp://x.test/vdp/h")
    assert info.value.field == "url"


def test_signed_request_is_a_named_tuple():
    s = paysign.PaySimpleSigner("u", PS_KEY).sign("GET", "https://x.test/", timestamp="2017-07-20T20:45:44Z")
    url, headers = s
    assert (url, headers) == (s.url, s.headers) == (s[0], s[1])
    assert s._fields == ("url", "headers")
    assert isinstance(s.headers, dict)


def test_signer_constructor_errors():
    with pytest.raises(paysign.PaysignError) as info:
        paysign.CyberSourceSigner("m", CS_KEY_ID, "not base64!")
    assert info.value.field == "shared_secret"
    with pytest.raises(paysign.PaysignError) as info:
        paysign.PaySimpleSigner("a;b", PS_KEY)
    assert info.value.field == "username"
    with pytest.raises(paysign.PaysignError) as info:
        paysign.XPaySigner("", XPAY_SECRET)
    assert info.value.field == "api_key"
    with pytest.raises(paysign.PaysignError) as info:
        paysign.XPaySigner("K", b"")
    assert info.value.field == "shared_secret"


def test_time_helpers():
    assert paysign.imf_fixdate(1563409083) == "Thu, 18 Jul 2019 00:18:03 GMT"
    assert paysign.paysimple_timestamp(1500583544, 97392800) == "2017-07-20T20:45:44.0973928Z"
    assert paysign.paysimple_timestamp(0) == "1970-01-01T00:00:00.0000000Z"
    for call in (lambda: paysign.imf_fixdate(-1), lambda: paysign.paysimple_timestamp(0, 10**9),
                 lambda: paysign.paysimple_timestamp(0, -1)):
        with pytest.raises(paysign.PaysignError):
            call()


def test_errors_pickle():
    try:
        paysign.paysimple_header("", PS_KEY)
    except paysign.PaysignError as e:
        back = pickle.loads(pickle.dumps(e))
        assert (type(back), str(back), back.field) == (type(e), str(e), e.field)
    try:
        paysign.verify_paysimple_header("junk", PS_KEY)
    except paysign.VerificationError as e:
        back = pickle.loads(pickle.dumps(e))
        assert (type(back), str(back), back.reason) == (type(e), str(e), e.reason)


def test_signers_are_immutable():
    signer = paysign.XPaySigner("K", XPAY_SECRET)
    with pytest.raises(AttributeError):
        signer.api_key = "other"
    with pytest.raises(TypeError):
        pickle.dumps(signer)
