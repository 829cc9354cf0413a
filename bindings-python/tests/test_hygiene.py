"""Secrets never show: not in repr(), not in error messages."""

from __future__ import annotations

import pytest

import paysign

XPAY_SECRET = "Sup3rS3cretXPay"
CS_SECRET = "U3VwM3JTM2NyZXRDeWJlclNvdXJjZQ=="  # base64 of "Sup3rS3cretCyberSource"
PS_KEY = "Sup3rS3cretPaySimple"
SECRETS = [XPAY_SECRET, CS_SECRET, "Sup3rS3cretCyberSource", PS_KEY]


def assert_clean(text: str) -> None:
    for s in SECRETS:
        assert s not in text, text
    assert "Sup3r" not in text, text


def test_repr_hides_secrets():
    signers = [
        paysign.XPaySigner("MYKEY", XPAY_SECRET),
        paysign.XPaySigner("MYKEY", XPAY_SECRET.encode(), full_path=True),
        paysign.CyberSourceSigner("testrest", "key-1", CS_SECRET),
        paysign.PaySimpleSigner("APIUser1000", PS_KEY),
    ]
    for s in signers:
        for text in (repr(s), str(s), format(s)):
            assert_clean(text)
    assert repr(signers[0]) == "XPaySigner(api_key='MYKEY', full_path=False)"
    assert repr(signers[1]) == "XPaySigner(api_key='MYKEY', full_path=True)"
    assert repr(signers[2]) == "CyberSourceSigner(merchant_id='testrest', key_id='key-1')"
    assert repr(signers[3]) == "PaySimpleSigner(username='APIUser1000')"
    assert not hasattr(signers[0], "__dict__")
    for s in signers:
        for name in dir(s):
            if not name.startswith("__"):
                assert_clean(repr(getattr(s, name)))


def test_integration_repr_hides_secrets():
    pytest.importorskip("requests")
    from paysign.requests import CyberSourceAuth, PaySimpleAuth, XPayAuth

    for auth in (XPayAuth("K", XPAY_SECRET), CyberSourceAuth("m", "k", CS_SECRET), PaySimpleAuth("u", PS_KEY)):
        assert_clean(repr(auth))
        assert_clean(repr(vars(auth)))


def _errors():
    """Calls that fail, each with secrets among the arguments."""
    yield lambda: paysign.x_pay_token(XPAY_SECRET, "a\nb", "apikey=K")
    yield lambda: paysign.x_pay_token(XPAY_SECRET, "a", "?apikey=K")
    yield lambda: paysign.verify_x_pay_token(XPAY_SECRET, "xv2:1:" + "0" * 64, "a", "apikey=K")
    yield lambda: paysign.verify_x_pay_token(XPAY_SECRET, "xv2:1:" + "0" * 64, "a", "apikey=K", max_skew=-5)
    yield lambda: paysign.cybersource_signature(key_id="k", shared_secret=CS_SECRET + "!", merchant_id="m",
                                                host="h", method="GET", request_target="/")
    yield lambda: paysign.cybersource_signature(key_id="k", shared_secret=CS_SECRET[:-2], merchant_id="m",
                                                host="h", method="GET", request_target="/")
    yield lambda: paysign.cybersource_signature(key_id="k", shared_secret=CS_SECRET, merchant_id="m",
                                                host="h", method="GET", request_target="/", date="now")
    yield lambda: paysign.verify_cybersource_signature(shared_secret=CS_SECRET, headers={}, method="GET",
                                                       request_target="/")
    yield lambda: paysign.verify_cybersource_signature(shared_secret=CS_SECRET + "x", headers={},
                                                       method="GET", request_target="/")
    yield lambda: paysign.paysimple_header("u", PS_KEY, timestamp="yesterday")
    yield lambda: paysign.paysimple_header("u;", PS_KEY)
    yield lambda: paysign.verify_paysimple_header("PSSERVER accessid=u; timestamp=2017-07-20T20:45:44Z; "
                                                  "signature=" + PS_KEY, PS_KEY)
    yield lambda: paysign.CyberSourceSigner("m", "k", "Sup3rS3cretCyberSource")
    yield lambda: paysign.XPaySigner("K", XPAY_SECRET).sign("GET", "https://x.test/?apiKey=" + "x")
    yield lambda: paysign.XPaySigner("K\n", XPAY_SECRET)
    yield lambda: paysign.PaySimpleSigner("u", PS_KEY).sign("GET", "not a url")


@pytest.mark.parametrize("call", list(_errors()))
def test_error_messages_hide_secrets(call):
    with pytest.raises(paysign.PaysignError) as info:
        call()
    err = info.value
    assert_clean(str(err))
    assert_clean(repr(err))
    assert_clean(repr(err.args))
    assert_clean(repr(vars(err)))
