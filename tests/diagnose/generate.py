#!/usr/bin/env python3
"""Generate tests/diagnose/cases.json: wrong tokens, signatures and headers,
each made by committing the mistakes the case is named after.

Independent of the Rust core: only the Python (3.9+) standard library, and
every input is fixed here, so running it again writes byte-identical output.

    python3 tests/diagnose/generate.py           # (re)write cases.json
    python3 tests/diagnose/generate.py --check   # exit 1 if cases.json on disk
                                                 # differs from a fresh generation

The format is documented in README.md next to this file. `mistakes` lists the
ids in catalogue order (most likely first), as every binding reports them.
"""

import base64
import decimal
import hashlib
import hmac
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.json")


def mac(key, message):
    if isinstance(key, str):
        key = key.encode()
    if isinstance(message, str):
        message = message.encode()
    return hmac.new(key, message, hashlib.sha256).digest()


def b64(data):
    return base64.b64encode(data).decode("ascii")


CASES = []


def case(name, scheme, inputs, mistakes):
    CASES.append(
        {
            "name": name,
            "scheme": scheme,
            "input": inputs,
            "valid": not mistakes,
            "mistakes": list(mistakes),
        }
    )


# --------------------------------------------------------------------------
# X-Pay-Token: token = "xv2:" ts ":" hex(HMAC(secret, ts + resource_path + query + body))

X_KEY = "KSKDFJOP934ALSFDJP34"
X_SECRET = "shared-secret"
X_TIME = 1455716783
X_HELLO = "https://sandbox.api.visa.com/vdp/helloworld?apikey=" + X_KEY
X_QUERY = "apikey=" + X_KEY


def xtoken(ts, message, secret=X_SECRET, encode=lambda m: m.hex()):
    return "xv2:%s:%s" % (ts, encode(mac(secret, message)))


def xpay(name, token, mistakes, method="GET", url=X_HELLO, body=""):
    case(
        name,
        "xpay",
        {
            "api_key": X_KEY,
            "shared_secret": X_SECRET,
            "method": method,
            "url": url,
            "body": body,
            "full_path": False,
            "time": X_TIME,
            "token": token,
        },
        mistakes,
    )


