"""paysign.testing.Gateway and the paysign_gateway fixture, over real HTTP on
127.0.0.1: the requests and httpx auth classes are accepted; each scheme's
typical mistake, sent by a small client, is refused with its mistake id."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

import httpx
import pytest
import requests

import paysign
from paysign.httpx import CyberSourceAuth as HttpxCyberSourceAuth
from paysign.httpx import PaySimpleAuth as HttpxPaySimpleAuth
from paysign.httpx import XPayAuth as HttpxXPayAuth
from paysign.requests import CyberSourceAuth, PaySimpleAuth, XPayAuth
from paysign.testing import Gateway

VISA = {"api_key": "KSKDFJOP934ALSFDJP34", "shared_secret": "visa-Sh4red-S3cret-XYZ"}
CYBERSOURCE = {
    "merchant_id": "testrest",
    "key_id": "08c94330-f618-42a3-b09d-e1e43be5efda",
    "shared_secret": "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=",
}
PAYSIMPLE = {"username": "APIUser1000", "api_key": "ps-Api-Key-0987654321"}
PAYMENT = b'{"clientReferenceInformation":{"code":"TC50171_3"},"orderInformation":{"amountDetails":{"totalAmount":"102.21","currency":"USD"}}}'


@pytest.fixture(scope="module")
def gw():
    with Gateway(visa=VISA, cybersource=CYBERSOURCE, paysimple=PAYSIMPLE) as gateway:
        yield gateway


def raw_get(url, headers):
    """A small client: exactly these headers, no auth helper."""
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, dict(r.headers), json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), json.loads(e.read())


def test_url_is_loopback_and_requests_start_empty():
    with Gateway() as g:
        assert g.url.startswith("http://127.0.0.1:")
        assert g.requests == []
    with pytest.raises(RuntimeError):
        Gateway().url


def test_requests_auth_classes_are_accepted(gw):
    r = requests.get(gw.url + "/vdp/helloworld", auth=XPayAuth(VISA["api_key"], VISA["shared_secret"]), timeout=20)
    assert r.status_code == 200, r.text
    assert r.json()["message"] == "helloworld"
    assert r.json()["paysign"]["verdict"] == "accepted"

    r = requests.post(
        gw.url + "/pts/v2/payments",
        data=PAYMENT,
        headers={"Content-Type": "application/json"},
        auth=CyberSourceAuth(CYBERSOURCE["merchant_id"], CYBERSOURCE["key_id"], CYBERSOURCE["shared_secret"]),
        timeout=20,
    )
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "AUTHORIZED"
    assert r.json()["clientReferenceInformation"]["code"] == "TC50171_3"

    r = requests.get(gw.url + "/v4/customer", auth=PaySimpleAuth(PAYSIMPLE["username"], PAYSIMPLE["api_key"]), timeout=20)
    assert r.status_code == 200, r.text
    assert r.json()["paysign"]["scheme"] == "paysimple"

    last = gw.requests[-1]
    assert (last["verdict"], last["scheme"], last["target"]) == ("accepted", "paysimple", "/v4/customer")


def test_httpx_auth_classes_are_accepted(gw):
    with httpx.Client(timeout=20) as client:
        r = client.get(gw.url + "/vdp/helloworld?b=2&a=1", auth=HttpxXPayAuth(VISA["api_key"], VISA["shared_secret"]))
        assert r.status_code == 200, r.text
        r = client.post(
            gw.url + "/pts/v2/payments",
            content=PAYMENT.replace(b"TC50171_3", b"httpx"),
            auth=HttpxCyberSourceAuth(CYBERSOURCE["merchant_id"], CYBERSOURCE["key_id"], CYBERSOURCE["shared_secret"]),
        )
        assert r.status_code == 201, r.text
        r = client.get(gw.url + "/v4/payment", auth=HttpxPaySimpleAuth(PAYSIMPLE["username"], PAYSIMPLE["api_key"]))
        assert r.status_code == 200, r.text


def test_a_replayed_request_is_refused(gw):
    # Distinct from the other tests' requests: within one second the same
    # request signs to the same credential, which is a replay.
    query = "apikey=" + VISA["api_key"] + "&case=replay"
    token = paysign.x_pay_token(VISA["shared_secret"], "helloworld", query)
    first = raw_get(gw.url + "/vdp/helloworld?" + query, {"x-pay-token": token})
    second = raw_get(gw.url + "/vdp/helloworld?" + query, {"x-pay-token": token})
    assert first[0] == 200
    assert second[0] == 401
    assert second[2]["paysign"]["reason"] == "replayed"
    assert second[2]["responseStatus"]["code"] == "9121"


def test_xpay_leading_slash(gw):
    query = "apikey=" + VISA["api_key"]
    token = paysign.x_pay_token(VISA["shared_secret"], "/helloworld", query)
    status, headers, body = raw_get(gw.url + "/vdp/helloworld?" + query, {"x-pay-token": token})
    assert status == 401
    assert body["responseStatus"]["code"] == "9124"
    assert body["paysign"]["reason"] == "signature_mismatch"
    assert body["paysign"]["mistakes"] == ["resource_path_leading_slash"]
    assert headers["x-paysign-reason"] == "signature_mismatch"


def test_xpay_milliseconds_as_in_the_node_article(gw):
    query = "apikey=" + VISA["api_key"]
    ts = str(int(time.time() * 1000))
    mac = hmac.new(VISA["shared_secret"].encode(), (ts + "helloworld" + query).encode(), hashlib.sha256).hexdigest()
    status, _, body = raw_get(gw.url + "/vdp/helloworld?" + query, {"x-pay-token": "xv2:%s:%s" % (ts, mac)})
    assert status == 401
    assert body["paysign"]["reason"] == "timestamp_out_of_window"
    assert body["paysign"]["mistakes"] == ["timestamp_milliseconds"]


def test_cybersource_secret_not_base64_decoded(gw):
    host = gw.url.split("://", 1)[1]
    as_text = base64.b64encode(CYBERSOURCE["shared_secret"].encode()).decode()
    headers = paysign.cybersource_signature(
        key_id=CYBERSOURCE["key_id"], shared_secret=as_text, merchant_id="testrest",
        host=host, method="POST", request_target="/pts/v2/payments", body=PAYMENT,
    )
    r = requests.post(gw.url + "/pts/v2/payments", data=PAYMENT, headers=headers, timeout=20)
    assert r.status_code == 401
    assert r.json()["response"] == {"rmsg": "Authentication Failed"}
    assert r.json()["paysign"]["mistakes"] == ["secret_not_base64_decoded"]
    assert r.headers["x-paysign-reason"] == "signature_mismatch"


def test_paysimple_trailing_newline(gw):
    header = paysign.paysimple_header(PAYSIMPLE["username"], PAYSIMPLE["api_key"])
    # A raw newline cannot travel in a header (http.client refuses it); the
    # escaped form copied from a log or a JSON config is what arrives.
    status, _, body = raw_get(gw.url + "/v4/customer", {"Authorization": header + "\\n"})
    assert status == 401
    assert body["Meta"]["HttpStatusCode"] == 401
    assert body["paysign"]["mistakes"] == ["trailing_newline_in_base64"]
    record = gw.requests[-1]
    assert record["verdict"] == "refused"
    assert record["mistakes"] == ["trailing_newline_in_base64"]
    assert record["key_id"] == PAYSIMPLE["username"]


def test_no_credential_is_refused_with_a_reason(gw):
    status, headers, body = raw_get(gw.url + "/pts/v2/payments", {})
    assert status == 401
    assert body["paysign"]["reason"] == "missing_credential"
    assert headers["x-paysign-reason"] == "missing_credential"


def test_bad_configuration_names_the_field():
    with pytest.raises(paysign.PaysignError) as e:
        Gateway(visa={"api_key": "K"}).start()
    assert e.value.field == "visa.shared_secret"
    with pytest.raises(paysign.PaysignError) as e:
        Gateway(visa={"api_key": "K", "shared_secret": "s", "secret": "x"}).start()
    assert e.value.field == "visa.secret"
    with pytest.raises(TypeError):
        Gateway(paysimple={"username": "u", "api_key": 5}).start()
    with pytest.raises(paysign.PaysignError) as e:
        Gateway(cybersource={"merchant_id": "m", "key_id": "k", "shared_secret": "not base64!"}).start()
    assert "not base64!" not in str(e.value)


def test_the_fixture_defaults_to_the_sandbox(paysign_gateway):
    r = requests.post(
        paysign_gateway.url + "/pts/v2/payments",
        data=PAYMENT,
        auth=CyberSourceAuth(CYBERSOURCE["merchant_id"], CYBERSOURCE["key_id"], CYBERSOURCE["shared_secret"]),
        timeout=20,
    )
    assert r.status_code == 201, r.text
    assert [q["verdict"] for q in paysign_gateway.requests] == ["accepted"]


@pytest.mark.paysign_gateway(visa=VISA)
def test_the_fixture_takes_credentials_from_a_marker(paysign_gateway):
    r = requests.get(paysign_gateway.url + "/vdp/helloworld", auth=XPayAuth(VISA["api_key"], VISA["shared_secret"]), timeout=20)
    assert r.status_code == 200, r.text
