"""Python benchmarks: paysign against the standard-library code each scheme's
users write today (the vendors' samples), same inputs, same process.

Prints one JSON object per line (see bench/README.md). Per-call times come
from timeit: every implementation of a case is calibrated to BENCH_SAMPLE_MS
per sample (default 20 ms), then BENCH_SAMPLES samples (default 11) are taken
round-robin across the implementations, so that a change of machine load hits
them alike; "ns" is the median per-call time, in this thread's CPU time
(BENCH_CLOCK=cpu, the default) or wall-clock time (BENCH_CLOCK=wall).

Run by bench/run.sh with the venv that has the freshly built wheel.
"""

import base64
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
CS_KEY_ID = "08c94330-f618-42a3-b09d-e1e43be5efda"
CS_SECRET = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE="
CS_MERCHANT = "testrest"
CS_HOST = "apitest.cybersource.com"
CS_TARGET = "/pts/v2/payments"
CS_URL = "https://apitest.cybersource.com/pts/v2/payments"
CS_DATE = "Thu, 18 Jul 2019 00:18:03 GMT"


# ---- the incumbents: the vendors' samples, in Python 3 ------------

def stdlib_x_pay_token(shared_secret, resource_path, query_string, body, timestamp):
    # Visa's sample: pre_hash_string = timestamp + resource_path + query_string + body
    ts = str(timestamp)
    pre_hash_string = (ts + resource_path + query_string).encode("utf-8") + body
    hash_string = hmac.new(shared_secret, pre_hash_string, hashlib.sha256).hexdigest()
    return "xv2:" + ts + ":" + hash_string


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


def stdlib_verify_x_pay_token(shared_secret, token, resource_path, query_string, body):
    # what a server writes by hand: recompute and compare in constant time
    _, ts, _ = token.split(":")
    want = stdlib_x_pay_token(shared_secret, resource_path, query_string, body, int(ts))
    return hmac.compare_digest(want, token)


# ---- harness ---------------------------------------------------------------

def calibrate(timer):
    number = 1
    while True:
        t = timer.timeit(number)
        if t >= SAMPLE_S / 4:
            return max(1, int(number * SAMPLE_S / t))
        number *= 4


def run(case, size, impls, env):
    """impls: name -> statement; all sampled round-robin."""
    timers = {name: timeit.Timer(stmt, timer=TIMER, globals=env) for name, stmt in impls.items()}
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
            "lang": "python", "case": case, "impl": name, "size": size,
            "ns": round(statistics.median(s), 2), "min": round(min(s), 2),
            "iters": numbers[name], "samples": [round(x, 2) for x in s],
        }), flush=True)


def main():
    xpay_signer = paysign.XPaySigner(XPAY_API_KEY, XPAY_SECRET)
    cs_signer = paysign.CyberSourceSigner(CS_MERCHANT, CS_KEY_ID, CS_SECRET)
    for size in SIZES:
        body = b"x" * size
        env = dict(globals(), body=body, xpay_signer=xpay_signer, cs_signer=cs_signer)

        # The two sides compute the same bytes.
        want = stdlib_x_pay_token(XPAY_SECRET, XPAY_RP, XPAY_QS, body, XPAY_TS)
        assert paysign.x_pay_token(XPAY_SECRET, XPAY_RP, XPAY_QS, body, timestamp=XPAY_TS) == want
        assert xpay_signer.sign("POST", XPAY_URL, body, timestamp=XPAY_TS).headers["x-pay-token"] == want
        want = stdlib_cybersource(CS_KEY_ID, CS_SECRET, CS_MERCHANT, CS_HOST, CS_TARGET, body, CS_DATE)
        got = paysign.cybersource_signature(
            key_id=CS_KEY_ID, shared_secret=CS_SECRET, merchant_id=CS_MERCHANT, host=CS_HOST,
            method="POST", request_target=CS_TARGET, body=body, date=CS_DATE)
        assert got == want, (got, want)
        assert cs_signer.sign("POST", CS_URL, body, date=CS_DATE).headers == want

        run("xpay", size, {
            "stdlib_hmac": "stdlib_x_pay_token(XPAY_SECRET, XPAY_RP, XPAY_QS, body, XPAY_TS)",
            "paysign": "paysign.x_pay_token(XPAY_SECRET, XPAY_RP, XPAY_QS, body, timestamp=XPAY_TS)",
            "paysign_signer": "xpay_signer.sign('POST', XPAY_URL, body, timestamp=XPAY_TS)",
        }, env)
        run("cybersource", size, {
            "stdlib_hmac": "stdlib_cybersource(CS_KEY_ID, CS_SECRET, CS_MERCHANT, CS_HOST, CS_TARGET, body, CS_DATE)",
            "paysign": "paysign.cybersource_signature(key_id=CS_KEY_ID, shared_secret=CS_SECRET, "
                       "merchant_id=CS_MERCHANT, host=CS_HOST, method='POST', request_target=CS_TARGET, "
                       "body=body, date=CS_DATE)",
            "paysign_signer": "cs_signer.sign('POST', CS_URL, body, date=CS_DATE)",
        }, env)
        if size <= 300 and hasattr(paysign, "XPayVerifier"):
            # whole-request verification (replay memory off: the same request every call)
            token = stdlib_x_pay_token(XPAY_SECRET, XPAY_RP, XPAY_QS, body, XPAY_TS)
            cs_headers = cs_signer.sign("POST", CS_URL, body, time=CS_DATE).headers
            env.update(
                token=token, xpay_headers=[("x-pay-token", token)], cs_headers=list(cs_headers.items()),
                xpay_verifier=paysign.XPayVerifier({XPAY_API_KEY: XPAY_SECRET}, replay=False),
                cs_verifier=paysign.CyberSourceVerifier({CS_KEY_ID: CS_SECRET}, replay=False))
            run("xpay_verify", size, {
                "stdlib_hmac": "stdlib_verify_x_pay_token(XPAY_SECRET, token, XPAY_RP, XPAY_QS, body)",
                "paysign": "paysign.verify_x_pay_token(XPAY_SECRET, token, XPAY_RP, XPAY_QS, body, now=XPAY_TS)",
                "paysign_verifier": "xpay_verifier.verify('POST', XPAY_URL, xpay_headers, body, now=XPAY_TS)",
            }, env)
            run("cybersource_verify", size, {
                "paysign_verifier": "cs_verifier.verify('POST', CS_TARGET, cs_headers, body, now=1563409083)",
            }, env)
    print(json.dumps({"lang": "python", "meta": {
        "python": sys.version.split()[0], "paysign": paysign.__version__, "clock": CLOCK,
        "openssl": __import__("ssl").OPENSSL_VERSION}}), flush=True)


if __name__ == "__main__":
    main()