def xpay_cases():
    t = str(X_TIME)
    ms = t + "000"
    good = t + "helloworld" + X_QUERY
    xpay("xpay valid", xtoken(t, good), [])
    xpay("xpay leading slash", xtoken(t, t + "/helloworld" + X_QUERY), ["resource_path_leading_slash"])
    xpay(
        "xpay milliseconds and leading slash",
        xtoken(ms, ms + "/helloworld" + X_QUERY),
        ["timestamp_milliseconds", "resource_path_leading_slash"],
    )
    # singles
    xpay("xpay milliseconds", xtoken(ms, ms + "helloworld" + X_QUERY), ["timestamp_milliseconds"])
    xpay("xpay trailing slash", xtoken(t, t + "helloworld/" + X_QUERY), ["resource_path_trailing_slash"])
    xpay("xpay context path kept", xtoken(t, t + "vdp/helloworld" + X_QUERY), ["context_path_kept"])
    vts = "https://sandbox.api.visa.com/vts/provisionedTokens?apikey=" + X_KEY
    xpay(
        "xpay Visa Token Service path stripped",
        xtoken(t, t + "provisionedTokens" + X_QUERY),
        ["context_path_stripped"],
        url=vts,
    )
    xpay("xpay query missing", xtoken(t, t + "helloworld"), ["query_missing"])
    xpay("xpay query with question mark", xtoken(t, t + "helloworld?" + X_QUERY), ["query_with_question_mark"])
    xpay("xpay apiKey spelling", xtoken(t, t + "helloworldapiKey=" + X_KEY), ["api_key_case"])
    unsorted = "https://sandbox.api.visa.com/vdp/helloworld?zeta=1&apikey=%s&alpha=2" % X_KEY
    xpay(
        "xpay query unsorted",
        xtoken(t, t + "helloworldzeta=1&" + X_QUERY + "&alpha=2"),
        ["query_unsorted"],
        url=unsorted,
    )
    spaced = '{"amount": "10.00", "currency": "USD"}'
    compact = '{"amount":"10.00","currency":"USD"}'
    xpay("xpay body reserialised", xtoken(t, good + compact), ["body_reserialized"], "POST", X_HELLO, spaced)
    xpay("xpay body null", xtoken(t, good + "null"), ["body_null_or_undefined"])
    xpay("xpay body not signed", xtoken(t, good), ["body_not_signed"], "POST", X_HELLO, compact)
    xpay("xpay trailing newline", xtoken(t, good + "\n"), ["trailing_newline"])
    # Visa's troubleshooting guide: no space or newline may differ at the end of the payload
    xpay("xpay body sent with a newline, signed trimmed", xtoken(t, good + compact), ["body_trimmed"], "POST", X_HELLO, compact + "\n")
    xpay("xpay secret with newline", xtoken(t, good, X_SECRET + "\n"), ["secret_trailing_newline"])
    xpay("xpay uppercase hex", xtoken(t, good, encode=lambda m: m.hex().upper()), ["uppercase_hex"])
    xpay("xpay HMAC in base64", xtoken(t, good, encode=b64), ["hmac_base64"])
    xpay("xpay token without its HMAC", "xv2:" + t, ["token_malformed"])
    # pairs across parts of the message
    xpay(
        "xpay milliseconds and query missing",
        xtoken(ms, ms + "helloworld"),
        ["timestamp_milliseconds", "query_missing"],
    )
    xpay(
        "xpay leading slash and trailing newline",
        xtoken(t, t + "/helloworld" + X_QUERY + "\n"),
        ["resource_path_leading_slash", "trailing_newline"],
    )
    xpay(
        "xpay context path kept and body reserialised",
        xtoken(t, t + "vdp/helloworld" + X_QUERY + compact),
        ["context_path_kept", "body_reserialized"],
        "POST",
        X_HELLO,
        spaced,
    )
    xpay(
        "xpay query unsorted and body null",
        xtoken(t, t + "helloworldzeta=1&" + X_QUERY + "&alpha=2null"),
        ["query_unsorted", "body_null_or_undefined"],
        url=unsorted,
    )
    xpay(
        "xpay leading slash and secret with newline",
        xtoken(t, t + "/helloworld" + X_QUERY, X_SECRET + "\n"),
        ["resource_path_leading_slash", "secret_trailing_newline"],
    )
    xpay(
        "xpay milliseconds and uppercase hex",
        xtoken(ms, ms + "helloworld" + X_QUERY, encode=lambda m: m.hex().upper()),
        ["timestamp_milliseconds", "uppercase_hex"],
    )
    xpay(
        "xpay question mark and body not signed",
        xtoken(t, t + "helloworld?" + X_QUERY),
        ["query_with_question_mark", "body_not_signed"],
        "POST",
        X_HELLO,
        compact,
    )


# --------------------------------------------------------------------------
# CyberSource HTTP Signature

CS_MERCHANT = "testrest"
CS_KEY_ID = "08c94330-f618-42a3-b09d-e1e43be5efda"
CS_SECRET = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE="
CS_HOST = "apitest.cybersource.com"
CS_URL = "https://apitest.cybersource.com/pts/v2/payments"
CS_DATE = "Thu, 18 Jul 2019 00:18:03 GMT"
CS_TIME = 1563409083
CS_BODY = '{"clientReferenceInformation":{"code":"TC50171_3"}}'
LIST_POST = "host date request-target digest v-c-merchant-id"


def digest(body):
    return "SHA-256=" + b64(hashlib.sha256(body.encode()).digest())


def signing_string(
    date=CS_DATE,
    label="request-target",
    method="post",
    target="/pts/v2/payments",
    dig=None,
    host=CS_HOST,
    sep=": ",
    end="",
):
    dig = digest(CS_BODY) if dig is None else dig
    lines = [
        "host" + sep + host,
        "date" + sep + date,
        label + sep + method + " " + target,
        "digest" + sep + dig,
        "v-c-merchant-id" + sep + CS_MERCHANT,
    ]
    return "\n".join(lines) + end


