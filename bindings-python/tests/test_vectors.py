"""Every vector of every file in tests/vectors, byte for byte."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest
from conftest import body_of, cases, load

import paysign

# ---------------------------------------------------------------- xpay.json


@pytest.mark.parametrize("v", cases("xpay.json", "sign"))
def test_xpay_sign(v):
    body = body_of(v)
    exp = v["expected"]
    token = paysign.x_pay_token(
        v["shared_secret"], v["resource_path"], v["query_string"], body, timestamp=v["timestamp"]
    )
    assert token == exp["token"]
    # the secret as bytes gives the same token
    assert (
        paysign.x_pay_token(
            v["shared_secret"].encode(),
            v["resource_path"],
            v["query_string"],
            body,
            timestamp=v["timestamp"],
        )
        == token
    )
    if "message_b64" in exp:
        # the token is the HMAC of exactly the expected message
        message = base64.b64decode(exp["message_b64"])
        mac = hmac.new(v["shared_secret"].encode(), message, hashlib.sha256).hexdigest()
        assert token == "xv2:%d:%s" % (v["timestamp"], mac)
    # and it verifies at its own time
    paysign.verify_x_pay_token(
        v["shared_secret"], token, v["resource_path"], v["query_string"], body, now=v["timestamp"]
    )


@pytest.mark.parametrize("v", cases("xpay.json", "request"))
def test_xpay_request(v):
    body = body_of(v)
    exp = v["expected"]
    signer = paysign.XPaySigner(v["api_key"], v["shared_secret"], full_path=v["full_path"])
    signed = signer.sign(v["method"], v["url"], body, timestamp=v["timestamp"])
    assert isinstance(signed, paysign.SignedRequest)
    assert signed.url == exp["url"]
    assert signed.headers == exp["headers"]
    assert list(signed.headers) == list(exp["headers"])
    # the resource path and query signed are the expected ones
    assert signed.headers["x-pay-token"] == paysign.x_pay_token(
        v["shared_secret"], exp["resource_path"], exp["query_string"], body, timestamp=v["timestamp"]
    )
    assert signed.url.endswith("?" + exp["query_string"])


# ---------------------------------------------------------------- cybersource.json


@pytest.mark.parametrize("v", cases("cybersource.json", "sign"))
def test_cybersource_sign(v):
    body = body_of(v)
    exp = v["expected"]
    headers = paysign.cybersource_signature(
        key_id=v["key_id"],
        shared_secret=v["shared_secret"],
        merchant_id=v["merchant_id"],
        host=v["host"],
        method=v["method"],
        request_target=v["request_target"],
        body=body,
        date=v["date"],
    )
    assert headers == exp["headers"]
    assert list(headers) == list(exp["headers"])
    # the Signature is the HMAC of exactly the expected signing string
    mac = hmac.new(
        base64.b64decode(v["shared_secret"]), exp["signing_string"].encode(), hashlib.sha256
    ).digest()
    assert 'signature="%s"' % base64.b64encode(mac).decode() in headers["Signature"]
    # and the headers verify at their own time
    paysign.verify_cybersource_signature(
        shared_secret=v["shared_secret"],
        headers=headers,
        method=v["method"],
        request_target=v["request_target"],
        body=body,
        now=_unix(v["date"]),
    )


def _unix(imf_date: str) -> int:
    import email.utils

    return int(email.utils.parsedate_to_datetime(imf_date).timestamp())


@pytest.mark.parametrize("v", cases("cybersource.json", "request"))
def test_cybersource_request(v):
    body = body_of(v)
    exp = v["expected"]
    assert paysign.imf_fixdate(v["time"]) == exp["date"]
    signer = paysign.CyberSourceSigner(v["merchant_id"], v["key_id"], v["shared_secret"])
    signed = signer.sign(v["method"], v["url"], body, date=paysign.imf_fixdate(v["time"]))
    assert signed.url == exp["url"]
    assert signed.headers == exp["headers"]
    assert list(signed.headers) == list(exp["headers"])
    assert signed.headers["Host"] == exp["host"]
    assert signed.headers["Date"] == exp["date"]
    # the same headers as the flat function over the expected host and request target
    assert signed.headers == paysign.cybersource_signature(
        key_id=v["key_id"],
        shared_secret=v["shared_secret"],
        merchant_id=v["merchant_id"],
        host=exp["host"],
        method=v["method"],
        request_target=exp["request_target"],
        body=body,
        date=exp["date"],
    )


# ---------------------------------------------------------------- paysimple.json


@pytest.mark.parametrize("v", cases("paysimple.json", "sign"))
def test_paysimple_sign(v):
    exp = v["expected"]
    header = paysign.paysimple_header(v["username"], v["api_key"], timestamp=v["timestamp"])
    assert header == exp["header"]
    assert header.endswith("; signature=" + exp["signature"])


@pytest.mark.parametrize("v", cases("paysimple.json", "request"))
def test_paysimple_request(v):
    exp = v["expected"]
    timestamp = paysign.paysimple_timestamp(v["time"], v["nanos"])
    assert timestamp == exp["timestamp"]
    signer = paysign.PaySimpleSigner(v["username"], v["api_key"])
    signed = signer.sign(v["method"], v["url"], timestamp=timestamp)
    assert signed.headers == exp["headers"]
    assert signed.url == v["url"].split("#")[0]


# ---------------------------------------------------------------- hmac_sha256_rfc4231.json


@pytest.mark.parametrize("v", [pytest.param(c, id=c["name"]) for c in load("hmac_sha256_rfc4231.json")["cases"]])
def test_rfc4231(v):
    mac = paysign.hmac_sha256(bytes.fromhex(v["key_hex"]), bytes.fromhex(v["data_hex"]))
    assert len(mac) == 32
    assert mac.hex()[: v["truncate_bits"] // 4] == v["mac_hex"]


# ---------------------------------------------------------------- verify.json


def _outcome(call):
    try:
        call()
    except paysign.VerificationError as e:
        assert e.field is None
        assert str(e)
        return e.reason
    return "valid"


@pytest.mark.parametrize("v", cases("verify.json", "xpay"))
def test_verify_xpay(v):
    got = _outcome(
        lambda: paysign.verify_x_pay_token(
            v["shared_secret"],
            v["token"],
            v["resource_path"],
            v["query_string"],
            body_of(v),
            now=v["now"],
            max_skew=v["max_skew"],
        )
    )
    assert got == v["expected"]


@pytest.mark.parametrize("v", cases("verify.json", "cybersource"))
def test_verify_cybersource(v):
    got = _outcome(
        lambda: paysign.verify_cybersource_signature(
            shared_secret=v["shared_secret"],
            headers=v["headers"],
            method=v["method"],
            request_target=v["request_target"],
            body=body_of(v),
            now=v["now"],
            max_skew=v["max_skew"],
        )
    )
    assert got == v["expected"]
    # headers as a list of pairs verify the same way
    got_pairs = _outcome(
        lambda: paysign.verify_cybersource_signature(
            shared_secret=v["shared_secret"],
            headers=list(v["headers"].items()),
            method=v["method"],
            request_target=v["request_target"],
            body=body_of(v),
            now=v["now"],
            max_skew=v["max_skew"],
        )
    )
    assert got_pairs == v["expected"]


@pytest.mark.parametrize("v", cases("verify.json", "paysimple"))
def test_verify_paysimple(v):
    got = _outcome(
        lambda: paysign.verify_paysimple_header(
            v["header"], v["api_key"], now=v["now"], max_skew=v["max_skew"]
        )
    )
    assert got == v["expected"]


# ---------------------------------------------------------------- invalid.json

SECRET_ARGS = {"xpay": ["shared_secret"], "cybersource": ["shared_secret"], "paysimple": ["api_key"]}


def _call_invalid(section, a):
    body = body_of(a)
    if section == "xpay":
        return paysign.x_pay_token(
            a["shared_secret"], a["resource_path"], a["query_string"], body, timestamp=a["timestamp"]
        )
    if section == "cybersource":
        return paysign.cybersource_signature(
            key_id=a["key_id"],
            shared_secret=a["shared_secret"],
            merchant_id=a["merchant_id"],
            host=a["host"],
            method=a["method"],
            request_target=a["request_target"],
            body=body,
            date=a["date"],
        )
    return paysign.paysimple_header(a["username"], a["api_key"], timestamp=a["timestamp"])


def _invalid_cases():
    data = load("invalid.json")
    return [pytest.param(s, c, id=c["name"]) for s in ("xpay", "cybersource", "paysimple") for c in data[s]]


@pytest.mark.parametrize("section,v", _invalid_cases())
def test_invalid(section, v):
    with pytest.raises(paysign.PaysignError) as info:
        _call_invalid(section, v["args"])
    err = info.value
    assert not isinstance(err, paysign.VerificationError)
    assert isinstance(err, ValueError)
    assert err.field == v["field"]
    message = str(err)
    assert v["field"] in message
    assert message.startswith(v["field"] + ": ")
    for name in SECRET_ARGS[section]:
        secret = v["args"][name]
        if secret:
            assert secret not in message
            assert secret not in repr(err)
