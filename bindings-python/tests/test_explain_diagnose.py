"""Issue 14: explain and diagnose as data, and one time override in every signer."""

from __future__ import annotations

import inspect
from datetime import datetime, timedelta, timezone

import pytest

import paysign
from conftest import table

XPAY_KEY = "KSKDFJOP934ALSFDJP34"
XPAY_SECRET = "shared-secret"
XPAY_URL = "https://sandbox.api.visa.com/vdp/helloworld?apikey=" + XPAY_KEY
CS = ("testrest", "08c94330-f618-42a3-b09d-e1e43be5efda", "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=")
UTC = timezone.utc


# ---------------------------------------------------------------- the names of issue 14

@pytest.mark.parametrize("name,sig", [
    ("explain_x_pay_token", "(*, api_key, shared_secret=None, method, url, body=b'', full_path=False, time=None)"),
    ("explain_cybersource_signature", "(*, merchant_id, key_id, shared_secret=None, method, url, body=b'', time=None)"),
    ("explain_paysimple_header", "(*, username, api_key=None, time=None)"),
    ("diagnose_x_pay_token", "(token, *, api_key, shared_secret, method, url, body=b'', full_path=False, time=None)"),
    ("diagnose_cybersource_signature", "(headers, *, merchant_id, key_id, shared_secret, method, url, body=b'', time=None)"),
    ("diagnose_paysimple_header", "(authorization, *, username, api_key, signed_timestamp=None)"),
])
def test_signatures(name, sig):
    fn = getattr(paysign, name)
    assert str(inspect.signature(fn)) == sig
    assert fn.__doc__


# ---------------------------------------------------------------- explain

def test_explain_x_pay_token_parts_and_bytes():
    e = paysign.explain_x_pay_token(api_key="K", method="GET", url="https://sandbox.api.visa.com/vdp/helloworld?b=2&a=1",
                                    time=1455716783)
    assert isinstance(e, paysign.Explanation)
    assert e.scheme == "xpay"
    assert e.signed == b"1455716783helloworlda=1&apikey=K&b=2"
    assert [p.name for p in e.parts] == ["timestamp", "resource path", "query string", "body"]
    assert all(isinstance(p, paysign.ExplanationPart) for p in e.parts)
    name, value, why = e.parts[1]
    assert (name, value) == ("resource path", '`helloworld`')
    assert "/vdp/" in why
    assert "sorted" in e.parts[2].why and "apikey" in e.parts[2].why
    assert e.request_line == "GET https://sandbox.api.visa.com/vdp/helloworld?a=1&apikey=K&b=2"
    assert e.headers == {} and e.missing_secret
    assert e.text.startswith(e.layout) and "1455716783helloworlda=1&apikey=K&b=2" in e.text
    assert str(e) == e.text


def test_explain_with_secret_gives_the_signers_headers():
    e = paysign.explain_x_pay_token(api_key=XPAY_KEY, shared_secret=XPAY_SECRET, method="POST", url=XPAY_URL,
                                    body=b'{"a":1}', time=1455716783)
    signed = paysign.XPaySigner(XPAY_KEY, XPAY_SECRET).sign("POST", XPAY_URL, b'{"a":1}', time=1455716783)
    assert e.headers == {"x-pay-token": signed.headers["x-pay-token"]}
    assert e.signed == b"1455716783helloworldapikey=" + XPAY_KEY.encode() + b'{"a":1}'
    assert e.missing_secret is None
    full = paysign.explain_x_pay_token(api_key="K", method="GET", url="https://x.test/vdp/helloworld", full_path=True,
                                       time=1)
    assert full.signed == b"1vdp/helloworldapikey=K"


def test_explain_cybersource_signature():
    merchant, key_id, secret = CS
    url = "https://apitest.cybersource.com/pts/v2/payments"
    e = paysign.explain_cybersource_signature(merchant_id=merchant, key_id=key_id, shared_secret=secret, method="POST",
                                              url=url, body=b"{}", time="Thu, 18 Jul 2019 00:18:03 GMT")
    headers = paysign.CyberSourceSigner(*CS).sign("POST", url, b"{}", date="Thu, 18 Jul 2019 00:18:03 GMT").headers
    assert e.headers == headers
    assert e.signed.decode().splitlines() == [
        "host: apitest.cybersource.com", "date: Thu, 18 Jul 2019 00:18:03 GMT",
        "request-target: post /pts/v2/payments", "digest: " + headers["Digest"], "v-c-merchant-id: testrest"]
    assert [p.name for p in e.parts] == ["host", "date", "request-target", "digest", "v-c-merchant-id"]
    no_secret = paysign.explain_cybersource_signature(merchant_id=merchant, key_id=key_id, method="POST", url=url,
                                                      body=b"{}", time=1563409083)
    assert no_secret.signed == e.signed and no_secret.headers == {}