def cs_signature(text, key=None):
    key = base64.b64decode(CS_SECRET) if key is None else key
    return b64(mac(key, text))


def cybersource(
    name,
    signature,
    mistakes,
    date=CS_DATE,
    dig=None,
    lst=LIST_POST,
    key_id=CS_KEY_ID,
    method="POST",
    url=CS_URL,
    body=CS_BODY,
    separator=", ",
):
    headers = [["v-c-merchant-id", CS_MERCHANT], ["Date", date], ["Host", CS_HOST]]
    if method == "POST":
        headers.append(["Digest", digest(CS_BODY) if dig is None else dig])
    params = ['keyid="%s"' % key_id, 'algorithm="HmacSHA256"', 'headers="%s"' % lst, 'signature="%s"' % signature]
    headers.append(["Signature", separator.join(params)])
    case(
        name,
        "cybersource",
        {
            "headers": headers,
            "merchant_id": CS_MERCHANT,
            "key_id": CS_KEY_ID,
            "shared_secret": CS_SECRET,
            "method": method,
            "url": url,
            "body": body,
            "time": None,
        },
        mistakes,
    )


def cybersource_cases():
    text_key = CS_SECRET.encode()
    cybersource("cybersource valid", cs_signature(signing_string()), [])
    cybersource("cybersource secret not decoded", cs_signature(signing_string(), text_key), ["secret_not_base64_decoded"])
    paren = "host date (request-target) digest v-c-merchant-id"
    cybersource(
        "cybersource (request-target)",
        cs_signature(signing_string(label="(request-target)")),
        ["request_target_parentheses"],
        lst=paren,
    )
    cybersource(
        "cybersource method uppercase",
        cs_signature(signing_string(method="POST")),
        ["method_not_lowercased"],
    )
    cybersource(
        "cybersource no space after colon",
        cs_signature(signing_string(sep=":")),
        ["missing_space_after_colon"],
    )
    cybersource("cybersource trailing newline", cs_signature(signing_string(end="\n")), ["trailing_newline"])
    cybersource(
        "cybersource host with scheme",
        cs_signature(signing_string(host="https://" + CS_HOST)),
        ["host_with_scheme_or_port"],
    )
    cybersource(
        "cybersource keyid of another key",
        cs_signature(signing_string()),
        ["keyid_mismatch"],
        key_id="another-key-id",
    )
    hex_digest = "SHA-256=" + hashlib.sha256(CS_BODY.encode()).hexdigest()
    cybersource(
        "cybersource digest in hex",
        cs_signature(signing_string(dig=hex_digest)),
        ["digest_hex"],
        dig=hex_digest,
    )
    iso = "2019-07-18T00:18:03Z"
    cybersource(
        "cybersource ISO date",
        cs_signature(signing_string(date=iso)),
        ["date_not_imf_fixdate"],
        date=iso,
    )
    spaced = CS_BODY.replace(",", ", ").replace(":", ": ")
    cybersource(
        "cybersource digest of the body re-serialised",
        cs_signature(signing_string(dig=digest(spaced))),
        ["digest_of_different_body"],
        dig=digest(spaced),
    )
    local = "Thu, 18 Jul 2019 02:18:03 +0200"
    cybersource(
        "cybersource local date",
        cs_signature(signing_string(date=local)),
        ["date_not_gmt"],
        date=local,
    )
    no_date = "\n".join(l for l in signing_string().split("\n") if not l.startswith("date: "))
    cybersource("cybersource date line left out", cs_signature(no_date), ["date_line_missing"])
    cybersource(
        "cybersource headers list of a GET on a POST",
        cs_signature(signing_string()),
        ["headers_list_mismatch"],
        lst="host date request-target v-c-merchant-id",
    )
    cybersource(
        "cybersource Signature parameters joined by ;",
        cs_signature(signing_string()),
        ["signature_header_malformed"],
        separator="; ",
    )
    get_url = "https://apitest.cybersource.com/reporting/v3/reports?organizationId=testrest"
    get_string = "host: %s\ndate: %s\nrequest-target: get /reporting/v3/reports\nv-c-merchant-id: %s" % (
        CS_HOST,
        CS_DATE,
        CS_MERCHANT,
    )
    cybersource(
        "cybersource query left out of the target",
        cs_signature(get_string),
        ["query_missing_from_target"],
        lst="host date request-target v-c-merchant-id",
        method="GET",
        url=get_url,
        body="",
    )
    # pairs: key handling x line format x headers list
    cybersource(
        "cybersource secret not decoded and (request-target)",
        cs_signature(signing_string(label="(request-target)"), text_key),
        ["secret_not_base64_decoded", "request_target_parentheses"],
        lst=paren,
    )
    cybersource(
        "cybersource secret not decoded and no space after colon",
        cs_signature(signing_string(sep=":"), text_key),
        ["secret_not_base64_decoded", "missing_space_after_colon"],
    )
    cybersource(
        "cybersource method uppercase and trailing newline",
        cs_signature(signing_string(method="POST", end="\n")),
        ["method_not_lowercased", "trailing_newline"],
    )
    cybersource(
        "cybersource right string, old headers list, secret not decoded",
        cs_signature(signing_string(), text_key),
        ["secret_not_base64_decoded", "request_target_parentheses"],
        lst=paren,
    )
    cybersource(
        "cybersource digest in hex and ISO date",
        cs_signature(signing_string(date=iso, dig=hex_digest)),
        ["digest_hex", "date_not_imf_fixdate"],
        date=iso,
        dig=hex_digest,
    )


