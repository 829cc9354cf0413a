#!/usr/bin/env python3
"""Generate the shared paysign test vectors.

This is an implementation of the scheme specification (SPEC.md) that is independent of the
Rust core: it uses only the Python (3.9+) standard library.  Every input is
fixed in this file (random values come from random.Random(<fixed number>)), so
running it again writes byte-identical files.

    python3 tests/vectors/generate.py           # (re)write the JSON files
    python3 tests/vectors/generate.py --check   # exit 1 if the files on disk
                                                # differ from a fresh generation

The file format is documented in README.md next to this file.
"""

import base64
import email.utils
import hashlib
import hmac
import json
import os
import random
import re
import sys
import urllib.parse
from datetime import datetime, timedelta, timezone

GENERATOR = "tests/vectors/generate.py"
HERE = os.path.dirname(os.path.abspath(__file__))

MAX_TIMESTAMP = 253402300799  # 9999-12-31T23:59:59Z
ONE_MIB = 1024 * 1024


# --------------------------------------------------------------------------
# helpers


def b64(data):
    return base64.b64encode(data).decode("ascii")


def hmac_sha256(key, msg):
    return hmac.new(key, msg, hashlib.sha256).digest()


def body_fields(body, repeat=1):
    """The body_b64 / body_repeat pair of a vector (body = the repeated unit)."""
    fields = {"body_b64": b64(body)}
    if repeat != 1:
        fields["body_repeat"] = repeat
    return fields


def full_body(body, repeat=1):
    return body * repeat


# 1 MiB body: a 64-byte unit repeated 16384 times.
MIB_UNIT = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/"
assert len(MIB_UNIT) == 64
MIB_REPEAT = ONE_MIB // len(MIB_UNIT)

JSON_COMPACT = b'{"amount":"10.00","currency":"USD","card":{"number":"4111111111111111","expiry":"12/31"}}'
JSON_SPACED = (
    b'{\n  "amount": "10.00",\n  "currency": "USD",\n  "card": {\n'
    b'    "number": "4111111111111111",\n    "expiry": "12/31"\n  }\n}\n'
)
JSON_KEYS_REORDERED = b'{"currency":"USD","amount":"10.00","card":{"expiry":"12/31","number":"4111111111111111"}}'
CYBS_PAYMENT = (
    b'{"clientReferenceInformation":{"code":"TC50171_3"},'
    b'"processingInformation":{"commerceIndicator":"internet"},'
    b'"orderInformation":{"billTo":{"firstName":"John","lastName":"Doe",'
    b'"address1":"1 Market St","postalCode":"94105","locality":"san francisco",'
    b'"administrativeArea":"CA","country":"US","phoneNumber":"4158880000",'
    b'"email":"test@cybs.com"},"amountDetails":{"totalAmount":"102.21","currency":"USD"}},'
    b'"paymentInformation":{"card":{"expirationYear":"2031","number":"4111111111111111",'
    b'"securityCode":"123","expirationMonth":"12"}}}'
)
NON_ASCII_TEXT = "café ü €"
NON_ASCII_BODY = NON_ASCII_TEXT.encode("utf-8")
EMOJI_BODY = '{"note":"paid 💳 ✓ 😀","city":"Zürich"}'.encode("utf-8")
# Bytes that are not valid UTF-8: a body is bytes, never text.
BINARY_BODY = bytes(range(256))


# --------------------------------------------------------------------------
# 1. X-Pay-Token

VTS_PREFIXES = ("vts", "tokens", "ics", "vtis")


def xpay_message(timestamp, resource_path, query_string, body):
    return str(timestamp).encode() + resource_path.encode("utf-8") + query_string.encode("utf-8") + body


def xpay_token(secret, timestamp, resource_path, query_string, body):
    msg = xpay_message(timestamp, resource_path, query_string, body)
    mac = hmac.new(secret.encode("utf-8"), msg, hashlib.sha256).hexdigest()
    return "xv2:%d:%s" % (timestamp, mac)


def xpay_resource_path(path, full_path):
    assert path.startswith("/"), path
    rest = path[1:]
    if full_path:
        return rest
    first, sep, tail = rest.partition("/")
    if first in VTS_PREFIXES:
        return rest
    return tail


def xpay_piece_name(piece):
    return piece.split("=", 1)[0]


def xpay_query(raw_query, api_key):
    pieces = [p for p in raw_query.split("&") if p != ""]
    if not any(xpay_piece_name(p) == "apikey" for p in pieces):
        pieces.append("apikey=" + api_key)
    pieces = sorted(pieces, key=xpay_piece_name)  # sorted() is stable
    return "&".join(pieces)


def xpay_sign_vector(name, secret, timestamp, resource_path, query_string, body=b"", repeat=1):
    data = full_body(body, repeat)
    expected = {}
    if repeat == 1:
        expected["message_b64"] = b64(xpay_message(timestamp, resource_path, query_string, data))
    expected["token"] = xpay_token(secret, timestamp, resource_path, query_string, data)
    v = {
        "name": name,
        "shared_secret": secret,
        "timestamp": timestamp,
        "resource_path": resource_path,
        "query_string": query_string,
    }
    v.update(body_fields(body, repeat))
    v["expected"] = expected
    return v


def xpay_request_vector(name, api_key, secret, method, url, timestamp, body=b"", repeat=1, full_path=False):
    assert method in ("GET", "POST", "PUT", "DELETE")
    if method in ("GET", "DELETE"):
        assert body == b""
    parts = urllib.parse.urlsplit(url)
    resource_path = xpay_resource_path(parts.path, full_path)
    query = xpay_query(parts.query, api_key)
    data = full_body(body, repeat)
    token = xpay_token(secret, timestamp, resource_path, query, data)
    headers = {"x-pay-token": token, "Accept": "application/json"}
    if data:
        headers["Content-Type"] = "application/json"
    v = {
        "name": "request_" + name,
        "api_key": api_key,
        "shared_secret": secret,
        "method": method,
        "url": url,
    }
    v.update(body_fields(body, repeat))
    v["timestamp"] = timestamp
    v["full_path"] = full_path
    v["expected"] = {
        "url": "%s://%s%s?%s" % (parts.scheme, parts.netloc, parts.path, query),
        "resource_path": resource_path,
        "query_string": query,
        "headers": headers,
    }
    return v


