"""Python benchmarks: paysign against the standard-library code each scheme's
users write today (the vendors' samples), same inputs, same process.

Prints one JSON object per line (see bench/README.md): one per row
{"lang", "case", "impl", "size", "api", "ns", "min", "iters", "samples"},
then a "meta" line. Per-call times come from timeit: every implementation of
a case is calibrated to BENCH_SAMPLE_MS per sample (default 20 ms), then
BENCH_SAMPLES samples (default 11) are taken round-robin across the
implementations, so that a change of machine load hits them alike; "ns" is
the median per-call time, in this thread's CPU time (BENCH_CLOCK=cpu, the
default) or wall-clock time (BENCH_CLOCK=wall).

The floor's two terms are measured in this process, in every case, sampled
round-robin with its rows: impl "floor_sha256" (SHA-256 of 1 MiB with
hashlib: 16385 compressions) and impl "floor_call"
(hmac.compare_digest(b"", b""): one call into native code that does
nothing), so that each row's floor comes from the same moments as the row.

BENCH_ONLY=case/impl/size (e.g. xpay/signer/300) runs that one row in a
loop for BENCH_PROFILE_S seconds (default 10) and prints nothing: what
bench/profile.sh records.

Run by bench/run.sh with the venv that has the freshly built wheel.
"""

import base64
import calendar
import hashlib
import hmac
import json
import os
import statistics
import sys
import time
import timeit

import paysign

SAMPLES = int(os.environ.get("BENCH_SAMPLES", "11"))
SAMPLE_S = float(os.environ.get("BENCH_SAMPLE_MS", "20")) / 1000
SIZES = [0, 300, 64 << 10, 1 << 20]
# This thread's CPU time (time-slicing by other processes does not count), or wall-clock time.
CLOCK = os.environ.get("BENCH_CLOCK", "cpu")
TIMER = time.perf_counter if CLOCK == "wall" else time.thread_time

# The inputs every harness uses (bench/README.md).
XPAY_SECRET = b"shared-secret"
XPAY_API_KEY = "KSKDFJOP934ALSFDJP34"
XPAY_TS = 1455716783
XPAY_RP = "helloworld"
XPAY_QS = "apikey=KSKDFJOP934ALSFDJP34"
XPAY_URL = "https://sandbox.api.visa.com/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34"
XPAY_TARGET = "/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34"
CS_KEY_ID = "08c94330-f618-42a3-b09d-e1e43be5efda"
CS_SECRET = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE="
CS_MERCHANT = "testrest"
CS_HOST = "apitest.cybersource.com"
CS_TARGET = "/pts/v2/payments"
CS_URL = "https://apitest.cybersource.com/pts/v2/payments"
CS_DATE = "Thu, 18 Jul 2019 00:18:03 GMT"
CS_NOW = 1563409083
PS_USER = "APIUser1000"
PS_KEY = "api-key"
PS_TS = "2017-07-20T20:45:44.0973928Z"
PS_URL = "https://sandbox-api.paysimple.com/v4/customer"
PS_TARGET = "/v4/customer"
PS_NOW = calendar.timegm((2017, 7, 20, 20, 45, 44))
WH_KEY_ID = CS_KEY_ID
WH_KEY = CS_SECRET
WH_TS_MS = CS_NOW * 1000
MIB = b"x" * (1 << 20)


# ---- the incumbents: the vendors' samples, in Python 3 ------------

def stdlib_x_pay_token(shared_secret, resource_path, query_string, body, timestamp):
    # Visa's sample: pre_hash_string = timestamp + resource_path + query_string + body
    ts = str(timestamp)
    pre_hash_string = (ts + resource_path + query_string).encode("utf-8") + body
    hash_string = hmac.new(shared_secret, pre_hash_string, hashlib.sha256).hexdigest()
    return "xv2:" + ts + ":" + hash_string


