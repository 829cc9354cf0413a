#!/usr/bin/env python3
"""Generate tests/adversarial/cases.json: what an attacker sends a server, and
what each whole-request verifier must answer (format in README.md).

Python standard library only; the signatures come from the independent
implementation in tests/vectors/generate.py, never from the Rust core. Every
input is fixed here, so running it again writes a byte-identical file.

    python3 tests/adversarial/generate.py           # (re)write cases.json
    python3 tests/adversarial/generate.py --check   # exit 1 if cases.json differs
"""

import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("vectors", os.path.join(HERE, "..", "vectors", "generate.py"))
V = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(V)

ONE_MB = 1024 * 1024
# Over every stated limit (the longest, a header value, is 8192 bytes); the one
# 1 MB case is the Signature the issue tried.
OVER_LIMIT = 16 * 1024

# ---- X-Pay-Token ----------------------------------------------------------
XK, XS, XT = "KSKDFJOP934ALSFDJP34", "shared-secret", 1455716783
XHOST = "https://sandbox.api.visa.com"

# ---- CyberSource ------------------------------------------------------------
CK, CS = V.SANDBOX_KEY_ID if hasattr(V, "SANDBOX_KEY_ID") else "08c94330-f618-42a3-b09d-e1e43be5efda", \
    "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE="
CM, CH, CT = "testrest", "apitest.cybersource.com", 1563409083
CBODY = '{"clientReferenceInformation":{"code":"TC50171_3"},"orderInformation":{"amountDetails":{"totalAmount":"102.21","currency":"USD"}}}'

# ---- PaySimple ----------------------------------------------------------------
PU, PK, PT = "APIUser1000", "ak-0f9e8d7c6b5a", 1500583544

cases = []


def case(name, scheme, keys, request, reason, now, max_skew=None, full_path=False, replay_of=None):
    c = {"name": name, "scheme": scheme, "keys": keys, "full_path": full_path, "max_skew": max_skew,
         "now": now, "request": request, "reason": reason}
    if replay_of is not None:
        assert any(p["name"] == replay_of and p["reason"] is None for p in cases), replay_of
        c["replay_of"] = replay_of
    assert all(p["name"] != name for p in cases), name
    cases.append(c)


def req(method, url, headers, body=""):
    return {"method": method, "url": url, "headers": [list(h) for h in headers], "body": body}


# X-Pay ------------------------------------------------------------------------

def xtoken(ts, path="/vdp/helloworld", query="apikey=" + XK, body="", secret=XS, full_path=False):
    rp = V.xpay_resource_path(path, full_path)
    return V.xpay_token(secret, ts, rp, query, body.encode("utf-8"))


def xcase(name, headers, reason, url=XHOST + "/vdp/helloworld?apikey=" + XK, now=XT, method="GET", body="", **kw):
    case(name, "xpay", {XK: XS}, req(method, url, headers, body), reason, now, **kw)


def build_xpay():
    good = xtoken(XT)
    xcase("xpay accepted", [("x-pay-token", good)], None)
    xcase("xpay leading zeros in the timestamp", [("x-pay-token", good.replace("xv2:", "xv2:00", 1))], "malformed_header")
    xcase("xpay duplicated x-pay-token", [("x-pay-token", good), ("X-Pay-Token", good)], "duplicate_header")
    xcase("xpay replay of the accepted token", [("x-pay-token", good)], "replayed", replay_of="xpay accepted")
    for zeros in ("0", "00000000"):
        xcase("xpay %d leading zeros (a second spelling of a fresh token)" % len(zeros),
              [("x-pay-token", xtoken(XT + 1).replace("xv2:", "xv2:" + zeros, 1))], "malformed_header")
    t2 = xtoken(XT + 2)
    xcase("xpay duplicated x-pay-token, second one different", [("x-pay-token", t2), ("x-pay-token", xtoken(XT + 3))], "duplicate_header")
    xcase("xpay duplicated x-pay-token, same case", [("x-pay-token", t2), ("x-pay-token", t2)], "duplicate_header")
    q2 = "apikey=%s&apikey=%s" % (XK, XK)
    xcase("xpay apikey twice in the query", [("x-pay-token", xtoken(XT, query=q2))], "duplicate_header",
          url=XHOST + "/vdp/helloworld?" + q2)
    xcase("xpay unknown API key", [("x-pay-token", xtoken(XT, query="apikey=OTHER"))], "unknown_key",
          url=XHOST + "/vdp/helloworld?apikey=OTHER")
    xcase("xpay no apikey in the query", [("x-pay-token", xtoken(XT, query=""))], "missing_header",
          url=XHOST + "/vdp/helloworld")
    xcase("xpay missing x-pay-token", [("accept", "application/json")], "missing_header")
    xcase("xpay uppercase hex", [("x-pay-token", xtoken(XT + 4).upper().replace("XV2:", "xv2:"))], "malformed_header")
    xcase("xpay token with trailing space", [("x-pay-token", xtoken(XT + 5) + " ")], "malformed_header")
    xcase("xpay 16 KiB token", [("x-pay-token", xtoken(XT + 6) + "0" * OVER_LIMIT)], "malformed_header")
    xcase("xpay timestamp in milliseconds", [("x-pay-token", xtoken(XT * 1000))], "timestamp_out_of_window")
    for label, skew, reason in [("480 s old (Visa's edge)", -480, None), ("481 s old", -481, "timestamp_out_of_window"),
                                ("480 s ahead", 480, None), ("481 s ahead", 481, "timestamp_out_of_window")]:
        xcase("xpay window: signed " + label, [("x-pay-token", xtoken(XT + 100 + skew))], reason, now=XT + 100)
    xcase("xpay max_skew 60 overrides the window", [("x-pay-token", xtoken(XT + 200))], "timestamp_out_of_window",
          now=XT + 261, max_skew=60)
    body = '{"amount":"10.00"}'
    xcase("xpay body tampered", [("x-pay-token", xtoken(XT + 7, body=body))], "signature_mismatch",
          method="POST", body='{"amount":"99.00"}')
    xcase("xpay POST accepted", [("x-pay-token", xtoken(XT + 7, body=body))], None, method="POST", body=body)
    xcase("xpay POST replayed", [("x-pay-token", xtoken(XT + 7, body=body))], "replayed", method="POST", body=body,
          replay_of="xpay POST accepted")
    xcase("xpay signed with another secret", [("x-pay-token", xtoken(XT + 8, secret="other"))], "signature_mismatch")
    xcase("xpay full_path verifier", [("x-pay-token", xtoken(XT + 9, full_path=True))], None, full_path=True)
    xcase("xpay context-path token to a full_path verifier", [("x-pay-token", xtoken(XT + 10))], "signature_mismatch",
          full_path=True)