def build_xpay():
    rng = random.Random(0x5A7E)
    K = "KSKDFJOP934ALSFDJP34"  # API key of the vendor's sample 002
    SAMPLE_KEY = "1WM2TT4IHPXC8DQ5I3CH21n1rEBGK-Eyv_oLdzE2VZpDqRn_U"  # the vendor's sample 000
    SAMPLE_SECRET = "19JRVdej9"
    S = "s3cr3t-Shared_Secret"
    T = 1455716783
    q = "apikey=" + K
    sign = []
    add = sign.append

    add(xpay_sign_vector("helloworld_get_empty_body", S, T, "helloworld", q))
    add(xpay_sign_vector("vendor_sample000_example_credentials_helloworld", SAMPLE_SECRET, T, "helloworld", "apikey=" + SAMPLE_KEY))
    add(xpay_sign_vector("vendor_sample000_camelcase_apiKey_param_signed_as_is", SAMPLE_SECRET, T, "helloworld", "apiKey=" + SAMPLE_KEY))
    add(xpay_sign_vector("timestamp_zero", S, 0, "helloworld", q))
    add(xpay_sign_vector("timestamp_max_9999_12_31", S, MAX_TIMESTAMP, "helloworld", q))
    add(xpay_sign_vector("timestamp_1700000000", S, 1700000000, "helloworld", q))
    add(xpay_sign_vector("timestamp_single_digit", S, 7, "helloworld", q))
    add(xpay_sign_vector("payments_authorizations_json_compact", S, T, "payments/v1/authorizations", q, JSON_COMPACT))
    add(xpay_sign_vector("payments_authorizations_json_spaced", S, T, "payments/v1/authorizations", q, JSON_SPACED))
    add(xpay_sign_vector("payments_authorizations_json_keys_reordered", S, T, "payments/v1/authorizations", q, JSON_KEYS_REORDERED))
    add(xpay_sign_vector("payment_data_callid_get", S, T, "payment/data/8bcb8a6d-49c4-4fc4-b1a7-7e0c0bb6d1e8", q + "&dataLevel=SUMMARY"))
    add(xpay_sign_vector("payment_data_callid_literal_braces", S, T, "payment/data/{callId}", q))
    add(xpay_sign_vector("vts_provisionedtokens_post", S, T, "vts/provisionedTokens", q, b'{"clientAppID":"a1b2c3","clientWalletAccountID":"w-42"}'))
    add(xpay_sign_vector("tokens_suspend_post", S, T, "tokens/suspend", q, b'{"updateReason":{"reasonCode":"CUSTOMER_CONFIRMED"}}'))
    add(xpay_sign_vector("ics_pan_lifecycle", S, T, "ics/v1/pan/lifecycle", q, b'{"panReferenceID":"V-123"}'))
    add(xpay_sign_vector("vtis_pan_lifecycle", S, T, "vtis/v1/pan/lifecycle", q, b'{"panReferenceID":"V-456"}'))
    add(xpay_sign_vector("two_three_resource_path", S, T, "two/three", q))
    add(xpay_sign_vector("empty_resource_path", S, T, "", q))
    add(xpay_sign_vector("empty_query_string", S, T, "helloworld", ""))
    add(xpay_sign_vector("empty_resource_path_and_query", S, T, "", ""))
    add(xpay_sign_vector("multiple_params_sorted", S, T, "reports/v1/list", "apikey=" + K + "&from=2020-01-01&page=2&size=50&to=2020-12-31"))
    add(xpay_sign_vector("query_percent_escapes_kept_raw", S, T, "search", "apikey=" + K + "&path=a%2Fb%2Fc&q=hello%20world"))
    add(xpay_sign_vector("query_plus_kept_raw", S, T, "search", "apikey=" + K + "&q=hello+world&sum=1%2B1"))
    add(xpay_sign_vector("query_not_sorted_signed_as_given", S, T, "search", "z=1&apikey=" + K + "&a=2"))
    add(xpay_sign_vector("query_param_without_value", S, T, "search", "apikey=" + K + "&flag&x="))
    add(xpay_sign_vector("non_ascii_body_cafe", S, T, "payments/v1/authorizations", q, NON_ASCII_BODY))
    add(xpay_sign_vector("non_ascii_body_emoji_json", S, T, "payments/v1/authorizations", q, EMOJI_BODY))
    add(xpay_sign_vector("binary_body_not_utf8", S, T, "files/v1/upload", q, BINARY_BODY))
    add(xpay_sign_vector("non_ascii_secret", "sécrèt-ü-€-🔑", T, "helloworld", q))
    add(xpay_sign_vector("non_ascii_resource_path", S, T, "merchants/Zürich", q))
    add(xpay_sign_vector("long_secret_over_64_bytes", "L" * 100 + "-end", T, "helloworld", q))
    add(xpay_sign_vector("secret_exactly_64_bytes", "0123456789abcdef" * 4, T, "helloworld", q))
    add(xpay_sign_vector("body_1_mib_repeat", S, T, "payments/v1/authorizations", q, MIB_UNIT, MIB_REPEAT))
    add(xpay_sign_vector("body_whitespace_only", S, T, "payments/v1/authorizations", q, b" \n"))
    add(xpay_sign_vector("body_literal_null_is_not_empty", S, T, "payments/v1/authorizations", q, b"null"))
    add(xpay_sign_vector("trailing_slash_resource_path", S, T, "helloworld/", q))
    for i in range(4):
        secret = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") for _ in range(rng.randint(8, 80)))
        ts = rng.randint(0, MAX_TIMESTAMP)
        body = bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
        add(xpay_sign_vector("fixed_random_%d" % (i + 1), secret, ts, "payments/v1/authorizations", q, body))

    H = "https://sandbox.api.visa.com"
    request = []
    radd = request.append
    radd(xpay_request_vector("helloworld_vendor_sample002_url", K, S, "GET", H + "/vdp/helloworld?apikey=" + K, T))
    radd(xpay_request_vector("apikey_missing_appended", K, S, "GET", H + "/vdp/helloworld", T))
    radd(xpay_request_vector("apikey_missing_appended_then_sorted", K, S, "GET", H + "/vdp/helloworld?zeta=1&alpha=2", T))
    radd(xpay_request_vector("unsorted_query_sorted", K, S, "GET", H + "/reports/v1/list?size=50&page=2&apikey=" + K + "&from=2020-01-01", T))
    radd(xpay_request_vector("apikey_present_kept_at_sorted_place", K, S, "GET", H + "/vdp/helloworld?b=2&apikey=" + K + "&a=1", T))
    radd(xpay_request_vector("duplicate_names_keep_relative_order", K, S, "GET", H + "/search/v1/items?tag=z&apikey=" + K + "&tag=a&tag=m&id=9", T))
    radd(xpay_request_vector("uppercase_names_sort_before_lowercase", K, S, "GET", H + "/search/v1/items?b=1&B=2&a=3&A=4&_x=5", T))
    radd(xpay_request_vector("empty_pieces_dropped", K, S, "GET", H + "/vdp/helloworld?&b=2&&a=1&", T))
    radd(xpay_request_vector("percent_escapes_and_plus_raw", K, S, "GET", H + "/search/v1/items?q=hello+world&path=a%2Fb&name=John%20Doe", T))
    radd(xpay_request_vector("name_sort_ignores_values", K, S, "GET", H + "/search/v1/items?k=2&k=1&a=z", T))
    radd(xpay_request_vector("fragment_dropped", K, S, "GET", H + "/vdp/helloworld?apikey=" + K + "#section", T))
    radd(xpay_request_vector("post_json_body", K, S, "POST", H + "/cybersource/payments/v1/authorizations?apikey=" + K, T, JSON_COMPACT))
    radd(xpay_request_vector("put_non_ascii_body", K, S, "PUT", H + "/wallet-services-web/payment/data/8bcb8a6d?apikey=" + K, T, EMOJI_BODY))
    radd(xpay_request_vector("post_1_mib_body", K, S, "POST", H + "/cybersource/payments/v1/authorizations?apikey=" + K, T, MIB_UNIT, MIB_REPEAT))
    radd(xpay_request_vector("delete_no_body", K, S, "DELETE", H + "/vdp/subscriptions/123?apikey=" + K, T))
    radd(xpay_request_vector("vts_prefix_kept", K, S, "POST", H + "/vts/provisionedTokens?apikey=" + K, T, b'{"clientAppID":"a1b2c3"}'))
    radd(xpay_request_vector("tokens_prefix_kept", K, S, "POST", H + "/tokens/suspend?apikey=" + K, T, b'{"updateReason":{"reasonCode":"CUSTOMER_CONFIRMED"}}'))
    radd(xpay_request_vector("ics_prefix_kept", K, S, "GET", H + "/ics/v1/pan/lifecycle?apikey=" + K, T))
    radd(xpay_request_vector("vtis_prefix_kept", K, S, "GET", H + "/vtis/v1/pan/lifecycle?apikey=" + K, T))
    radd(xpay_request_vector("vts_lookalike_prefix_dropped", K, S, "GET", H + "/vtsx/provisionedTokens?apikey=" + K, T))
    radd(xpay_request_vector("one_two_three", K, S, "GET", H + "/one/two/three?apikey=" + K, T))
    radd(xpay_request_vector("single_segment_gives_empty_resource_path", K, S, "GET", H + "/vdp?apikey=" + K, T))
    radd(xpay_request_vector("root_path_gives_empty_resource_path", K, S, "GET", H + "/?apikey=" + K, T))
    radd(xpay_request_vector("trailing_slash_kept", K, S, "GET", H + "/vdp/helloworld/?apikey=" + K, T))
    radd(xpay_request_vector("percent_escape_in_path_kept_raw", K, S, "GET", H + "/vdp/items/a%20b%2Fc?apikey=" + K, T))
    radd(xpay_request_vector("full_path_true", K, S, "GET", H + "/vdp/helloworld?apikey=" + K, T, full_path=True))
    radd(xpay_request_vector("full_path_true_post", K, S, "POST", H + "/cybersource/payments/v1/authorizations?apikey=" + K, T, JSON_SPACED, full_path=True))
    radd(xpay_request_vector("port_kept_in_url", K, S, "GET", "https://localhost:8443/vdp/helloworld?apikey=" + K, 0))
    radd(xpay_request_vector("timestamp_max", K, S, "GET", H + "/vdp/helloworld?apikey=" + K, MAX_TIMESTAMP))
    return {"scheme": "x-pay-token", "generator": GENERATOR, "sign": sign, "request": request}