def test_explain_paysimple_header():
    e = paysign.explain_paysimple_header(username="APIUser1000", api_key="my_api_key",
                                         time="2017-07-20T20:45:44.0973928Z")
    assert e.signed == b"2017-07-20T20:45:44.0973928Z"
    assert e.headers == {"Authorization": paysign.paysimple_header("APIUser1000", "my_api_key",
                                                                   timestamp="2017-07-20T20:45:44.0973928Z")}
    assert paysign.explain_paysimple_header(username="u", time=1500583544).signed == b"2017-07-20T20:45:44.0000000Z"


def test_explain_bad_input_names_the_field():
    with pytest.raises(paysign.PaysignError) as info:
        paysign.explain_x_pay_token(api_key="K", method="GET", url="not a url")
    assert info.value.field == "url"
    with pytest.raises(paysign.PaysignError) as info:
        paysign.explain_cybersource_signature(merchant_id="m", key_id="k", method="GET", url="https://h/", time="now")
    assert info.value.field == "time"
    with pytest.raises(TypeError):
        paysign.explain_x_pay_token(api_key="K", method="GET", url="https://h/", time=True)


# ---------------------------------------------------------------- diagnose

def _diagnose(case):
    inp = dict(case["input"])
    scheme = case["scheme"]
    if scheme == "xpay":
        return paysign.diagnose_x_pay_token(inp.pop("token"), **inp)
    if scheme == "cybersource":
        return paysign.diagnose_cybersource_signature(inp.pop("headers"), **inp)
    if scheme == "paysimple":
        return paysign.diagnose_paysimple_header(inp.pop("authorization"), **inp)
    if scheme == "cybersource-webhook":
        return paysign.diagnose_cybersource_webhook(inp.pop("headers"), **inp)
    raise AssertionError("unknown scheme %r" % scheme)


@pytest.mark.parametrize("case", table("diagnose"))
def test_diagnose_table(case):
    d = _diagnose(case)
    assert isinstance(d, paysign.Diagnosis)
    assert d.valid is case["valid"]
    assert d.mistakes == tuple(case["mistakes"])
    assert isinstance(d.message, str) and d.message
    if d.valid:
        assert d.expected is None


def test_diagnose_valid_and_wrong_token():
    good = paysign.x_pay_token(XPAY_SECRET, "helloworld", "apikey=" + XPAY_KEY, timestamp=1455716783)
    kw = dict(api_key=XPAY_KEY, shared_secret=XPAY_SECRET, method="GET", url=XPAY_URL, time=1455716783)
    ok = paysign.diagnose_x_pay_token(good, **kw)
    assert (ok.valid, ok.mistakes, ok.expected) == (True, (), None)
    slash = paysign.x_pay_token(XPAY_SECRET, "/helloworld", "apikey=" + XPAY_KEY, timestamp=1455716783)
    bad = paysign.diagnose_x_pay_token(slash, **kw)
    assert bad.valid is False
    assert bad.mistakes and bad.mistakes[0] == "resource_path_leading_slash"
    assert XPAY_SECRET not in bad.message and XPAY_SECRET not in repr(bad)


def test_diagnose_cybersource_headers_mapping_or_pairs():
    merchant, key_id, secret = CS
    url = "https://apitest.cybersource.com/pts/v2/payments"
    headers = paysign.CyberSourceSigner(*CS).sign("POST", url, b"{}", time=1563409083).headers
    kw = dict(merchant_id=merchant, key_id=key_id, shared_secret=secret, method="POST", url=url, body=b"{}")
    assert paysign.diagnose_cybersource_signature(headers, **kw).valid is True
    assert paysign.diagnose_cybersource_signature(list(headers.items()), **kw).valid is True
    assert paysign.diagnose_cybersource_signature([list(p) for p in headers.items()], **kw).valid is True
    tampered = dict(headers, Digest="SHA-256=" + "A" * 43 + "=")
    assert paysign.diagnose_cybersource_signature(tampered, **kw).valid is False


def test_diagnose_paysimple():
    h = paysign.paysimple_header("APIUser1000", "my_api_key", timestamp="2017-07-20T20:45:44.0973928Z")
    d = paysign.diagnose_paysimple_header(h, username="APIUser1000", api_key="my_api_key")
    assert d.valid is True and d.mistakes == ()
    with pytest.raises(TypeError):
        paysign.diagnose_paysimple_header(h, username="APIUser1000", api_key=b"my_api_key")