# --------------------------------------------------------------------------
# PaySimple PSSERVER

PS_USER = "APIUser1000"
PS_KEY = "ps-api-key-0123456789"
PS_TS = "2017-07-20T20:45:44.0973928Z"


def ps_sig(ts=PS_TS, key=PS_KEY, encode=b64):
    return encode(mac(key, ts))


def paysimple(name, authorization, mistakes, signed=None):
    case(
        name,
        "paysimple",
        {
            "authorization": authorization,
            "username": PS_USER,
            "api_key": PS_KEY,
            "signed_timestamp": signed,
        },
        mistakes,
    )


def ps_header(sig, ts=PS_TS):
    return "PSSERVER accessid=%s; timestamp=%s; signature=%s" % (PS_USER, ts, sig)


def paysimple_cases():
    hexed = lambda m: m.hex()
    paysimple("paysimple valid", ps_header(ps_sig()), [])
    paysimple("paysimple Ruby encode64 newline", ps_header(ps_sig() + "\n"), ["trailing_newline_in_base64"])
    paysimple("paysimple hex", ps_header(ps_sig(encode=hexed)), ["hex_instead_of_base64"])
    paysimple(
        "paysimple key and message swapped",
        ps_header(b64(mac(PS_TS, PS_KEY))),
        ["key_and_message_swapped"],
    )
    paysimple("paysimple API key with newline", ps_header(ps_sig(key=PS_KEY + "\n")), ["api_key_trailing_newline"])
    paysimple(
        "paysimple no PSSERVER prefix",
        "accessid=%s; timestamp=%s; signature=%s" % (PS_USER, PS_TS, ps_sig()),
        ["psserver_prefix_missing"],
    )
    paysimple(
        "paysimple PHP spacing",
        "PSSERVER AccessId = %s; Timestamp = %s; Signature = %s" % (PS_USER, PS_TS, ps_sig()),
        ["header_syntax"],
    )
    local = "2017-07-20T14:45:44.0973928"
    paysimple("paysimple local time without offset", ps_header(ps_sig(local), local), ["timestamp_not_iso8601"])
    paysimple("paysimple no signature field", "PSSERVER accessid=%s; timestamp=%s" % (PS_USER, PS_TS), ["header_malformed"])
    three = "2017-07-20T20:45:44.097Z"
    paysimple(
        "paysimple signed with milliseconds, sent with 7 digits",
        ps_header(ps_sig(three)),
        ["timestamp_differs_from_signed"],
    )
    # pairs: encoding x layout, encoding x what was signed
    paysimple(
        "paysimple hex and signed with milliseconds",
        ps_header(ps_sig(three, encode=hexed)),
        ["hex_instead_of_base64", "timestamp_differs_from_signed"],
    )
    paysimple(
        "paysimple Ruby newline and PHP spacing",
        "PSSERVER AccessId = %s; Timestamp = %s; Signature = %s\n" % (PS_USER, PS_TS, ps_sig()),
        ["trailing_newline_in_base64", "header_syntax"],
    )
    paysimple(
        "paysimple hex and no PSSERVER prefix",
        "accessid=%s; timestamp=%s; signature=%s" % (PS_USER, PS_TS, ps_sig(encode=hexed)),
        ["hex_instead_of_base64", "psserver_prefix_missing"],
    )
    paysimple(
        "paysimple hex and API key with newline",
        ps_header(ps_sig(key=PS_KEY + "\n", encode=hexed)),
        ["hex_instead_of_base64", "api_key_trailing_newline"],
    )