# --------------------------------------------------------------------------
# 2. CyberSource HTTP Signature

SANDBOX_MERCHANT = "testrest"
SANDBOX_KEY_ID = "08c94330-f618-42a3-b09d-e1e43be5efda"
SANDBOX_SECRET = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE="
CYBS_BODY_METHODS = ("post", "put", "patch")
HEADERS_WITH_DIGEST = "host date request-target digest v-c-merchant-id"
HEADERS_NO_DIGEST = "host date request-target v-c-merchant-id"


def cybs_digest(body):
    return "SHA-256=" + b64(hashlib.sha256(body).digest())


def cybs_signing_string(host, date, method, target, body, merchant_id):
    m = method.lower()
    lines = ["host: " + host, "date: " + date, "request-target: %s %s" % (m, target)]
    if m in CYBS_BODY_METHODS:
        lines.append("digest: " + cybs_digest(body))
    lines.append("v-c-merchant-id: " + merchant_id)
    return "\n".join(lines)


def cybs_signature_header(key_id, headers_list, sig, algorithm="HmacSHA256"):
    return 'keyid="%s", algorithm="%s", headers="%s", signature="%s"' % (key_id, algorithm, headers_list, sig)


def cybs_headers(key_id, secret, merchant_id, host, method, target, body, date):
    key = base64.b64decode(secret, validate=True)
    ss = cybs_signing_string(host, date, method, target, body, merchant_id)
    sig = b64(hmac_sha256(key, ss.encode("utf-8")))
    has_digest = method.lower() in CYBS_BODY_METHODS
    h = {"v-c-merchant-id": merchant_id, "Date": date, "Host": host}
    if has_digest:
        h["Digest"] = cybs_digest(body)
    h["Signature"] = cybs_signature_header(key_id, HEADERS_WITH_DIGEST if has_digest else HEADERS_NO_DIGEST, sig)
    return ss, h


def imf_date(t):
    d = email.utils.formatdate(t, usegmt=True)
    # Independent cross-check of the format (IMF-fixdate, 2-digit day).
    dt = datetime.fromtimestamp(t, tz=timezone.utc)
    wd = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[dt.weekday()]
    mo = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[dt.month - 1]
    mine = "%s, %02d %s %04d %02d:%02d:%02d GMT" % (wd, dt.day, mo, dt.year, dt.hour, dt.minute, dt.second)
    assert d == mine, (d, mine)
    return d


def cybs_sign_vector(name, method, target, body=b"", repeat=1, date="Thu, 18 Jul 2019 00:18:03 GMT",
                     host="apitest.cybersource.com", merchant_id=SANDBOX_MERCHANT, key_id=SANDBOX_KEY_ID,
                     secret=SANDBOX_SECRET):
    data = full_body(body, repeat)
    ss, h = cybs_headers(key_id, secret, merchant_id, host, method, target, data, date)
    v = {
        "name": name,
        "key_id": key_id,
        "shared_secret": secret,
        "merchant_id": merchant_id,
        "host": host,
        "method": method,
        "request_target": target,
    }
    v.update(body_fields(body, repeat))
    v["date"] = date
    v["expected"] = {"signing_string": ss, "headers": h}
    return v


def cybs_request_vector(name, method, url, time, body=b"", repeat=1, merchant_id=SANDBOX_MERCHANT,
                        key_id=SANDBOX_KEY_ID, secret=SANDBOX_SECRET):
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname + (":%d" % parts.port if parts.port is not None else "")
    assert host == parts.netloc  # canonical URLs only (no userinfo, lowercase host)
    target = parts.path + ("?" + parts.query if parts.query else "")
    date = imf_date(time)
    data = full_body(body, repeat)
    _, h = cybs_headers(key_id, secret, merchant_id, host, method, target, data, date)
    v = {
        "name": "request_" + name,
        "merchant_id": merchant_id,
        "key_id": key_id,
        "shared_secret": secret,
        "method": method,
        "url": url,
    }
    v.update(body_fields(body, repeat))
    v["time"] = time
    v["expected"] = {
        "url": url.split("#", 1)[0],
        "host": host,
        "request_target": target,
        "date": date,
        "headers": h,
    }
    return v