def stdlib_verify_x_pay_token(shared_secret, token, resource_path, query_string, body):
    # What a server writes by hand: recompute from the token's timestamp, compare in constant time.
    _, ts, _ = token.split(":")
    want = stdlib_x_pay_token(shared_secret, resource_path, query_string, body, int(ts))
    return hmac.compare_digest(want, token)


def stdlib_cybersource(key_id, shared_secret, merchant_id, host, request_target, body, date):
    # CyberSource's sample: Digest, signature string, HMAC keyed with the decoded secret.
    digest = "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()
    signature_string = (
        "host: " + host + "\ndate: " + date + "\nrequest-target: post " + request_target
        + "\ndigest: " + digest + "\nv-c-merchant-id: " + merchant_id
    )
    signature = base64.b64encode(
        hmac.new(base64.b64decode(shared_secret), signature_string.encode("utf-8"), hashlib.sha256).digest()
    ).decode()
    return {
        "v-c-merchant-id": merchant_id,
        "Date": date,
        "Host": host,
        "Digest": digest,
        "Signature": 'keyid="' + key_id + '", algorithm="HmacSHA256", '
        'headers="host date request-target digest v-c-merchant-id", signature="' + signature + '"',
    }


def stdlib_verify_cybersource(shared_secret, headers, method, request_target, body):
    # Recompute the Digest and the signature over the headers the Signature lists; compare both.
    received = {name.lower(): value for name, value in headers.items()}
    params = {}
    for part in received["signature"].split(", "):
        name, _, value = part.partition("=")
        params[name] = value.strip('"')
    digest = "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()
    if not hmac.compare_digest(digest, received.get("digest", "")):
        return False
    lines = []
    for name in params["headers"].split(" "):
        if name == "request-target":
            lines.append("request-target: " + method.lower() + " " + request_target)
        else:
            lines.append(name + ": " + received[name])
    want = base64.b64encode(
        hmac.new(base64.b64decode(shared_secret), "\n".join(lines).encode("utf-8"), hashlib.sha256).digest()
    ).decode()
    return hmac.compare_digest(want, params["signature"])


def stdlib_paysimple_header(username, api_key, timestamp):
    # PaySimple's sample: base64(HMAC(api key, timestamp)) in the PSSERVER header.
    signature = base64.b64encode(
        hmac.new(api_key.encode("utf-8"), timestamp.encode("utf-8"), hashlib.sha256).digest()).decode()
    return "PSSERVER accessid=" + username + "; timestamp=" + timestamp + "; signature=" + signature


def stdlib_verify_paysimple(header, api_key):
    fields = dict(part.split("=", 1) for part in header[len("PSSERVER "):].split("; "))
    want = stdlib_paysimple_header(fields["accessid"], api_key, fields["timestamp"])
    return hmac.compare_digest(want, header)


def stdlib_webhook_signature(key_id, key, body, timestamp_ms):
    # CyberSource's "Validating a Notification": HMAC(base64-decoded key, "<t>.<body>").
    t = str(timestamp_ms)
    sig = base64.b64encode(hmac.new(base64.b64decode(key), (t + ".").encode() + body, hashlib.sha256).digest())
    return "t=" + t + ";keyId=" + key_id + ";sig=" + sig.decode()