# --------------------------------------------------------------------------
# CyberSource webhook v-c-signature: t=<ms>;keyId=<id>;sig=b64(HMAC(b64decode(key), t "." body))

W_KEY_ID = "webhook-key-1"
W_KEY = "c2VjcmV0LXdlYmhvb2sta2V5LTAxMjM0NTY3ODlhYmNkZWY="
W_MS = 1700000000123
W_RAW = '{"eventType": "payments.capture", "id": "n-1"}'
W_PARSED = '{"eventType":"payments.capture","id":"n-1"}'


def w_sig(t, body, key=None, sep=".", encode=b64):
    key = base64.b64decode(W_KEY) if key is None else key
    return encode(mac(key, str(t) + sep + body))


def webhook(name, header, body, mistakes, time=None, extra=()):
    case(
        name,
        "cybersource-webhook",
        {
            "headers": ([] if header is None else [["v-c-signature", header]]) + list(extra),
            "key_id": W_KEY_ID,
            "key": W_KEY,
            "body": body,
            "time": time,
        },
        mistakes,
    )


def w_header(sig, t=W_MS, key_id=W_KEY_ID):
    return "t=%s;keyId=%s;sig=%s" % (t, key_id, sig)


def w_first_time(wanted, body=W_RAW):
    """The first millisecond from W_MS whose right signature of body passes wanted()."""
    t = W_MS
    while not wanted(w_sig(t, body)):
        t += 1
    return t


# What CyberSource's commercetools and Oracle CX plugins hash after "<t>.":
# JavaScript's JSON.stringify(JSON.parse(body).payload). Written here from
# ECMAScript's definitions (JSON.parse, OrdinaryOwnPropertyKeys,
# Number::toString, QuoteJSONString), not from paysign's.


def js_number(x):
    if x != x or x in (float("inf"), float("-inf")):
        return "null"
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    # repr() gives the shortest digits that round-trip, as Number::toString does
    digits, exp = decimal.Decimal(repr(abs(x))).normalize().as_tuple()[1:]
    digits = "".join(map(str, digits))
    k = len(digits)
    n = exp + k
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * -n + digits
    else:
        e = n - 1
        text = (digits if k == 1 else digits[0] + "." + digits[1:]) + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + text


def js_quote(text):
    out = ['"']
    named = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    for ch in text:
        if ch in named:
            out.append(named[ch])
        elif ord(ch) < 0x20 or 0xD800 <= ord(ch) <= 0xDFFF:  # controls, lone surrogates
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def js_is_array_index(key):
    return key.isascii() and key.isdigit() and (key == "0" or key[0] != "0") and int(key) < 2**32 - 1