def build_cybersource():
    rng = random.Random(0xC7B5)
    rand_secret_1 = b64(rng.randbytes(32))  # Random.randbytes: Python 3.9+
    rand_secret_2 = b64(bytes(rng.randrange(256) for _ in range(32)))
    rand_secret_3 = b64(bytes(rng.randrange(256) for _ in range(64)))
    non_ascii_secret = b64("clé secrète ü € 🔑".encode("utf-8"))
    long_secret = b64(bytes(rng.randrange(256) for _ in range(100)))  # > 64 bytes: HMAC hashes it
    rid = "6541234567890123456789"
    report_q = "/reporting/v3/reports?organizationId=testrest&startTime=2019-07-01T00:00:00.0Z&endTime=2019-07-18T00:00:00.0Z&timeQueryType=executedTime&reportMimeType=application/xml"
    sign = []
    add = sign.append
    add(cybs_sign_vector("sandbox_post_payment", "POST", "/pts/v2/payments", CYBS_PAYMENT))
    add(cybs_sign_vector("sandbox_post_lowercase_method", "post", "/pts/v2/payments", CYBS_PAYMENT))
    add(cybs_sign_vector("sandbox_post_empty_body_digest_of_empty", "POST", "/pts/v2/payments", b""))
    add(cybs_sign_vector("sandbox_post_reversal", "POST", "/pts/v2/payments/%s/reversals" % rid,
                         b'{"clientReferenceInformation":{"code":"TC50171_3"},"reversalInformation":{"amountDetails":{"totalAmount":"102.21"},"reason":"testing"}}'))
    add(cybs_sign_vector("sandbox_post_capture", "Post", "/pts/v2/payments/%s/captures" % rid,
                         b'{"orderInformation":{"amountDetails":{"totalAmount":"102.21","currency":"USD"}}}'))
    add(cybs_sign_vector("sandbox_get_report_query", "GET", report_q))
    add(cybs_sign_vector("sandbox_get_mixed_case_method", "Get", "/pts/v2/payments/%s" % rid))
    add(cybs_sign_vector("sandbox_get_lowercase_method", "get", "/reporting/v3/report-definitions?organizationId=testrest"))
    add(cybs_sign_vector("sandbox_delete", "DELETE", "/tms/v2/customers/AB695DA801DD1BB6E05341588E0A3BDC"))
    add(cybs_sign_vector("sandbox_delete_lowercase", "delete", "/tms/v1/instrumentidentifiers/7010000000016241111"))
    add(cybs_sign_vector("sandbox_put", "PUT", "/tss/v2/searches/abc", b'{"save":"false"}'))
    add(cybs_sign_vector("sandbox_put_lowercase", "put", "/tms/v2/customers/AB695DA801DD1BB6E05341588E0A3BDC", b'{"customerInformation":{"email":"x@y.z"}}'))
    add(cybs_sign_vector("sandbox_patch", "PATCH", "/tms/v1/paymentinstruments/AB695DA801DD1BB6E05341588E0A3BDC", b'{"card":{"expirationMonth":"11"}}'))
    add(cybs_sign_vector("sandbox_patch_mixed_case", "pAtCh", "/tms/v2/customers/C1", b'{"a":1}'))
    add(cybs_sign_vector("sandbox_patch_empty_body", "PATCH", "/tms/v2/customers/C1", b""))
    add(cybs_sign_vector("production_host_post", "POST", "/pts/v2/payments", CYBS_PAYMENT, host="api.cybersource.com"))
    add(cybs_sign_vector("production_host_get", "GET", "/pts/v2/payments/%s" % rid, host="api.cybersource.com"))
    add(cybs_sign_vector("host_with_port", "GET", "/pts/v2/payments/%s" % rid, host="apitest.cybersource.com:8443"))
    add(cybs_sign_vector("json_spaced_body", "POST", "/pts/v2/payments", JSON_SPACED))
    add(cybs_sign_vector("non_ascii_body", "POST", "/pts/v2/payments", ('{"billTo":{"firstName":"Zoë","locality":"Zürich","note":"%s 💳"}}' % NON_ASCII_TEXT).encode("utf-8")))
    add(cybs_sign_vector("binary_body_not_utf8", "PUT", "/files/v1/blob", BINARY_BODY))
    add(cybs_sign_vector("body_1_mib_repeat", "POST", "/pts/v2/payments", MIB_UNIT, MIB_REPEAT))
    add(cybs_sign_vector("random_secret_32_bytes_a", "POST", "/pts/v2/payments", CYBS_PAYMENT, secret=rand_secret_1,
                         merchant_id="merchant_abc", key_id="7a2b8c4d-0000-4e1f-9a8b-123456789abc"))
    add(cybs_sign_vector("random_secret_32_bytes_b", "GET", "/pts/v2/payments/%s" % rid, secret=rand_secret_2,
                         merchant_id="merchant_abc", key_id="7a2b8c4d-0000-4e1f-9a8b-123456789abc"))
    add(cybs_sign_vector("random_secret_64_bytes", "DELETE", "/tms/v2/customers/C1", secret=rand_secret_3))
    add(cybs_sign_vector("secret_from_non_ascii_text_bytes", "POST", "/pts/v2/payments", b'{"a":"b"}', secret=non_ascii_secret))
    add(cybs_sign_vector("secret_over_64_bytes_decoded", "POST", "/pts/v2/payments", b'{"a":"b"}', secret=long_secret))
    add(cybs_sign_vector("date_day_below_10", "GET", "/pts/v2/payments/%s" % rid, date=imf_date(1562288283)))
    add(cybs_sign_vector("date_epoch", "POST", "/pts/v2/payments", b"{}", date=imf_date(0)))
    add(cybs_sign_vector("date_year_9999", "POST", "/pts/v2/payments", b"{}", date=imf_date(MAX_TIMESTAMP)))
    add(cybs_sign_vector("date_leap_day", "GET", "/pts/v2/payments/%s" % rid, date=imf_date(1709208000)))
    add(cybs_sign_vector("target_with_percent_escapes", "GET", "/tss/v2/searches?query=submitTimeUtc%3A%5BNOW-1DAY%20TO%20NOW%5D&limit=10"))
    add(cybs_sign_vector("target_trailing_slash", "POST", "/pts/v2/payments/", CYBS_PAYMENT))
    add(cybs_sign_vector("merchant_id_non_ascii", "GET", "/pts/v2/payments/%s" % rid, merchant_id="händler_01"))
    for i in range(3):
        sec = b64(bytes(rng.randrange(256) for _ in range(rng.choice((16, 24, 32, 48)))))
        t = rng.randint(0, MAX_TIMESTAMP)
        m = rng.choice(("GET", "post", "Put", "PATCH", "delete"))
        body = b"" if m.lower() in ("get", "delete") else bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
        add(cybs_sign_vector("fixed_random_%d" % (i + 1), m, "/pts/v2/payments/%d" % rng.randrange(10 ** 12), body,
                             date=imf_date(t), secret=sec))

    T = 1563409083  # Thu, 18 Jul 2019 00:18:03 GMT
    A = "https://apitest.cybersource.com"
    request = []
    radd = request.append
    radd(cybs_request_vector("post_payment_sandbox", "POST", A + "/pts/v2/payments", T, CYBS_PAYMENT))
    radd(cybs_request_vector("post_lowercase_empty_body", "post", A + "/pts/v2/payments", T))
    radd(cybs_request_vector("post_reversal", "POST", A + "/pts/v2/payments/6541234567890123456789/reversals", T,
                             b'{"reversalInformation":{"reason":"testing"}}'))
    radd(cybs_request_vector("get_report_query_not_sorted", "GET", A + "/reporting/v3/reports?startTime=2019-07-01T00:00:00.0Z&organizationId=testrest&endTime=2019-07-18T00:00:00.0Z", T))
    radd(cybs_request_vector("get_query_percent_escapes_raw", "Get", A + "/tss/v2/searches?q=a%20b&x=1+2", T))
    radd(cybs_request_vector("get_fragment_dropped", "GET", A + "/pts/v2/payments/123#frag", T))
    radd(cybs_request_vector("delete_production", "DELETE", "https://api.cybersource.com/tms/v2/customers/C1", T))
    radd(cybs_request_vector("put_with_port", "PUT", "https://apitest.cybersource.com:8443/tms/v2/customers/C1", T, b'{"a":1}'))
    radd(cybs_request_vector("patch_non_ascii_body", "patch", A + "/tms/v2/customers/C1", T, NON_ASCII_BODY))
    radd(cybs_request_vector("post_1_mib_body", "POST", A + "/pts/v2/payments", T, MIB_UNIT, MIB_REPEAT))
    radd(cybs_request_vector("time_day_below_10", "GET", A + "/pts/v2/payments/123", 1562288283))
    radd(cybs_request_vector("time_epoch", "GET", A + "/pts/v2/payments/123", 0))
    radd(cybs_request_vector("time_year_9999", "GET", A + "/pts/v2/payments/123", MAX_TIMESTAMP))
    radd(cybs_request_vector("http_localhost_port", "POST", "http://localhost:8080/pts/v2/payments", T, b"{}"))
    return {"scheme": "cybersource-http-signature", "generator": GENERATOR, "sign": sign, "request": request}


# --------------------------------------------------------------------------
# 3. PaySimple PSSERVER


def ps_signature(api_key, timestamp):
    return b64(hmac_sha256(api_key.encode("utf-8"), timestamp.encode("utf-8")))


def ps_header(username, timestamp, signature):
    return "PSSERVER accessid=%s; timestamp=%s; signature=%s" % (username, timestamp, signature)