# CyberSource ------------------------------------------------------------------

def cheaders(method="POST", target="/pts/v2/payments", body=CBODY, t=CT, key_id=CK, secret=CS, merchant=CM, host=CH):
    _, h = V.cybs_headers(key_id, secret, merchant, host, method, target, body.encode("utf-8"), V.imf_date(t))
    return list(h.items())


def ccase(name, headers, reason, method="POST", url="https://" + CH + "/pts/v2/payments", body=CBODY, now=CT, **kw):
    case(name, "cybersource", {CK: CS}, req(method, url, headers, body), reason, now, **kw)


def with_signature(headers, value):
    return [(n, value if n == "Signature" else v) for n, v in headers]


def build_cybersource():
    good = cheaders()
    ccase("cybersource POST accepted", good, None)
    ccase("cybersource POST replayed", good, "replayed", replay_of="cybersource POST accepted")
    ccase("cybersource GET accepted", cheaders("GET", "/reporting/v3/reports?organizationId=testrest", ""), None,
          method="GET", url="/reporting/v3/reports?organizationId=testrest", body="")
    # every header the scheme signs or reads, twice
    for i, (name, value) in enumerate(cheaders(t=CT + 1)):
        base = cheaders(t=CT + 1)
        attacker = {"v-c-merchant-id": "attacker", "Host": "evil.example", "Date": V.imf_date(CT),
                    "Digest": V.cybs_digest(b"{}"), "Signature": value}[name]
        ccase("cybersource duplicated %s (attacker value after)" % name, base + [(name, attacker)], "duplicate_header")
        ccase("cybersource duplicated %s (attacker value before, lowercase)" % name,
              [(name.lower(), attacker)] + base, "duplicate_header")
    ccase("cybersource Host and host", cheaders(t=CT + 2) + [("host", CH)], "duplicate_header")
    ccase("cybersource Digest twice on GET (read, not signed)",
          cheaders("GET", "/pts/v2/payments", "", t=CT + 3) + [("Digest", "a"), ("digest", "b")], "duplicate_header",
          method="GET", body="")
    # malleable Signature
    h = cheaders(t=CT + 4)
    sig = dict(h)["Signature"]
    mac = sig.rsplit('signature="', 1)[1][:-1]
    for label, value in [("an unknown parameter appended", sig + ', nonce="1"'),
                         ("an unknown parameter first", 'realm="x", ' + sig),
                         ("two spaces after a comma", sig.replace(", ", ",  ", 1)),
                         ("no space after the commas", sig.replace(", ", ",")),
                         ("a leading space", " " + sig),
                         ("a trailing space", sig + " "),
                         ("parameters reordered", 'algorithm="HmacSHA256", keyid="%s", headers="%s", signature="%s"'
                          % (CK, V.HEADERS_WITH_DIGEST, mac)),
                         ("KeyId capitalised", sig.replace("keyid=", "KeyId=", 1)),
                         ("unpadded base64", sig.replace(mac, mac.rstrip("="))),
                         ("1 MB unknown parameter", sig + ', junk="' + "A" * ONE_MB + '"')]:
        ccase("cybersource Signature with " + label, with_signature(h, value), "malformed_header")
    ccase("cybersource unknown key id", cheaders(t=CT + 5, key_id="00000000-0000-0000-0000-000000000000"), "unknown_key")
    for label, skew, reason in [("300 s old", -300, None), ("301 s old", -301, "timestamp_out_of_window"),
                                ("300 s ahead", 300, None), ("301 s ahead", 301, "timestamp_out_of_window")]:
        ccase("cybersource window: signed " + label, cheaders(t=CT + 100 + skew), reason, now=CT + 100)
    ccase("cybersource body tampered (Digest no longer matches)", cheaders(t=CT + 6), "digest_mismatch",
          body=CBODY.replace("102.21", "1.00"))
    ccase("cybersource merchant id swapped", [(n, "attacker" if n == "v-c-merchant-id" else v) for n, v in cheaders(t=CT + 7)],
          "signature_mismatch")
    ccase("cybersource signed for another path", cheaders(t=CT + 8, target="/pts/v2/refunds"), "signature_mismatch")
    h9 = cheaders(t=CT + 9)
    ccase("cybersource GET headers list on POST",
          with_signature(h9, dict(h9)["Signature"].replace(V.HEADERS_WITH_DIGEST, V.HEADERS_NO_DIGEST)),
          "headers_list_mismatch")
    ccase("cybersource algorithm HmacSHA1", with_signature(h9, dict(h9)["Signature"].replace("HmacSHA256", "HmacSHA1")),
          "unsupported_algorithm")
    ccase("cybersource missing Digest", [(n, v) for n, v in cheaders(t=CT + 10) if n != "Digest"], "missing_header")
    ccase("cybersource 16 KiB merchant id", cheaders(t=CT + 11, merchant="m" * OVER_LIMIT), "malformed_header")
    # signed as sent, but a control character (a tab passes most HTTP parsers)
    # in a value the application reads is never accepted: the signer refuses it too
    ccase("cybersource merchant id with a tab, signed", cheaders(t=CT + 12, merchant="test\trest"), "malformed_header")
    ccase("cybersource host with a control character, signed", cheaders(t=CT + 13, host="apitest.\x7fcybersource.com"),
          "malformed_header")