def stdlib_verify_webhook(keys, header, body, now):
    # The public samples: split on ';', look the key up, check the 5-minute tolerance, recompute, compare.
    fields = dict(part.split("=", 1) for part in header.split(";"))
    t = fields["t"]
    if abs(now - int(t) // 1000) > 300:
        return False
    key = keys[fields["keyId"]]
    want = base64.b64encode(hmac.new(base64.b64decode(key), (t + ".").encode() + body, hashlib.sha256).digest())
    return hmac.compare_digest(want, fields["sig"].encode())


# ---- harness ---------------------------------------------------------------

def calibrate(timer):
    number = 1
    while True:
        t = timer.timeit(number)
        if t >= SAMPLE_S / 4:
            return max(1, int(number * SAMPLE_S / t))
        number *= 4


def run(case, size, impls, env):
    """impls: name -> (api, statement); all sampled round-robin."""
    timers = {name: timeit.Timer(stmt, timer=TIMER, globals=env) for name, (_, stmt) in impls.items()}
    numbers = {}
    for name, timer in timers.items():
        timer.timeit(1)  # warm
        numbers[name] = calibrate(timer)
    samples = {name: [] for name in timers}
    for _ in range(SAMPLES):
        for name, timer in timers.items():
            samples[name].append(timer.timeit(numbers[name]) / numbers[name] * 1e9)
    for name, s in samples.items():
        print(json.dumps({
            "lang": "python", "case": case, "impl": name, "size": size, "api": impls[name][0],
            "ns": round(statistics.median(s), 2), "min": round(min(s), 2),
            "iters": numbers[name], "samples": [round(x, 2) for x in s],
        }), flush=True)


def cases():
    """Every (case, size, impls, env) of the run, in order, after checking that all sides agree."""
    xpay_signer = paysign.XPaySigner(XPAY_API_KEY, XPAY_SECRET)
    cs_signer = paysign.CyberSourceSigner(CS_MERCHANT, CS_KEY_ID, CS_SECRET)
    ps_signer = paysign.PaySimpleSigner(PS_USER, PS_KEY)
    xpay_verifier = paysign.XPayVerifier({XPAY_API_KEY: XPAY_SECRET}, replay=False)
    cs_verifier = paysign.CyberSourceVerifier({CS_KEY_ID: CS_SECRET}, replay=False)
    ps_verifier = paysign.PaySimpleVerifier({PS_USER: PS_KEY}, replay=False)
    wh_keys = {WH_KEY_ID: WH_KEY}
    wh_verifier = paysign.CyberSourceWebhookVerifier(wh_keys, replay=False)
    base = dict(globals(), xpay_signer=xpay_signer, cs_signer=cs_signer, ps_signer=ps_signer,
                xpay_verifier=xpay_verifier, cs_verifier=cs_verifier, ps_verifier=ps_verifier,
                wh_verifier=wh_verifier, wh_keys=wh_keys, EMPTY=b"")

    out = []

    # PaySimple signs a timestamp only: one size.
    header = stdlib_paysimple_header(PS_USER, PS_KEY, PS_TS)
    assert paysign.paysimple_header(PS_USER, PS_KEY, timestamp=PS_TS) == header
    assert ps_signer.sign("GET", PS_URL, timestamp=PS_TS).headers["Authorization"] == header
    assert stdlib_verify_paysimple(header, PS_KEY) and not stdlib_verify_paysimple(header, "other-key")
    paysign.verify_paysimple_header(header, PS_KEY, now=PS_NOW)
    ps_verifier.verify("GET", PS_TARGET, {"Authorization": header}, b"", now=PS_NOW)
    env = dict(base, ps_header=header, ps_headers={"Authorization": header})
    out.append(("paysimple", 0, {
        "incumbent": ("hmac.new + b64encode", "stdlib_paysimple_header(PS_USER, PS_KEY, PS_TS)"),
        "flat": ("paysimple_header", "paysign.paysimple_header(PS_USER, PS_KEY, timestamp=PS_TS)"),
        "signer": ("PaySimpleSigner.sign", "ps_signer.sign('GET', PS_URL, timestamp=PS_TS)"),
    }, env))
    out.append(("paysimple_verify", 0, {
        "incumbent": ("parse + recompute + compare_digest", "stdlib_verify_paysimple(ps_header, PS_KEY)"),
        "flat": ("verify_paysimple_header", "paysign.verify_paysimple_header(ps_header, PS_KEY, now=PS_NOW)"),
        "verifier": ("PaySimpleVerifier.verify",
                     "ps_verifier.verify('GET', PS_TARGET, ps_headers, EMPTY, now=PS_NOW)"),
    }, env))

    for size in SIZES:
        body = b"x" * size
        other = b"y" * size if size else b"y"
        env = dict(base, body=body)

        token = stdlib_x_pay_token(XPAY_SECRET, XPAY_RP, XPAY_QS, body, XPAY_TS)
        assert paysign.x_pay_token(XPAY_SECRET, XPAY_RP, XPAY_QS, body, timestamp=XPAY_TS) == token
        assert xpay_signer.sign("POST", XPAY_URL, body, timestamp=XPAY_TS).headers["x-pay-token"] == token
        assert stdlib_verify_x_pay_token(XPAY_SECRET, token, XPAY_RP, XPAY_QS, body)
        assert not stdlib_verify_x_pay_token(XPAY_SECRET, token, XPAY_RP, XPAY_QS, other)
        paysign.verify_x_pay_token(XPAY_SECRET, token, XPAY_RP, XPAY_QS, body, now=XPAY_TS)
        xpay_verifier.verify("POST", XPAY_TARGET, {"x-pay-token": token}, body, now=XPAY_TS)

        cs = stdlib_cybersource(CS_KEY_ID, CS_SECRET, CS_MERCHANT, CS_HOST, CS_TARGET, body, CS_DATE)
        got = paysign.cybersource_signature(
            key_id=CS_KEY_ID, shared_secret=CS_SECRET, merchant_id=CS_MERCHANT, host=CS_HOST,
            method="POST", request_target=CS_TARGET, body=body, date=CS_DATE)
        assert got == cs, (got, cs)
        assert cs_signer.sign("POST", CS_URL, body, date=CS_DATE).headers == cs
        assert stdlib_verify_cybersource(CS_SECRET, cs, "POST", CS_TARGET, body)
        assert not stdlib_verify_cybersource(CS_SECRET, cs, "POST", CS_TARGET, other)
        paysign.verify_cybersource_signature(shared_secret=CS_SECRET, headers=cs, method="POST",
                                             request_target=CS_TARGET, body=body, now=CS_NOW)
        cs_verifier.verify("POST", CS_TARGET, cs, body, now=CS_NOW)

        wh = stdlib_webhook_signature(WH_KEY_ID, WH_KEY, body, WH_TS_MS)
        assert paysign.cybersource_webhook_signature(WH_KEY_ID, WH_KEY, body, timestamp=WH_TS_MS) == wh
        assert stdlib_verify_webhook(wh_keys, wh, body, CS_NOW)
        assert not stdlib_verify_webhook(wh_keys, wh, other, CS_NOW)
        wh_verifier.verify({"v-c-signature": wh}, body, now=CS_NOW)

        env.update(token=token, xpay_headers={"x-pay-token": token}, cs_headers=cs, wh=wh,
                   wh_headers={"v-c-signature": wh})
        out.append(("xpay", size, {
            "incumbent": ("hmac.new + hexdigest",
                          "stdlib_x_pay_token(XPAY_SECRET, XPAY_RP, XPAY_QS, body, XPAY_TS)"),
            "flat": ("x_pay_token",
                     "paysign.x_pay_token(XPAY_SECRET, XPAY_RP, XPAY_QS, body, timestamp=XPAY_TS)"),
            "signer": ("XPaySigner.sign", "xpay_signer.sign('POST', XPAY_URL, body, timestamp=XPAY_TS)"),
        }, env))
        out.append(("xpay_verify", size, {
            "incumbent": ("recompute + compare_digest",
                          "stdlib_verify_x_pay_token(XPAY_SECRET, token, XPAY_RP, XPAY_QS, body)"),
            "flat": ("verify_x_pay_token",
                     "paysign.verify_x_pay_token(XPAY_SECRET, token, XPAY_RP, XPAY_QS, body, now=XPAY_TS)"),
            "verifier": ("XPayVerifier.verify",
                         "xpay_verifier.verify('POST', XPAY_TARGET, xpay_headers, body, now=XPAY_TS)"),
        }, env))
        out.append(("cybersource", size, {
            "incumbent": ("hashlib + hmac.new + b64encode",
                          "stdlib_cybersource(CS_KEY_ID, CS_SECRET, CS_MERCHANT, CS_HOST, CS_TARGET, body, CS_DATE)"),
            "flat": ("cybersource_signature",
                     "paysign.cybersource_signature(key_id=CS_KEY_ID, shared_secret=CS_SECRET, "
                     "merchant_id=CS_MERCHANT, host=CS_HOST, method='POST', request_target=CS_TARGET, "
                     "body=body, date=CS_DATE)"),
            "signer": ("CyberSourceSigner.sign", "cs_signer.sign('POST', CS_URL, body, date=CS_DATE)"),
        }, env))
        out.append(("cybersource_verify", size, {
            "incumbent": ("parse + recompute + compare_digest",
                          "stdlib_verify_cybersource(CS_SECRET, cs_headers, 'POST', CS_TARGET, body)"),
            "flat": ("verify_cybersource_signature",
                     "paysign.verify_cybersource_signature(shared_secret=CS_SECRET, headers=cs_headers, "
                     "method='POST', request_target=CS_TARGET, body=body, now=CS_NOW)"),
            "verifier": ("CyberSourceVerifier.verify",
                         "cs_verifier.verify('POST', CS_TARGET, cs_headers, body, now=CS_NOW)"),
        }, env))
        out.append(("webhook", size, {
            "incumbent": ("hmac.new + b64encode", "stdlib_webhook_signature(WH_KEY_ID, WH_KEY, body, WH_TS_MS)"),
            "flat": ("cybersource_webhook_signature",
                     "paysign.cybersource_webhook_signature(WH_KEY_ID, WH_KEY, body, timestamp=WH_TS_MS)"),
        }, env))
        out.append(("webhook_verify", size, {
            "incumbent": ("parse + window + recompute + compare_digest",
                          "stdlib_verify_webhook(wh_keys, wh, body, CS_NOW)"),
            "verifier": ("CyberSourceWebhookVerifier.verify", "wh_verifier.verify(wh_headers, body, now=CS_NOW)"),
        }, env))
    # The floor's terms, sampled with every case's rows.
    floor = {"floor_sha256": ("hashlib.sha256(1 MiB).digest()", "hashlib.sha256(MIB).digest()"),
             "floor_call": ('hmac.compare_digest(b"", b"")', "hmac.compare_digest(EMPTY, EMPTY)")}
    return [(case, size, dict(impls, **floor), env) for case, size, impls, env in out]


def profile(only):
    """Runs one row (case/impl/size) in a loop, for a profiler."""
    seconds = float(os.environ.get("BENCH_PROFILE_S", "10"))
    for case, size, impls, env in cases():
        for name, (api, stmt) in impls.items():
            if "%s/%s/%d" % (case, name, size) == only:
                timer = timeit.Timer(stmt, timer=time.perf_counter, globals=env)
                print("profiling %s (%s) for %.0f s" % (only, api, seconds), file=sys.stderr)
                end = time.perf_counter() + seconds
                while time.perf_counter() < end:
                    timer.timeit(1000)
                return
    sys.exit("no row %r: case/impl/size, e.g. xpay/signer/300 (see target/bench/results/python.jsonl)" % only)


def main():
    only = os.environ.get("BENCH_ONLY")
    if only:
        return profile(only)
    for case, size, impls, env in cases():
        run(case, size, impls, env)
    print(json.dumps({"lang": "python", "meta": {
        "python": sys.version.split()[0], "paysign": paysign.__version__, "clock": CLOCK,
        "openssl": __import__("ssl").OPENSSL_VERSION}}), flush=True)


if __name__ == "__main__":
    main()