def ps_timestamp(time, nanos):
    assert 0 <= nanos <= 999999999
    dt = datetime(1970, 1, 1) + timedelta(seconds=time)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + ".%07dZ" % (nanos // 100)


def ps_sign_vector(name, username, api_key, timestamp):
    sig = ps_signature(api_key, timestamp)
    return {"name": name, "username": username, "api_key": api_key, "timestamp": timestamp,
            "expected": {"signature": sig, "header": ps_header(username, timestamp, sig)}}


def ps_request_vector(name, username, api_key, method, url, time, nanos):
    ts = ps_timestamp(time, nanos)
    return {"name": "request_" + name, "username": username, "api_key": api_key, "method": method, "url": url,
            "time": time, "nanos": nanos,
            "expected": {"timestamp": ts,
                         "headers": {"Authorization": ps_header(username, ts, ps_signature(api_key, ts))}}}


def build_paysimple():
    rng = random.Random(0x9515)
    U = "APIUser1000"
    K = "my_api_key"
    K2 = "0a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ0a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVw"[:64]
    sign = []
    add = sign.append
    add(ps_sign_vector("vendor_sample_apiuser1000", U, K, "2017-07-20T20:45:44.0973928Z"))
    add(ps_sign_vector("vendor_sample_other_key", U, "2d8b0d6c-1f9a-4f3e-9c1b-5a6e7d8c9b0a", "2017-07-20T20:45:44.0973928Z"))
    add(ps_sign_vector("z_7_digits", U, K, "2018-04-19T16:04:59.9148591Z"))
    add(ps_sign_vector("z_3_digits", U, K, "2018-04-19T16:04:59.914Z"))
    add(ps_sign_vector("z_no_fraction", U, K, "2018-04-19T16:04:59Z"))
    add(ps_sign_vector("z_9_digits", U, K, "2018-04-19T16:04:59.914859123Z"))
    add(ps_sign_vector("z_6_digits", U, K, "2018-04-19T16:04:59.914859Z"))
    add(ps_sign_vector("z_1_digit", U, K, "2018-04-19T16:04:59.9Z"))
    add(ps_sign_vector("offset_minus_06_00", U, K, "2018-04-19T10:04:50.6882019-06:00"))
    add(ps_sign_vector("offset_plus_05_30", U, K, "2018-04-19T21:34:50.6882019+05:30"))
    add(ps_sign_vector("offset_plus_00_00", U, K, "2018-04-19T16:04:50.6882019+00:00"))
    add(ps_sign_vector("offset_no_fraction", U, K, "2018-04-19T10:04:50-06:00"))
    add(ps_sign_vector("offset_plus_14_00", U, K, "2018-04-20T06:04:50.0000000+14:00"))
    add(ps_sign_vector("offset_minus_12_00", U, K, "2018-04-19T04:04:50.0000000-12:00"))
    add(ps_sign_vector("epoch", U, K, "1970-01-01T00:00:00.0000000Z"))
    add(ps_sign_vector("year_9999", U, K, "9999-12-31T23:59:59.9999999Z"))
    add(ps_sign_vector("leap_day", U, K, "2024-02-29T12:00:00.0000000Z"))
    add(ps_sign_vector("non_ascii_api_key", U, "clé-ü-€-🔑", "2018-04-19T16:04:59.9148591Z"))
    add(ps_sign_vector("long_api_key_over_64_bytes", U, "k" * 65 + "-0123456789abcdef0123456789abcdef", "2018-04-19T16:04:59.9148591Z"))
    add(ps_sign_vector("api_key_exactly_64_bytes", U, K2, "2018-04-19T16:04:59.9148591Z"))
    add(ps_sign_vector("api_key_non_ascii_over_64_bytes", U, "ключ" * 10, "2018-04-19T16:04:59.9148591Z"))
    add(ps_sign_vector("username_with_dot_and_at", "api.user@example.com", K, "2018-04-19T16:04:59.9148591Z"))
    add(ps_sign_vector("username_non_ascii", "Benutzer-Müller", K, "2018-04-19T16:04:59.9148591Z"))
    add(ps_sign_vector("single_char_credentials", "u", "k", "2018-04-19T16:04:59Z"))
    add(ps_sign_vector("api_key_with_spaces_and_symbols", U, "a b;c=d\"e'f", "2018-04-19T16:04:59.9148591Z"))
    for i in range(6):
        t = rng.randint(0, MAX_TIMESTAMP)
        dt = datetime(1970, 1, 1) + timedelta(seconds=t)
        digits = rng.choice((0, 3, 7, 9))
        frac = "" if digits == 0 else "." + "".join(rng.choice("0123456789") for _ in range(digits))
        key = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(rng.randint(16, 96)))
        add(ps_sign_vector("fixed_random_%d" % (i + 1), "APIUser%d" % rng.randint(1000, 9999), key,
                           dt.strftime("%Y-%m-%dT%H:%M:%S") + frac + "Z"))

    B = "https://sandbox-api.paysimple.com/v4"
    request = []
    radd = request.append
    radd(ps_request_vector("get_customers", U, K, "GET", B + "/customer", 1524153899, 914859123))
    radd(ps_request_vector("nanos_zero", U, K, "GET", B + "/customer", 1524153899, 0))
    radd(ps_request_vector("nanos_max_truncated", U, K, "POST", B + "/payment", 1524153899, 999999999))
    radd(ps_request_vector("nanos_below_100_truncated_to_zero", U, K, "GET", B + "/customer", 1524153899, 99))
    radd(ps_request_vector("nanos_100", U, K, "GET", B + "/customer", 1524153899, 100))
    radd(ps_request_vector("epoch", U, K, "GET", B + "/customer", 0, 0))
    radd(ps_request_vector("year_9999", U, K, "PUT", B + "/customer/42", MAX_TIMESTAMP, 999999999))
    radd(ps_request_vector("vendor_sample_time", U, K, "DELETE", B + "/customer/42", 1500583544, 97392800))
    radd(ps_request_vector("non_ascii_api_key", U, "clé-ü-€-🔑", "GET", B + "/customer", 1709208000, 123456789))
    return {"scheme": "paysimple-psserver", "generator": GENERATOR, "sign": sign, "request": request}


# --------------------------------------------------------------------------
# 4. RFC 4231