# PaySimple --------------------------------------------------------------------

def pheader(t, nanos=97392800, user=PU, key=PK):
    ts = V.ps_timestamp(t, nanos)
    return V.ps_header(user, ts, V.ps_signature(key, ts))


def pcase(name, headers, reason, now=PT, **kw):
    case(name, "paysimple", {PU: PK}, req("GET", "https://sandbox-api.paysimple.com/v4/customer", headers), reason, now, **kw)


def build_paysimple():
    good = pheader(PT)
    pcase("paysimple accepted", [("Authorization", good)], None)
    pcase("paysimple replayed", [("Authorization", good)], "replayed", replay_of="paysimple accepted")
    pcase("paysimple trailing semicolon", [("Authorization", pheader(PT + 1) + ";")], "malformed_header")
    pcase("paysimple trailing space", [("Authorization", pheader(PT + 2) + " ")], "malformed_header")
    pcase("paysimple duplicated Authorization", [("Authorization", pheader(PT + 3)), ("authorization", pheader(PT + 4))],
          "duplicate_header")
    pcase("paysimple unknown username", [("Authorization", pheader(PT + 5, user="APIUser9999"))], "unknown_key")
    pcase("paysimple signed with another key", [("Authorization", pheader(PT + 6, key="other"))], "signature_mismatch")
    pcase("paysimple 16 KiB header", [("Authorization", pheader(PT + 7) + "A" * OVER_LIMIT)], "malformed_header")
    pcase("paysimple missing Authorization", [("accept", "application/json")], "missing_header")
    for label, skew, reason in [("300 s old", -300, None), ("301 s old", -301, "timestamp_out_of_window"),
                                ("300 s ahead", 300, None), ("301 s ahead", 301, "timestamp_out_of_window")]:
        # whole seconds, so the edge is exact
        pcase("paysimple window: signed " + label, [("Authorization", pheader(PT + 100 + skew, nanos=0))], reason, now=PT + 100)


# Webhook: the verify cases of tests/vectors/webhook.json, in this format ---------

def build_webhook():
    import base64
    for v in V.build_webhook()["verify"]:
        body = base64.b64decode(v["body_b64"]).decode("utf-8")
        replay_of = "webhook " + v["replay_of"] if "replay_of" in v else None
        case("webhook " + v["name"], "cybersource-webhook", v["keys"], req("POST", "/", v["headers"], body),
             v["reason"], v["now"], max_skew=v["max_skew"], replay_of=replay_of)


def build():
    build_xpay()
    build_cybersource()
    build_paysimple()
    build_webhook()
    return {"cases": cases}


def main(argv):
    check = "--check" in argv[1:]
    if [a for a in argv[1:] if a != "--check"]:
        print("usage: generate.py [--check]", file=sys.stderr)
        return 2
    text = (json.dumps(build(), indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    path = os.path.join(HERE, "cases.json")
    if check:
        try:
            with open(path, "rb") as f:
                same = f.read() == text
        except FileNotFoundError:
            same = False
        if not same:
            print("out of date (run python3 tests/adversarial/generate.py): cases.json", file=sys.stderr)
            return 1
        print("adversarial cases up to date (%d cases)" % len(cases))
        return 0
    with open(path, "wb") as f:
        f.write(text)
    print("wrote %d cases" % len(cases))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