# ---------------------------------------------------------------- one time override

XPAY_T = 1455716783  # 2016-02-17T13:46:23Z


@pytest.mark.parametrize("time", [
    XPAY_T, str(XPAY_T), datetime(2016, 2, 17, 13, 46, 23, tzinfo=UTC),
    datetime(2016, 2, 17, 14, 46, 23, tzinfo=timezone(timedelta(hours=1))),
], ids=["int", "str", "datetime_utc", "datetime_plus_one"])
def test_xpay_time_forms(time):
    signer = paysign.XPaySigner(XPAY_KEY, XPAY_SECRET)
    want = paysign.x_pay_token(XPAY_SECRET, "helloworld", "apikey=" + XPAY_KEY, timestamp=XPAY_T)
    assert signer.sign("GET", XPAY_URL, time=time).headers["x-pay-token"] == want
    assert signer.sign("GET", XPAY_URL, timestamp=time).headers["x-pay-token"] == want


@pytest.mark.parametrize("time", [
    1563409083, "Thu, 18 Jul 2019 00:18:03 GMT", datetime(2019, 7, 18, 0, 18, 3, 999999, tzinfo=UTC),
    datetime(2019, 7, 17, 19, 18, 3, tzinfo=timezone(timedelta(hours=-5))),
], ids=["int", "str", "datetime_fraction_dropped", "datetime_minus_five"])
def test_cybersource_time_forms(time):
    signer = paysign.CyberSourceSigner(*CS)
    url = "https://apitest.cybersource.com/pts/v2/payments"
    want = signer.sign("POST", url, b"{}", date="Thu, 18 Jul 2019 00:18:03 GMT")
    assert signer.sign("POST", url, b"{}", time=time) == want
    assert signer.sign("POST", url, b"{}", date=time) == want


def test_paysimple_time_forms():
    signer = paysign.PaySimpleSigner("APIUser1000", "my_api_key")

    def ts(**kw):
        h = signer.sign("GET", "https://sandbox-api.paysimple.com/v4/customer", **kw).headers["Authorization"]
        return h.split("timestamp=")[1].split(";")[0]

    assert ts(time="2017-07-20T20:45:44.0973928Z") == "2017-07-20T20:45:44.0973928Z"
    assert ts(timestamp="2017-07-20T20:45:44.0973928Z") == "2017-07-20T20:45:44.0973928Z"
    assert ts(time=1500583544) == "2017-07-20T20:45:44.0000000Z"
    assert ts(time=datetime(2017, 7, 20, 20, 45, 44, 97392, tzinfo=UTC)) == "2017-07-20T20:45:44.0973920Z"
    assert ts().endswith("Z") and len(ts()) == len("2017-07-20T20:45:44.0973928Z")


def test_time_refusals():
    signer = paysign.XPaySigner(XPAY_KEY, XPAY_SECRET)
    for bad in (True, False, 1.5, b"1455716783", [1]):
        with pytest.raises(TypeError, match="time"):
            signer.sign("GET", XPAY_URL, time=bad)
    with pytest.raises(TypeError, match="timestamp"):
        signer.sign("GET", XPAY_URL, timestamp=True)
    with pytest.raises(paysign.PaysignError) as info:
        signer.sign("GET", XPAY_URL, time=datetime(2016, 2, 17, 13, 46, 23))
    assert info.value.field == "time" and "naive" in str(info.value)
    with pytest.raises(paysign.PaysignError) as info:
        signer.sign("GET", XPAY_URL, time=1, timestamp=1)
    assert info.value.field == "time"
    # the error names the argument the time came from
    with pytest.raises(paysign.PaysignError) as info:
        signer.sign("GET", XPAY_URL, timestamp=-1)
    assert info.value.field == "timestamp"
    with pytest.raises(paysign.PaysignError) as info:
        signer.sign("GET", XPAY_URL, time="01455716783")
    assert info.value.field == "time"
    with pytest.raises(paysign.PaysignError) as info:
        paysign.CyberSourceSigner(*CS).sign("GET", "https://h.test/", date="yesterday")
    assert info.value.field == "date"
    with pytest.raises(paysign.PaysignError) as info:
        paysign.imf_fixdate(-1)
    assert info.value.field == "unix_time"
    with pytest.raises(TypeError):
        paysign.x_pay_token(XPAY_SECRET, "a", "apikey=K", timestamp=True)
    with pytest.raises(TypeError):
        paysign.imf_fixdate(True)