RFC4231 = [
    # (name, key, data, published HMAC-SHA-256, truncate_bits)
    ("case-1", b"\x0b" * 20, b"Hi There",
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", 256),
    ("case-2", b"Jefe", b"what do ya want for nothing?",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", 256),
    ("case-3", b"\xaa" * 20, b"\xdd" * 50,
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe", 256),
    ("case-4", bytes(range(1, 26)), b"\xcd" * 50,
     "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b", 256),
    ("case-5", b"\x0c" * 20, b"Test With Truncation",
     "a3b6167473100ee06e0c796c2955552b", 128),
    ("case-6", b"\xaa" * 131, b"Test Using Larger Than Block-Size Key - Hash Key First",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", 256),
    ("case-7", b"\xaa" * 131,
     b"This is a test using a larger than block-size key and a larger than block-size data. "
     b"The key needs to be hashed before being used by the HMAC algorithm.",
     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2", 256),
]


# --------------------------------------------------------------------------
# CyberSource webhook notifications: v-c-signature (SPEC section 5)


def wh_signature(key_id, key_b64, body, timestamp_ms):
    key = base64.b64decode(key_b64, validate=True)
    sig = b64(hmac_sha256(key, str(timestamp_ms).encode("ascii") + b"." + body))
    return "t=%d;keyId=%s;sig=%s" % (timestamp_ms, key_id, sig)


def wh_sign_vector(name, key_id, key_b64, body, timestamp_ms, repeat=1):
    data = full_body(body, repeat)
    expected = {}
    if repeat == 1:
        expected["message_b64"] = b64(str(timestamp_ms).encode("ascii") + b"." + data)
    expected["header"] = wh_signature(key_id, key_b64, data, timestamp_ms)
    v = {"name": name, "key_id": key_id, "key": key_b64, "timestamp_ms": timestamp_ms}
    v.update(body_fields(body, repeat))
    v["expected"] = expected
    return v


def build_webhook():
    rng = random.Random(0x7E8B)
    K1 = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE="
    K2 = b64(bytes(range(64)))
    ID1 = "b1a8c0e2-5f3d-4a6b-9c7e-0d1f2a3b4c5d"
    T = 1700000000123
    capture = b'{"eventType":"payments.capture","payload":{"id":"7001"}}'
    sign = []
    add = sign.append
    add(wh_sign_vector("capture_notification", ID1, K1, capture, T))
    add(wh_sign_vector("empty_body", ID1, K1, b"", T))
    add(wh_sign_vector("timestamp_zero", ID1, K1, capture, 0))
    add(wh_sign_vector("whitespace_kept_as_sent", ID1, K1, b'{ "eventType" : "payments.capture" }\n', T))
    add(wh_sign_vector("non_ascii_body", "key-2", K2, '{"name":"Zoë 東京"}'.encode("utf-8"), T))
    add(wh_sign_vector("binary_body", "key-2", K2, bytes(range(256)), T))
    add(wh_sign_vector("one_mib_body", ID1, K1, bytes(range(64)), T, repeat=ONE_MIB // 64))
    for i in range(6):
        key = b64(bytes(rng.randrange(256) for _ in range(rng.choice([16, 32, 48]))))
        body = json.dumps({"n": rng.randrange(10 ** 9), "event": "payments.capture"}).encode("ascii")
        add(wh_sign_vector("fixed_random_%d" % (i + 1), "key-%d" % rng.randrange(1000), key, body,
                           rng.randrange(MAX_TIMESTAMP * 1000)))

    # whole-notification verifier outcomes: keyring, default window (300 s), replay
    verify = []
    now = T // 1000
    good = wh_signature(ID1, K1, capture, T)

    def vv(name, headers, reason, body=capture, at=now, max_skew=None, keys=None, replay_of=None):
        v = {"name": name, "keys": keys or {ID1: K1}, "max_skew": max_skew, "now": at,
             "headers": headers}
        v.update(body_fields(body))
        v["reason"] = reason
        if replay_of:
            v["replay_of"] = replay_of
        verify.append(v)

    vv("valid", [["v-c-signature", good]], None)
    vv("replay_of_valid", [["v-c-signature", good]], "replayed", replay_of="valid")
    vv("header_name_any_case", [["V-C-Signature", wh_signature(ID1, K1, capture, T + 1)]], None)
    vv("window_edge_after", [["v-c-signature", wh_signature(ID1, K1, capture, T + 2)]], None, at=now + 300)
    vv("window_edge_passed", [["v-c-signature", wh_signature(ID1, K1, capture, T + 3)]], "timestamp_out_of_window", at=now + 301)
    vv("window_edge_before", [["v-c-signature", wh_signature(ID1, K1, capture, T + 4)]], None, at=now - 300)
    vv("too_early", [["v-c-signature", wh_signature(ID1, K1, capture, T + 5)]], "timestamp_out_of_window", at=now - 302)
    vv("max_skew_override", [["v-c-signature", wh_signature(ID1, K1, capture, T + 6)]], "timestamp_out_of_window", at=now + 61, max_skew=60)
    vv("seconds_not_milliseconds", [["v-c-signature", wh_signature(ID1, K1, capture, now)]], "timestamp_out_of_window")
    vv("body_reserialised", [["v-c-signature", good]], "signature_mismatch", body=json.dumps(json.loads(capture)).encode())
    vv("key_used_as_text", [["v-c-signature", "t=%d;keyId=%s;sig=%s" % (T + 7, ID1, b64(hmac_sha256(K1.encode(), b"%d." % (T + 7) + capture)))]], "signature_mismatch")
    vv("unknown_key_id", [["v-c-signature", wh_signature("other-key", K1, capture, T + 8)]], "unknown_key")
    vv("second_key_in_ring", [["v-c-signature", wh_signature("key-2", K2, capture, T + 9)]], None, keys={ID1: K1, "key-2": K2})
    vv("missing", [["content-type", "application/json"]], "missing_header")
    vv("duplicated", [["v-c-signature", good], ["v-c-signature", good]], "duplicate_header")
    vv("duplicated_other_case", [["v-c-signature", good], ["V-C-SIGNATURE", wh_signature(ID1, K1, capture, T + 10)]], "duplicate_header")
    g = wh_signature(ID1, K1, capture, T + 11)
    for label, bad in [("trailing_semicolon", g + ";"), ("space_after_semicolon", g.replace(";", "; ")),
                       ("leading_zero_t", g.replace("t=", "t=0", 1)), ("fields_reordered", ";".join(reversed(g.split(";")))),
                       ("unknown_field", g + ";v=1"), ("sig_unpadded", g.rstrip("=")), ("t_in_seconds_with_dot", g.replace("t=%d" % (T + 11), "t=%d.%d" % ((T + 11) // 1000, (T + 11) % 1000))),
                       ("longer_than_limit", g + ";x=" + "A" * 4096), ("empty", "")]:
        vv("malformed_" + label, [["v-c-signature", bad]], "malformed_header")
    return {"scheme": "cybersource-webhook", "generator": GENERATOR, "sign": sign, "verify": verify}


def build_rfc4231():
    cases = []
    for name, key, data, published, bits in RFC4231:
        mac = hmac.new(key, data, hashlib.sha256).hexdigest()[: bits // 4]
        assert mac == published, (name, mac, published)
        cases.append({"name": name, "key_hex": key.hex(), "data_hex": data.hex(), "mac_hex": mac,
                      "truncate_bits": bits})
    return {"source": "RFC 4231", "cases": cases}


# --------------------------------------------------------------------------
# 5. Verification outcomes


def build_verify():
    out = {}

    # ---- X-Pay
    S = "s3cr3t-Shared_Secret"
    K = "KSKDFJOP934ALSFDJP34"
    T = 1455716783
    rp, qs = "payments/v1/authorizations", "apikey=" + K
    body = JSON_COMPACT
    tok = xpay_token(S, T, rp, qs, body)
    xs = []

    def xv(name, expected, token=tok, secret=S, resource_path=rp, query_string=qs, b=body, now=T + 10, max_skew=300):
        xs.append({"name": name, "shared_secret": secret, "token": token, "resource_path": resource_path,
                   "query_string": query_string, "body_b64": b64(b), "now": now, "max_skew": max_skew,
                   "expected": expected})

    hexpart = tok.split(":")[2]
    xv("valid", "valid")
    xv("valid_same_second", "valid", now=T)
    xv("valid_at_past_boundary", "valid", now=T + 300)
    xv("valid_at_future_boundary", "valid", now=T - 300)
    xv("just_outside_past_boundary", "timestamp_out_of_window", now=T + 301)
    xv("just_outside_future_boundary", "timestamp_out_of_window", now=T - 301)
    xv("valid_custom_window_60", "valid", now=T + 60, max_skew=60)
    xv("outside_custom_window_60", "timestamp_out_of_window", now=T + 61, max_skew=60)
    xv("wrong_secret", "signature_mismatch", secret=S + "x")
    xv("tampered_body", "signature_mismatch", b=JSON_KEYS_REORDERED)
    xv("tampered_query", "signature_mismatch", query_string=qs + "&x=1")
    xv("tampered_path", "signature_mismatch", resource_path="payments/v1/authorization")
    xv("empty_body_when_signed_with_body", "signature_mismatch", b=b"")
    xv("uppercase_hex", "malformed_header", token="xv2:%d:%s" % (T, hexpart.upper()))
    xv("wrong_version_prefix", "malformed_header", token="xv1:%d:%s" % (T, hexpart))
    xv("hex_63_chars", "malformed_header", token="xv2:%d:%s" % (T, hexpart[:63]))
    xv("non_decimal_timestamp", "malformed_header", token="xv2:%s:%s" % ("14557167e3", hexpart))
    xv("empty_token", "malformed_header", token="")
    xv("milliseconds_timestamp_out_of_window", "timestamp_out_of_window",
       token=xpay_token(S, T * 1000, rp, qs, body))
    xv("order_window_checked_before_hmac", "timestamp_out_of_window", secret=S + "x", now=T + 301)
    nab = EMOJI_BODY
    xv("valid_non_ascii_body_and_secret", "valid", token=xpay_token("sécrèt-ü", T, rp, qs, nab),
       secret="sécrèt-ü", b=nab)
    out["xpay"] = xs

    # ---- CyberSource
    date = "Thu, 18 Jul 2019 00:18:03 GMT"
    TC = 1563409083
    assert imf_date(TC) == date
    host = "apitest.cybersource.com"
    target = "/pts/v2/payments"
    cs = []

    def signed(method, b, merchant=SANDBOX_MERCHANT, d=date, h=host, tgt=target, secret=SANDBOX_SECRET):
        return cybs_headers(SANDBOX_KEY_ID, secret, merchant, h, method, tgt, b, d)[1]

    def cv(name, expected, headers, method="POST", b=CYBS_PAYMENT, tgt=target, now=TC + 10, max_skew=300,
           secret=SANDBOX_SECRET):
        cs.append({"name": name, "shared_secret": secret, "method": method, "request_target": tgt,
                   "body_b64": b64(b), "headers": headers, "now": now, "max_skew": max_skew, "expected": expected})

    def raw_sig(lines, secret=SANDBOX_SECRET):
        return b64(hmac_sha256(base64.b64decode(secret), "\n".join(lines).encode("utf-8")))

    post = signed("POST", CYBS_PAYMENT)
    get_t = "/pts/v2/payments/6541234567890123456789"
    get = signed("GET", b"", tgt=get_t)
    cv("valid_post", "valid", post)
    cv("valid_get", "valid", get, method="GET", b=b"", tgt=get_t)
    cv("valid_lowercase_method_input", "valid", post, method="post")
    cv("valid_header_names_any_case", "valid", {k.lower() if k != "Signature" else "SIGNATURE": v for k, v in post.items()})
    cv("valid_at_past_boundary", "valid", post, now=TC + 300)
    cv("valid_at_future_boundary", "valid", post, now=TC - 300)
    cv("just_outside_past_boundary", "timestamp_out_of_window", post, now=TC + 301)
    cv("just_outside_future_boundary", "timestamp_out_of_window", post, now=TC - 301)
    cv("wrong_secret", "signature_mismatch", post, secret=b64(b"\x00" * 32))
    cv("tampered_target", "signature_mismatch", post, tgt="/pts/v2/payments/")
    cv("tampered_method", "signature_mismatch", signed("PUT", CYBS_PAYMENT), method="POST")
    h = dict(post)
    h["v-c-merchant-id"] = "othermerchant"
    cv("tampered_merchant_id", "signature_mismatch", h)
    h = dict(post)
    h["Host"] = "api.cybersource.com"
    cv("tampered_host", "signature_mismatch", h)
    # Body changed but Digest left as sent: the Digest check catches it.
    cv("tampered_body", "digest_mismatch", post, b=CYBS_PAYMENT + b" ")
    h = dict(post)
    h["Digest"] = cybs_digest(b'{"other":"body"}')
    cv("digest_of_another_body", "digest_mismatch", h)
    # Digest and signature consistent with another body: still digest_mismatch.
    cv("digest_and_signature_for_another_body", "digest_mismatch", signed("POST", b'{"other":"body"}'))
    h = dict(post)
    del h["Digest"]
    cv("missing_digest_on_post", "missing_header", h)
    for name in ("Date", "Host", "v-c-merchant-id", "Signature"):
        h = dict(get)
        del h[name]
        cv("missing_%s" % name.lower().replace("-", "_"), "missing_header", h, method="GET", b=b"", tgt=get_t)
    cv("missing_digest_on_patch", "missing_header",
       {k: v for k, v in signed("PATCH", b"{}").items() if k != "Digest"}, method="PATCH", b=b"{}")
    # (request-target) with parentheses, signature computed over that line.
    lines = ["host: " + host, "date: " + date, "(request-target): post " + target,
             "digest: " + cybs_digest(CYBS_PAYMENT), "v-c-merchant-id: " + SANDBOX_MERCHANT]
    h = dict(post)
    h["Signature"] = cybs_signature_header(SANDBOX_KEY_ID, "host date (request-target) digest v-c-merchant-id", raw_sig(lines))
    cv("parenthesized_request_target", "headers_list_mismatch", h)
    # Signing string that leaves out the date line.
    lines = ["host: " + host, "request-target: post " + target,
             "digest: " + cybs_digest(CYBS_PAYMENT), "v-c-merchant-id: " + SANDBOX_MERCHANT]
    h = dict(post)
    h["Signature"] = cybs_signature_header(SANDBOX_KEY_ID, "host request-target digest v-c-merchant-id", raw_sig(lines))
    cv("date_left_out_of_headers_list", "headers_list_mismatch", h)
    # POST signed with the GET list (no digest line), Digest header still sent.
    lines = ["host: " + host, "date: " + date, "request-target: post " + target, "v-c-merchant-id: " + SANDBOX_MERCHANT]
    h = dict(post)
    h["Signature"] = cybs_signature_header(SANDBOX_KEY_ID, HEADERS_NO_DIGEST, raw_sig(lines))
    cv("post_with_get_headers_list", "headers_list_mismatch", h)
    h = dict(get)
    h["Signature"] = cybs_signature_header(SANDBOX_KEY_ID, "date host request-target v-c-merchant-id",
                                           raw_sig(["date: " + date, "host: " + host, "request-target: get " + get_t,
                                                    "v-c-merchant-id: " + SANDBOX_MERCHANT]))
    cv("headers_list_reordered", "headers_list_mismatch", h, method="GET", b=b"", tgt=get_t)
    h = dict(post)
    h["Signature"] = h["Signature"].replace('algorithm="HmacSHA256"', 'algorithm="HmacSHA512"')
    cv("algorithm_hmacsha512", "unsupported_algorithm", h)
    h = dict(post)
    h["Signature"] = h["Signature"].replace('algorithm="HmacSHA256"', 'algorithm="hmac-sha256"')
    cv("algorithm_other_spelling", "unsupported_algorithm", h)
    h = dict(post)
    h["Signature"] = h["Signature"].replace('algorithm="HmacSHA256"', 'algorithm="HmacSHA512"').replace(
        HEADERS_WITH_DIGEST, "host date (request-target) digest v-c-merchant-id")
    cv("order_algorithm_checked_before_headers_list", "unsupported_algorithm", h)
    h = dict(post)
    h["Signature"] = "garbage"
    cv("signature_header_garbage", "malformed_header", h)
    h = dict(post)
    h["Signature"] = h["Signature"].split(', signature="')[0]
    cv("signature_param_missing", "malformed_header", h)
    h = dict(post)
    h["Date"] = "2019-07-18T00:18:03Z"
    cv("date_not_imf_fixdate", "malformed_header", h)
    h = dict(post)
    h["Digest"] = h["Digest"].replace("SHA-256=", "SHA-512=")
    cv("digest_wrong_algorithm_label", "digest_mismatch", h)
    h = signed("POST", CYBS_PAYMENT)
    h["Digest"] = cybs_digest(b"x")
    cv("order_digest_checked_before_window", "digest_mismatch", h, now=TC + 10000)
    cv("order_window_checked_before_hmac", "timestamp_out_of_window", post, now=TC + 10000, secret=b64(b"\x00" * 32))
    out["cybersource"] = cs

    # ---- PaySimple
    U = "APIUser1000"
    PK = "my_api_key"
    ps = []

    def pv(name, expected, header, now, api_key=PK, max_skew=300):
        ps.append({"name": name, "api_key": api_key, "header": header, "now": now, "max_skew": max_skew,
                   "expected": expected})

    def good(ts, key=PK, user=U):
        return ps_header(user, ts, ps_signature(key, ts))

    t0 = "2018-04-19T16:05:00Z"
    n0 = int(datetime(2018, 4, 19, 16, 5, 0, tzinfo=timezone.utc).timestamp())
    t7 = "2018-04-19T16:04:59.9148591Z"
    pv("valid_7_digits", "valid", good(t7), n0 + 5)
    pv("valid_vendor_sample_time", "valid", good("2017-07-20T20:45:44.0973928Z"),
       int(datetime(2017, 7, 20, 20, 45, 44, tzinfo=timezone.utc).timestamp()) + 3)
    pv("valid_at_past_boundary", "valid", good(t0), n0 + 300)
    pv("valid_at_future_boundary", "valid", good(t0), n0 - 300)
    pv("just_outside_past_boundary", "timestamp_out_of_window", good(t0), n0 + 301)
    pv("just_outside_future_boundary", "timestamp_out_of_window", good(t0), n0 - 301)
    pv("valid_zero_fraction_at_boundary", "valid", good("2018-04-19T16:05:00.0000000Z"), n0 + 300)
    toff = "2018-04-19T10:04:50.6882019-06:00"  # = 16:04:50.688 UTC
    pv("valid_offset_minus_06_00", "valid", good(toff), n0 - 5)
    pv("valid_offset_plus_05_30", "valid", good("2018-04-19T21:35:00+05:30"), n0 + 300)
    pv("offset_plus_05_30_just_outside", "timestamp_out_of_window", good("2018-04-19T21:35:00+05:30"), n0 + 301)
    pv("offset_ignored_would_be_6h_off", "timestamp_out_of_window", good("2018-04-19T16:05:00-06:00"), n0)
    pv("wrong_api_key", "signature_mismatch", good(t7, key=PK + "x"), n0)
    pv("signature_for_other_timestamp", "signature_mismatch",
       ps_header(U, t7, ps_signature(PK, "2018-04-19T16:04:59.9148592Z")), n0)
    # One spelling per header: a signature that is not the canonical base64 of
    # 32 bytes is malformed, whatever follows it.
    pv("ruby_encode64_trailing_newline", "malformed_header", good(t7) + "\n", n0)
    pv("trailing_semicolon", "malformed_header", good(t7) + ";", n0)
    pv("signature_other_text", "malformed_header", ps_header(U, t7, "abc="), n0)
    pv("signature_of_other_32_bytes", "signature_mismatch", ps_header(U, t7, b64(bytes(32))), n0)
    pv("php_style_accessid_spelling", "malformed_header",
       "PSSERVER AccessId = %s; timestamp = %s; signature = %s" % (U, t7, ps_signature(PK, t7)), n0)
    pv("lowercase_scheme", "malformed_header", good(t7).replace("PSSERVER", "psserver"), n0)
    pv("missing_spaces_after_semicolons", "malformed_header", good(t7).replace("; ", ";"), n0)
    pv("basic_scheme", "malformed_header", "basic %s:%s" % (U, PK), n0)
    pv("timestamp_not_iso8601", "malformed_header", good("yesterday"), n0)
    pv("timestamp_without_zone", "malformed_header", good("2018-04-19T16:04:59.9148591"), n0)
    pv("empty_header", "malformed_header", "", n0)
    pv("order_window_checked_before_hmac", "timestamp_out_of_window", good(t7, key="wrong"), n0 + 10000)
    pv("valid_non_ascii_key", "valid", good(t7, key="clé-ü-€-🔑"), n0, api_key="clé-ü-€-🔑")
    out["paysimple"] = ps
    return out


# --------------------------------------------------------------------------
# 6. Invalid inputs


def build_invalid():
    out = {}
    xbase = {"shared_secret": "s3cr3t", "timestamp": 1455716783, "resource_path": "helloworld",
             "query_string": "apikey=KSKDFJOP934ALSFDJP34", "body_b64": ""}
    xs = []

    def xi(name, field, **changes):
        args = dict(xbase)
        args.update(changes)
        xs.append({"name": name, "args": args, "field": field})

    controls = [("crlf", "\r\n"), ("lf", "\n"), ("nul", "\u0000"), ("tab", "\t"), ("del", "\u007f"), ("c1_nel", "\u0085")]
    for label, c in controls:
        xi("resource_path_%s" % label, "resource_path", resource_path="hello" + c + "world")
    for label, c in controls:
        xi("query_string_%s" % label, "query_string", query_string="apikey=KSKDFJOP934ALSFDJP34" + c + "&a=1")
    xi("shared_secret_empty", "shared_secret", shared_secret="")
    xi("timestamp_negative", "timestamp", timestamp=-1)
    xi("timestamp_after_9999", "timestamp", timestamp=MAX_TIMESTAMP + 1)
    out["xpay"] = xs

    cbase = {"key_id": SANDBOX_KEY_ID, "shared_secret": SANDBOX_SECRET, "merchant_id": SANDBOX_MERCHANT,
             "host": "apitest.cybersource.com", "method": "POST", "request_target": "/pts/v2/payments",
             "body_b64": b64(b'{"a":"b"}'), "date": "Thu, 18 Jul 2019 00:18:03 GMT"}
    # The base arguments must themselves be valid.
    cybs_headers(cbase["key_id"], cbase["shared_secret"], cbase["merchant_id"], cbase["host"], cbase["method"],
                 cbase["request_target"], base64.b64decode(cbase["body_b64"]), cbase["date"])
    cs = []

    def ci(name, field, **changes):
        args = dict(cbase)
        args.update(changes)
        cs.append({"name": name, "args": args, "field": field})

    ci("key_id_double_quote", "key_id", key_id='08c94330-f618"-42a3')
    ci("key_id_empty", "key_id", key_id="")
    ci("key_id_lf", "key_id", key_id=SANDBOX_KEY_ID + "\n")
    ci("merchant_id_crlf", "merchant_id", merchant_id="testrest\r\nX-Evil: 1")
    ci("merchant_id_empty", "merchant_id", merchant_id="")
    ci("host_crlf", "host", host="apitest.cybersource.com\r\nX-Evil: 1")
    ci("host_empty", "host", host="")
    ci("method_trace", "method", method="TRACE")
    ci("method_empty", "method", method="")
    ci("method_with_space", "method", method="POST ")
    ci("request_target_no_leading_slash", "request_target", request_target="pts/v2/payments")
    ci("request_target_empty", "request_target", request_target="")
    ci("request_target_crlf", "request_target", request_target="/pts/v2/payments\r\nX: 1")
    ci("date_iso8601", "date", date="2019-07-18T00:18:03Z")
    ci("date_numeric_offset", "date", date="Thu, 18 Jul 2019 00:18:03 +0000")
    ci("date_wrong_weekday", "date", date="Fri, 18 Jul 2019 00:18:03 GMT")
    ci("date_single_digit_day", "date", date="Fri, 5 Jul 2019 00:58:03 GMT")
    ci("date_empty", "date", date="")
    ci("shared_secret_not_base64", "shared_secret", shared_secret="not base64!")
    ci("shared_secret_missing_padding", "shared_secret", shared_secret="yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE")
    ci("shared_secret_empty", "shared_secret", shared_secret="")
    out["cybersource"] = cs

    pbase = {"username": "APIUser1000", "api_key": "my_api_key", "timestamp": "2018-04-19T16:04:59.9148591Z"}
    ps = []

    def pi(name, field, **changes):
        args = dict(pbase)
        args.update(changes)
        ps.append({"name": name, "args": args, "field": field})

    pi("timestamp_text", "timestamp", timestamp="yesterday")
    pi("timestamp_space_separator", "timestamp", timestamp="2018-04-19 16:04:59")
    pi("timestamp_empty", "timestamp", timestamp="")
    pi("timestamp_no_zone", "timestamp", timestamp="2018-04-19T16:04:59.9148591")
    pi("timestamp_crlf", "timestamp", timestamp="2018-04-19T16:04:59Z\r\n")
    pi("username_lf", "username", username="APIUser1000\n")
    pi("username_semicolon", "username", username="APIUser1000; timestamp=x")
    pi("username_empty", "username", username="")
    pi("api_key_empty", "api_key", api_key="")
    out["paysimple"] = ps
    return out


# --------------------------------------------------------------------------
# self-checks of the spec's worked values, then output

IMF_RE = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$")


def self_checks():
    assert imf_date(1563409083) == "Thu, 18 Jul 2019 00:18:03 GMT"
    assert imf_date(1562288283) == "Fri, 05 Jul 2019 00:58:03 GMT"
    assert IMF_RE.match(imf_date(0))
    for path, want in [("/vdp/helloworld", "helloworld"), ("/one/two/three", "two/three"), ("/vdp", ""),
                       ("/cybersource/payments/v1/authorizations", "payments/v1/authorizations"),
                       ("/wallet-services-web/payment/data/{callId}", "payment/data/{callId}"),
                       ("/vts/provisionedTokens", "vts/provisionedTokens"), ("/tokens/suspend", "tokens/suspend"),
                       ("/ics/v1/pan/lifecycle", "ics/v1/pan/lifecycle"),
                       ("/vtis/v1/pan/lifecycle", "vtis/v1/pan/lifecycle")]:
        assert xpay_resource_path(path, False) == want, path
    assert xpay_query("b=2&apikey=K&a=1&b=1", "K") == "a=1&apikey=K&b=2&b=1"
    assert ps_timestamp(0, 999999999) == "1970-01-01T00:00:00.9999999Z"
    assert ps_timestamp(MAX_TIMESTAMP, 0) == "9999-12-31T23:59:59.0000000Z"


def render(obj):
    return json.dumps(obj, indent=1, ensure_ascii=False) + "\n"


def prefix_names(obj):
    """verify.json / invalid.json: make names unique across the file ("xpay_valid", ...)."""
    for section, entries in obj.items():
        for e in entries:
            e["name"] = section + "_" + e["name"]
    return obj


def build_all():
    self_checks()
    return {
        "xpay.json": build_xpay(),
        "cybersource.json": build_cybersource(),
        "paysimple.json": build_paysimple(),
        "webhook.json": build_webhook(),
        "hmac_sha256_rfc4231.json": build_rfc4231(),
        "verify.json": prefix_names(build_verify()),
        "invalid.json": prefix_names(build_invalid()),
    }


def main(argv):
    check = "--check" in argv[1:]
    unknown = [a for a in argv[1:] if a != "--check"]
    if unknown:
        print("usage: generate.py [--check]", file=sys.stderr)
        return 2
    differ = []
    for fname, obj in build_all().items():
        text = render(obj).encode("utf-8")
        path = os.path.join(HERE, fname)
        if check:
            try:
                with open(path, "rb") as f:
                    on_disk = f.read()
            except FileNotFoundError:
                on_disk = None
            if on_disk != text:
                differ.append(fname)
        else:
            with open(path, "wb") as f:
                f.write(text)
    if check:
        if differ:
            print("out of date (run python3 tests/vectors/generate.py): " + ", ".join(differ), file=sys.stderr)
            return 1
        print("test vectors up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