def js_object(pairs):
    members = {}
    for key, value in pairs:
        members[key] = value  # a repeated name keeps its first place, takes the last value
    indices = sorted((k for k in members if js_is_array_index(k)), key=int)
    return [(k, members[k]) for k in indices + [k for k in members if not js_is_array_index(k)]]


def js_parse(text):
    return json.loads(text, object_pairs_hook=lambda pairs: ("object", js_object(pairs)), parse_int=float, parse_float=float)


def js_stringify(value):
    if isinstance(value, tuple):
        return "{" + ",".join(js_quote(k) + ":" + js_stringify(v) for k, v in value[1]) + "}"
    if isinstance(value, list):
        return "[" + ",".join(js_stringify(v) for v in value) + "]"
    if isinstance(value, str):
        return js_quote(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    return js_number(value)


def js_member(value, name):
    return dict(value[1])[name]


# A notification as CyberSource sends it: spaced JSON, a payload array, a
# number with a trailing zero, escaped slashes and non-ASCII text (each of
# which JSON.stringify writes differently).
W_NOTIFICATION = (
    '{"eventType": "payments.capture", "webhookId": "wh-1", "payload": [{"data": '
    '{"_links": {"self": {"href": "https:\\/\\/apitest.cybersource.com\\/pts\\/v2\\/captures\\/7"}}, '
    '"amount": 10.50, "merchantName": "Caf\\u00e9 Zo\u00eb"}, "organizationId": "testrest"}]}'
)


def webhook_cases():
    text_key = W_KEY.encode()
    hexed = lambda m: m.hex()
    webhook("webhook valid", w_header(w_sig(W_MS, W_RAW)), W_RAW, [])
    # the signature covers the raw body; the body checked was re-serialised by a JSON parser
    webhook("webhook body re-serialised by a JSON parser", w_header(w_sig(W_MS, W_RAW)), W_PARSED, ["body_reserialized"])
    webhook("webhook key used as text", w_header(w_sig(W_MS, W_RAW, text_key)), W_RAW, ["key_not_base64_decoded"])
    secs = W_MS // 1000
    webhook("webhook timestamp in seconds", w_header(w_sig(secs, W_RAW), t=secs), W_RAW, ["timestamp_seconds"])
    webhook("webhook signed seconds, sent milliseconds", w_header(w_sig(secs, W_RAW)), W_RAW, ["timestamp_seconds"])
    webhook("webhook body alone signed", w_header(b64(mac(base64.b64decode(W_KEY), W_RAW))), W_RAW, ["timestamp_not_signed"])
    webhook("webhook body with a newline", w_header(w_sig(W_MS, W_RAW + "\n")), W_RAW, ["body_trailing_newline"])
    url_safe = lambda m: base64.urlsafe_b64encode(m).decode().rstrip("=")
    # a time whose signature has a + or /, so its URL-safe form has its own - or _
    t_url = w_first_time(lambda sig: "+" in sig or "/" in sig)
    webhook(
        "webhook URL-safe base64",
        w_header(w_sig(t_url, W_RAW, encode=url_safe), t=t_url),
        W_RAW,
        ["signature_base64url"],
    )
    webhook("webhook no dot", w_header(w_sig(W_MS, W_RAW, sep="")), W_RAW, ["separator_missing"])
    webhook("webhook hex signature", w_header(w_sig(W_MS, W_RAW, encode=hexed)), W_RAW, ["signature_hex"])
    webhook("webhook another keyId", w_header(w_sig(W_MS, W_RAW), key_id="webhook-key-2"), W_RAW, ["keyid_mismatch"])
    webhook(
        "webhook spaces and quotes",
        't=%s; keyId="%s"; sig="%s"' % (W_MS, W_KEY_ID, w_sig(W_MS, W_RAW)),
        W_RAW,
        ["header_syntax"],
    )
    webhook("webhook header missing", None, W_RAW, ["header_malformed"])
    # the padding lost (a parser taking split('=')[1]); with and without + or / in it
    unpadded = lambda m: b64(m).rstrip("=")
    webhook("webhook signature without its padding", w_header(w_sig(W_MS, W_RAW, encode=unpadded)), W_RAW, ["signature_unpadded"])
    webhook(
        "webhook signature with + or / without its padding",
        w_header(w_sig(t_url, W_RAW, encode=unpadded), t=t_url),
        W_RAW,
        ["signature_unpadded"],
    )
    # CyberSource's commercetools and Oracle CX plugins: "<t>." + JSON.stringify(body.payload)
    parsed = js_parse(W_NOTIFICATION)
    payload = js_stringify(js_member(parsed, "payload"))
    first = js_stringify(js_member(parsed, "payload")[0])
    webhook("webhook notification valid", w_header(w_sig(W_MS, W_NOTIFICATION)), W_NOTIFICATION, [])
    webhook("webhook payload member signed", w_header(w_sig(W_MS, payload)), W_NOTIFICATION, ["payload_member_only"])
    webhook("webhook payload[0] signed", w_header(w_sig(W_MS, first)), W_NOTIFICATION, ["payload_member_only"])
    # the header is the signature alone
    known = W_MS // 1000 * 1000  # the case's time, in seconds, stands in for t=
    webhook("webhook bare signature", w_sig(known, W_RAW), W_RAW, ["header_bare_signature"], time=W_MS // 1000)
    webhook(
        "webhook bare signature of the body alone",
        b64(mac(base64.b64decode(W_KEY), W_RAW)),
        W_RAW,
        ["timestamp_not_signed", "header_bare_signature"],
    )
    webhook("webhook bare signature of something else", b64(hashlib.sha256(b"not this body").digest()), W_RAW, ["header_bare_signature"])
    # the REST API's HTTP Signature written into v-c-signature, or sent instead of it
    rest = 'keyid="%s", algorithm="HmacSHA256", headers="host date request-target digest v-c-merchant-id", signature="%s"' % (
        W_KEY_ID,
        w_sig(W_MS, W_RAW),
    )
    webhook("webhook HTTP Signature form", rest, W_RAW, ["header_http_signature"])
    webhook("webhook Signature header instead", None, W_RAW, ["header_http_signature"], extra=[["Signature", rest]])
    # pairs
    webhook(
        "webhook re-serialised body and key used as text",
        w_header(w_sig(W_MS, W_RAW, text_key)),
        W_PARSED,
        ["body_reserialized", "key_not_base64_decoded"],
    )
    webhook(
        "webhook key used as text and hex signature",
        w_header(w_sig(W_MS, W_RAW, text_key, encode=hexed)),
        W_RAW,
        ["key_not_base64_decoded", "signature_hex"],
    )
    webhook(
        "webhook seconds and hex signature",
        w_header(w_sig(secs, W_RAW, encode=hexed), t=secs),
        W_RAW,
        ["timestamp_seconds", "signature_hex"],
    )
    webhook(
        "webhook payload member signed with the key as text",
        w_header(w_sig(W_MS, payload, text_key)),
        W_NOTIFICATION,
        ["payload_member_only", "key_not_base64_decoded"],
    )
    webhook(
        "webhook key used as text and padding lost",
        w_header(w_sig(W_MS, W_RAW, text_key, encode=unpadded)),
        W_RAW,
        ["key_not_base64_decoded", "signature_unpadded"],
    )


def generate():
    CASES.clear()
    xpay_cases()
    cybersource_cases()
    paysimple_cases()
    webhook_cases()
    return json.dumps({"cases": CASES}, indent=1, ensure_ascii=False) + "\n"


def main(argv):
    check = "--check" in argv[1:]
    if [a for a in argv[1:] if a != "--check"]:
        print("usage: generate.py [--check]", file=sys.stderr)
        return 2
    text = generate()
    if check:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                print("tests/diagnose/cases.json differs from generate.py's output: run it", file=sys.stderr)
                return 1
        print("tests/diagnose/cases.json is up to date (%d cases)" % len(CASES))
        return 0
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote tests/diagnose/cases.json (%d cases)" % len(CASES))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
