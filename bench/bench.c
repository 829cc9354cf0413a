/* C benchmarks: libpaysign against OpenSSL (HMAC(), SHA256(), CRYPTO_memcmp)
 * on the same inputs, in one process. Prints one JSON object per line:
 *   {"lang":"c","case":"xpay","impl":"incumbent","size":300,"api":"...","ns":..., "samples":[...]}
 * ns is the median over BENCH_SAMPLES samples (default 11, at most 64) of
 * the time per call; each sample runs the call enough times to last
 * BENCH_SAMPLE_MS (default 20 ms), and the implementations of a case are
 * sampled round-robin. Time is this thread's CPU time (BENCH_CLOCK=cpu, the
 * default: time-slicing by other processes does not count) or wall-clock time
 * (BENCH_CLOCK=wall).
 *
 * The floor's compression cost is measured in every case, sampled round-robin
 * with its rows: impls "floor_openssl" and "floor_paysign_digest", SHA-256 of
 * 1 MiB (16385 compressions) with OpenSSL's SHA256() and with paysign_digest;
 * the report takes the lower, from the same case as the row.
 *
 * BENCH_ONLY=case/impl/size (e.g. cybersource/signer/300) runs that one row
 * in a loop for BENCH_PROFILE_S seconds (default 10) and prints nothing: what
 * bench/profile.sh records. Built and run by bench/run.sh. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <inttypes.h>
#include <paysign.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The inputs every harness uses (bench/README.md). */
#define XPAY_SECRET "shared-secret"
#define XPAY_API_KEY "KSKDFJOP934ALSFDJP34"
#define XPAY_TS 1455716783
#define XPAY_RP "helloworld"
#define XPAY_QS "apikey=KSKDFJOP934ALSFDJP34"
#define XPAY_URL "https://sandbox.api.visa.com/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34"
#define XPAY_TARGET "/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34"
#define CS_KEY_ID "08c94330-f618-42a3-b09d-e1e43be5efda"
#define CS_SECRET "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE="
#define CS_MERCHANT "testrest"
#define CS_HOST "apitest.cybersource.com"
#define CS_TARGET "/pts/v2/payments"
#define CS_URL "https://apitest.cybersource.com/pts/v2/payments"
#define CS_DATE "Thu, 18 Jul 2019 00:18:03 GMT"
#define CS_NOW 1563409083
#define PS_USER "APIUser1000"
#define PS_KEY "api-key"
#define PS_TS "2017-07-20T20:45:44.0973928Z"
#define PS_URL "https://sandbox-api.paysimple.com/v4/customer"
#define PS_TARGET "/v4/customer"
#define PS_NOW 1500583544
#define WH_KEY_ID CS_KEY_ID
#define WH_KEY CS_SECRET
#define WH_TS_MS 1563409083000LL

static int samples_n = 11;
static double sample_ns = 20e6;

static uint8_t *body;
static size_t body_len;
static uint8_t *msgbuf; /* the incumbents' concatenation buffer, allocated once */
static char out[4096];
static size_t out_len;
static volatile unsigned sink;
static EVP_MAC_CTX *prekeyed;

static clockid_t clock_id = CLOCK_THREAD_CPUTIME_ID; /* BENCH_CLOCK=wall: CLOCK_MONOTONIC */

static double now_ns(void) {
    struct timespec t;
    clock_gettime(clock_id, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static void die(const char *what) {
    char msg[512];
    size_t n = 0;
    paysign_last_error(msg, sizeof msg, &n);
    fprintf(stderr, "bench.c: %s failed (%s)\n", what, msg);
    exit(1);
}

static void hex(const unsigned char *in, size_t n, char *o) {
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        o[2 * i] = d[in[i] >> 4];
        o[2 * i + 1] = d[in[i] & 15];
    }
    o[2 * n] = 0;
}

/* Equal texts, compared in constant time once the lengths agree. */
static int equal_text(const char *a, size_t an, const char *b, size_t bn) {
    return an == bn && CRYPTO_memcmp(a, b, an) == 0;
}

/* base64 text -> bytes (EVP_DecodeBlock counts the padding as zero bytes). */
static int decode_b64(const char *text, unsigned char *o) {
    size_t n = strlen(text);
    int len = EVP_DecodeBlock(o, (const unsigned char *)text, (int)n);
    if (len < 0) die("EVP_DecodeBlock");
    for (const char *p = text + n - 1; p >= text && *p == '='; p--) len--;
    return len;
}

/* ---- paysign results: freed in the loop; rendered into `out` while checking ---- */

static int checking;
static const char *render_only; /* one header's value, or NULL: every header as "name: value\r\n" */

static void finish(paysign_signed *s, const char *what) {
    if (!s) die(what);
    if (checking) {
        out_len = 0;
        for (size_t i = 0; i < paysign_signed_header_count(s); i++) {
            const char *n = paysign_signed_header_name(s, i), *v = paysign_signed_header_value(s, i);
            if (render_only == NULL)
                out_len += (size_t)snprintf(out + out_len, sizeof out - out_len, "%s: %s\r\n", n, v);
            else if (strcmp(n, render_only) == 0)
                out_len = (size_t)snprintf(out, sizeof out, "%s", v);
        }
    }
    paysign_signed_free(s);
}

static void accepted(paysign_status st, paysign_verified *v, const char *what) {
    if (st != PAYSIGN_OK || !v) die(what);
    paysign_verified_free(v);
}

static paysign_x_pay_signer *xpay_signer;
static paysign_cybersource_signer *cs_signer;
static paysign_paysimple_signer *ps_signer;
static paysign_verifier *xpay_verifier, *cs_verifier, *ps_verifier;
static paysign_webhook_verifier *wh_verifier;

/* What each verification receives, made once per size from the incumbent's output. */
static char token[128];
static size_t token_len;
static char cs_values[5][256];
static const char *cs_names[5] = {"v-c-merchant-id", "Date", "Host", "Digest", "Signature"};
static const char *cs_value_ptrs[5];
static char ps_header[256];
static char wh_header[256];

/* ---- X-Pay-Token ---- */

/* What C code written against OpenSSL does: concatenate, HMAC(), hex, format. */
static size_t xpay_token_openssl(long ts_value, char *o, size_t cap) {
    char ts[24];
    int tl = snprintf(ts, sizeof ts, "%ld", ts_value);
    size_t n = 0;
    memcpy(msgbuf + n, ts, (size_t)tl), n += (size_t)tl;
    memcpy(msgbuf + n, XPAY_RP, sizeof XPAY_RP - 1), n += sizeof XPAY_RP - 1;
    memcpy(msgbuf + n, XPAY_QS, sizeof XPAY_QS - 1), n += sizeof XPAY_QS - 1;
    if (body_len) memcpy(msgbuf + n, body, body_len), n += body_len;
    unsigned char mac[32];
    unsigned int ml;
    if (!HMAC(EVP_sha256(), XPAY_SECRET, sizeof XPAY_SECRET - 1, msgbuf, n, mac, &ml)) die("HMAC");
    char h[65];
    hex(mac, 32, h);
    return (size_t)snprintf(o, cap, "xv2:%s:%s", ts, h);
}

static void xpay_openssl(void) { out_len = xpay_token_openssl(XPAY_TS, out, sizeof out); }

static void xpay_paysign(void) {
    if (paysign_x_pay_token(XPAY_SECRET, XPAY_RP, XPAY_QS, body, body_len, XPAY_TS, out, sizeof out,
                            &out_len) != PAYSIGN_OK)
        die("paysign_x_pay_token");
}

static void xpay_signer_sign(void) {
    paysign_signed *s;
    paysign_x_pay_signer_sign(xpay_signer, "POST", XPAY_URL, body, body_len, XPAY_TS, 0, NULL, &s);
    finish(s, "paysign_x_pay_signer_sign");
}

/* The same X-Pay message with an HMAC keyed once (EVP_MAC_init with a NULL key reuses it). */
static void xpay_openssl_prekeyed(void) {
    char ts[24];
    int tl = snprintf(ts, sizeof ts, "%d", XPAY_TS);
    unsigned char mac[32];
    size_t ml;
    if (!EVP_MAC_init(prekeyed, NULL, 0, NULL)) die("EVP_MAC_init");
    EVP_MAC_update(prekeyed, (const unsigned char *)ts, (size_t)tl);
    EVP_MAC_update(prekeyed, (const unsigned char *)XPAY_RP, sizeof XPAY_RP - 1);
    EVP_MAC_update(prekeyed, (const unsigned char *)XPAY_QS, sizeof XPAY_QS - 1);
    EVP_MAC_update(prekeyed, body, body_len);
    if (!EVP_MAC_final(prekeyed, mac, &ml, sizeof mac)) die("EVP_MAC_final");
    char h[65];
    hex(mac, 32, h);
    out_len = (size_t)snprintf(out, sizeof out, "xv2:%s:%s", ts, h);
}

/* A server's hand-written check: recompute from the token's timestamp, compare. */
static int xpay_verify_openssl_ok(void) {
    const char *a = strchr(token, ':'), *b = a ? strchr(a + 1, ':') : NULL;
    if (!b) return 0;
    char want[128];
    size_t n = xpay_token_openssl(strtol(a + 1, NULL, 10), want, sizeof want);
    return equal_text(want, n, token, token_len);
}

static void xpay_verify_openssl(void) {
    if (!xpay_verify_openssl_ok()) die("xpay incumbent verification");
}

static void xpay_verify_paysign(void) {
    if (paysign_verify_x_pay_token(XPAY_SECRET, token, XPAY_RP, XPAY_QS, body, body_len, XPAY_TS,
                                   PAYSIGN_DEFAULT_MAX_SKEW) != PAYSIGN_OK)
        die("paysign_verify_x_pay_token");
}

static void xpay_verifier_verify(void) {
    const char *names[] = {"x-pay-token"}, *values[] = {token};
    paysign_verified *v;
    paysign_status st = paysign_verifier_verify(xpay_verifier, "POST", XPAY_TARGET, names, values, 1, body,
                                                body_len, XPAY_TS, &v);
    accepted(st, v, "paysign_verifier_verify (xpay)");
}

/* ---- CyberSource ---- */

static size_t cs_digest_openssl(char *o) {
    unsigned char d[32];
    SHA256(body, body_len, d);
    memcpy(o, "SHA-256=", 8);
    return 8 + (size_t)EVP_EncodeBlock((unsigned char *)o + 8, d, 32);
}

static void cybersource_openssl(void) {
    char digest[64], sig64[48];
    unsigned char secret[64];
    static char signing[512];
    cs_digest_openssl(digest);
    int sl = snprintf(signing, sizeof signing,
                      "host: %s\ndate: %s\nrequest-target: post %s\ndigest: %s\nv-c-merchant-id: %s", CS_HOST,
                      CS_DATE, CS_TARGET, digest, CS_MERCHANT);
    int kl = decode_b64(CS_SECRET, secret);
    unsigned char mac[32];
    unsigned int ml;
    if (!HMAC(EVP_sha256(), secret, kl, (unsigned char *)signing, (size_t)sl, mac, &ml)) die("HMAC");
    EVP_EncodeBlock((unsigned char *)sig64, mac, 32);
    out_len = (size_t)snprintf(
        out, sizeof out,
        "v-c-merchant-id: %s\r\nDate: %s\r\nHost: %s\r\nDigest: %s\r\n"
        "Signature: keyid=\"%s\", algorithm=\"HmacSHA256\", headers=\"host date request-target digest "
        "v-c-merchant-id\", signature=\"%s\"\r\n",
        CS_MERCHANT, CS_DATE, CS_HOST, digest, CS_KEY_ID, sig64);
}

static void cybersource_paysign(void) {
    paysign_signed *s;
    paysign_cybersource_signature(CS_KEY_ID, CS_SECRET, CS_MERCHANT, CS_HOST, "POST", CS_TARGET, body,
                                  body_len, CS_DATE, &s);
    finish(s, "paysign_cybersource_signature");
}

static void cybersource_signer_sign(void) {
    paysign_signed *s;
    paysign_cybersource_signer_sign(cs_signer, "POST", CS_URL, body, body_len, PAYSIGN_NOW, 0, CS_DATE, &s);
    finish(s, "paysign_cybersource_signer_sign");
}

static const char *cs_received(const char *name) {
    for (int i = 0; i < 5; i++)
        if (strcasecmp(cs_names[i], name) == 0) return cs_value_ptrs[i];
    return NULL;
}

/* The text of param `name="..."` in a Signature value, into o. */
static size_t signature_param(const char *sig, const char *name, char *o, size_t cap) {
    char key[32];
    snprintf(key, sizeof key, "%s=\"", name);
    const char *p = strstr(sig, key), *e;
    if (!p) return 0;
    p += strlen(key);
    if (!(e = strchr(p, '"')) || (size_t)(e - p) >= cap) return 0;
    memcpy(o, p, (size_t)(e - p));
    o[e - p] = 0;
    return (size_t)(e - p);
}

/* Recompute the Digest and the signature over the headers the Signature lists; compare both. */
static int cs_verify_openssl_ok(void) {
    const char *sig = cs_received("signature"), *got_digest = cs_received("digest");
    char list[128], signature[64], digest[64], method[] = "POST";
    size_t sn;
    if (!sig || !got_digest || !signature_param(sig, "headers", list, sizeof list) ||
        !(sn = signature_param(sig, "signature", signature, sizeof signature)))
        return 0;
    size_t dn = cs_digest_openssl(digest);
    if (!equal_text(digest, dn, got_digest, strlen(got_digest))) return 0;
    for (char *m = method; *m; m++) *m = (char)tolower((unsigned char)*m);
    static char signing[1024];
    size_t n = 0;
    for (char *name = strtok(list, " "); name; name = strtok(NULL, " ")) {
        if (n) signing[n++] = '\n';
        if (strcmp(name, "request-target") == 0) {
            n += (size_t)snprintf(signing + n, sizeof signing - n, "request-target: %s %s", method, CS_TARGET);
        } else {
            const char *v = cs_received(name);
            if (!v) return 0;
            n += (size_t)snprintf(signing + n, sizeof signing - n, "%s: %s", name, v);
        }
    }
    unsigned char secret[64], mac[32];
    unsigned int ml;
    int kl = decode_b64(CS_SECRET, secret);
    if (!HMAC(EVP_sha256(), secret, kl, (unsigned char *)signing, n, mac, &ml)) die("HMAC");
    char want[48];
    EVP_EncodeBlock((unsigned char *)want, mac, 32);
    return equal_text(want, 44, signature, sn);
}

static void cs_verify_openssl(void) {
    if (!cs_verify_openssl_ok()) die("cybersource incumbent verification");
}

static void cs_verify_paysign(void) {
    if (paysign_verify_cybersource_signature(CS_SECRET, cs_names, cs_value_ptrs, 5, "POST", CS_TARGET, body,
                                             body_len, CS_NOW, PAYSIGN_DEFAULT_MAX_SKEW) != PAYSIGN_OK)
        die("paysign_verify_cybersource_signature");
}

static void cs_verifier_verify(void) {
    paysign_verified *v;
    paysign_status st = paysign_verifier_verify(cs_verifier, "POST", CS_TARGET, cs_names, cs_value_ptrs, 5, body,
                                                body_len, CS_NOW, &v);
    accepted(st, v, "paysign_verifier_verify (cybersource)");
}

/* ---- PaySimple (signs a timestamp only) ---- */

static size_t paysimple_header_openssl(const char *user, const char *ts, char *o, size_t cap) {
    unsigned char mac[32];
    unsigned int ml;
    char sig64[48];
    if (!HMAC(EVP_sha256(), PS_KEY, sizeof PS_KEY - 1, (const unsigned char *)ts, strlen(ts), mac, &ml))
        die("HMAC");
    EVP_EncodeBlock((unsigned char *)sig64, mac, 32);
    return (size_t)snprintf(o, cap, "PSSERVER accessid=%s; timestamp=%s; signature=%s", user, ts, sig64);
}

static void paysimple_openssl(void) { out_len = paysimple_header_openssl(PS_USER, PS_TS, out, sizeof out); }

static void paysimple_paysign(void) {
    if (paysign_paysimple_header(PS_USER, PS_KEY, PS_TS, out, sizeof out, &out_len) != PAYSIGN_OK)
        die("paysign_paysimple_header");
}

static void paysimple_signer_sign(void) {
    paysign_signed *s;
    paysign_paysimple_signer_sign(ps_signer, "GET", PS_URL, NULL, 0, PAYSIGN_NOW, 0, PS_TS, &s);
    finish(s, "paysign_paysimple_signer_sign");
}

static int ps_verify_openssl_ok(void) {
    char user[64], ts[64], want[256];
    const char *u = strstr(ps_header, "accessid="), *t = strstr(ps_header, "; timestamp="), *s;
    if (!u || !t || !(s = strstr(t + 1, "; signature="))) return 0;
    u += 9;
    snprintf(user, sizeof user, "%.*s", (int)(t - u), u);
    t += 12;
    snprintf(ts, sizeof ts, "%.*s", (int)(s - t), t);
    size_t n = paysimple_header_openssl(user, ts, want, sizeof want);
    return equal_text(want, n, ps_header, strlen(ps_header));
}

static void ps_verify_openssl(void) {
    if (!ps_verify_openssl_ok()) die("paysimple incumbent verification");
}

static void ps_verify_paysign(void) {
    if (paysign_verify_paysimple_header(ps_header, PS_KEY, PS_NOW, PAYSIGN_DEFAULT_MAX_SKEW) != PAYSIGN_OK)
        die("paysign_verify_paysimple_header");
}

static void ps_verifier_verify(void) {
    const char *names[] = {"Authorization"}, *values[] = {ps_header};
    paysign_verified *v;
    paysign_status st =
        paysign_verifier_verify(ps_verifier, "GET", PS_TARGET, names, values, 1, NULL, 0, PS_NOW, &v);
    accepted(st, v, "paysign_verifier_verify (paysimple)");
}

/* ---- CyberSource webhook notifications ---- */

static size_t webhook_sig_openssl(const char *t, char *sig64) {
    unsigned char key[64], mac[32];
    unsigned int ml;
    int kl = decode_b64(WH_KEY, key);
    size_t tl = strlen(t), n = 0;
    memcpy(msgbuf, t, tl), n += tl;
    msgbuf[n++] = '.';
    if (body_len) memcpy(msgbuf + n, body, body_len), n += body_len;
    if (!HMAC(EVP_sha256(), key, kl, msgbuf, n, mac, &ml)) die("HMAC");
    return (size_t)EVP_EncodeBlock((unsigned char *)sig64, mac, 32);
}

static void webhook_openssl(void) {
    char t[24], sig64[48];
    snprintf(t, sizeof t, "%lld", WH_TS_MS);
    webhook_sig_openssl(t, sig64);
    out_len = (size_t)snprintf(out, sizeof out, "t=%s;keyId=%s;sig=%s", t, WH_KEY_ID, sig64);
}

static void webhook_paysign(void) {
    if (paysign_cybersource_webhook_signature(WH_KEY_ID, WH_KEY, body, body_len, WH_TS_MS, out, sizeof out,
                                              &out_len) != PAYSIGN_OK)
        die("paysign_cybersource_webhook_signature");
}

/* The public samples: split on ';', look the key up, check the 5-minute tolerance, recompute, compare. */
static int wh_verify_openssl_ok(void) {
    char copy[256], t[24] = "", key_id[64] = "", sig[64] = "", want[48];
    snprintf(copy, sizeof copy, "%s", wh_header);
    for (char *part = strtok(copy, ";"); part; part = strtok(NULL, ";")) {
        char *eq = strchr(part, '=');
        if (!eq) return 0;
        *eq = 0;
        if (strcmp(part, "t") == 0) snprintf(t, sizeof t, "%s", eq + 1);
        else if (strcmp(part, "keyId") == 0) snprintf(key_id, sizeof key_id, "%s", eq + 1);
        else if (strcmp(part, "sig") == 0) snprintf(sig, sizeof sig, "%s", eq + 1);
    }
    long long ms = strtoll(t, NULL, 10);
    if (llabs(CS_NOW - ms / 1000) > 300 || strcmp(key_id, WH_KEY_ID) != 0) return 0;
    size_t n = webhook_sig_openssl(t, want);
    return equal_text(want, n, sig, strlen(sig));
}

static void wh_verify_openssl(void) {
    if (!wh_verify_openssl_ok()) die("webhook incumbent verification");
}

static void wh_verifier_verify(void) {
    const char *names[] = {"v-c-signature"}, *values[] = {wh_header};
    paysign_verified *v;
    paysign_status st = paysign_webhook_verifier_verify(wh_verifier, names, values, 1, body, body_len, CS_NOW, &v);
    accepted(st, v, "paysign_webhook_verifier_verify");
}

/* ---- Digest and the floor ---- */

static void digest_openssl(void) { out_len = cs_digest_openssl(out); }

static void digest_paysign(void) {
    if (paysign_digest(body, body_len, out, sizeof out, &out_len) != PAYSIGN_OK) die("paysign_digest");
}

static uint8_t *mib; /* the floor's 1 MiB, apart from `body` (whose length is the case's) */

static void floor_openssl(void) {
    unsigned char d[32];
    SHA256(mib, 1 << 20, d);
    sink += d[0];
}

static void floor_paysign_digest(void) {
    char o[64];
    size_t n;
    if (paysign_digest(mib, 1 << 20, o, sizeof o, &n) != PAYSIGN_OK) die("paysign_digest");
    sink += (unsigned)o[8];
}

/* ---- harness ---- */

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *s, int n) {
    double *t = malloc(sizeof(double) * (size_t)n);
    memcpy(t, s, sizeof(double) * (size_t)n);
    qsort(t, (size_t)n, sizeof(double), cmp);
    double m = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
    free(t);
    return m;
}

static double sample(void (*fn)(void), uint64_t iters) {
    double t0 = now_ns();
    for (uint64_t i = 0; i < iters; i++) fn();
    return (now_ns() - t0) / (double)iters;
}

typedef struct {
    const char *impl;
    const char *api;
    void (*fn)(void);
} impl_t;

static const char *only;       /* BENCH_ONLY */
static double profile_s = 10;  /* BENCH_PROFILE_S */
static int profiled;

static const impl_t floor_impls[] = {{"floor_openssl", "SHA256() of 1 MiB", floor_openssl},
                                     {"floor_paysign_digest", "paysign_digest of 1 MiB", floor_paysign_digest}};

/* Calibrates every implementation of a case and the floor's, then samples them
 * round-robin, so that a change of machine load hits them alike. */
static void run(const char *name, size_t size, const impl_t *given, int given_n) {
    impl_t impls[8];
    int n = 0;
    for (int j = 0; j < given_n && n < 6; j++) impls[n++] = given[j];
    impls[n++] = floor_impls[0];
    impls[n++] = floor_impls[1];
    body_len = size;
    if (only) {
        for (int j = 0; j < n; j++) {
            char id[128];
            snprintf(id, sizeof id, "%s/%s/%zu", name, impls[j].impl, size);
            if (strcmp(id, only) != 0) continue;
            fprintf(stderr, "profiling %s (%s) for %.0f s\n", id, impls[j].api, profile_s);
            clockid_t saved = clock_id;
            clock_id = CLOCK_MONOTONIC;
            double end = now_ns() + profile_s * 1e9;
            while (now_ns() < end) sample(impls[j].fn, 1000);
            clock_id = saved;
            profiled = 1;
        }
        return;
    }
    uint64_t iters[8];
    double s[8][64];
    int ns = samples_n > 64 ? 64 : samples_n;
    for (int j = 0; j < n; j++) {
        impls[j].fn(); /* warm */
        uint64_t it = 1;
        for (;;) {
            double dt = sample(impls[j].fn, it) * (double)it;
            if (dt >= sample_ns / 4) {
                it = (uint64_t)((double)it * (sample_ns / dt)) + 1;
                break;
            }
            it *= 4;
        }
        iters[j] = it;
    }
    for (int k = 0; k < ns; k++)
        for (int j = 0; j < n; j++) s[j][k] = sample(impls[j].fn, iters[j]);
    for (int j = 0; j < n; j++) {
        double mn = s[j][0];
        for (int k = 1; k < ns; k++) mn = s[j][k] < mn ? s[j][k] : mn;
        printf("{\"lang\":\"c\",\"case\":\"%s\",\"impl\":\"%s\",\"size\":%zu,\"api\":\"%s\",\"ns\":%.2f,"
               "\"min\":%.2f,\"iters\":%" PRIu64 ",\"samples\":[",
               name, impls[j].impl, size, impls[j].api, median(s[j], ns), mn, iters[j]);
        for (int k = 0; k < ns; k++) printf("%s%.2f", k ? "," : "", s[j][k]);
        printf("]}\n");
    }
    fflush(stdout);
}

/* Every implementation must produce the incumbent's bytes: they are doing the same work. */
static void same(const char *what, size_t size, const impl_t *impls, int n, const char *only_header) {
    static char first[4096];
    size_t first_len;
    body_len = size;
    checking = 1;
    render_only = only_header;
    impls[0].fn();
    memcpy(first, out, out_len);
    first_len = out_len;
    for (int j = 1; j < n; j++) {
        if (strcmp(impls[j].impl, "signer") != 0 && strcmp(impls[j].impl, "flat") != 0 &&
            strcmp(impls[j].impl, "openssl_prekeyed") != 0)
            continue;
        impls[j].fn();
        if (first_len != out_len || memcmp(first, out, first_len) != 0) {
            fprintf(stderr, "bench.c: %s %s: outputs differ at %zu bytes:\n%.*s\n%.*s\n", what, impls[j].impl, size,
                    (int)first_len, first, (int)out_len, out);
            exit(1);
        }
    }
    checking = 0;
}

/* A verification that must refuse: the incumbent's check is not vacuous. */
static void refuses(const char *what, size_t size, int (*ok)(void)) {
    body_len = size ? size : 1;
    uint8_t saved = body[0];
    body[0] = 'y';
    int accepted_wrong = ok();
    body[0] = saved;
    body_len = size;
    if (accepted_wrong) {
        fprintf(stderr, "bench.c: %s incumbent accepted a different body\n", what);
        exit(1);
    }
}

static void split_cs_headers(void) {
    /* the incumbent's "name: value\r\n" lines, in cs_names order */
    char *p = out;
    for (int i = 0; i < 5; i++) {
        char *colon = strstr(p, ": "), *end = strstr(p, "\r\n");
        if (!colon || !end) die("split_cs_headers");
        snprintf(cs_values[i], sizeof cs_values[i], "%.*s", (int)(end - colon - 2), colon + 2);
        cs_value_ptrs[i] = cs_values[i];
        p = end + 2;
    }
}

static void setup(void) {
    EVP_MAC *hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    prekeyed = hmac ? EVP_MAC_CTX_new(hmac) : NULL;
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
                           OSSL_PARAM_construct_end()};
    if (!prekeyed ||
        !EVP_MAC_init(prekeyed, (const unsigned char *)XPAY_SECRET, sizeof XPAY_SECRET - 1, params))
        die("EVP_MAC setup");
    const char *xk[] = {XPAY_API_KEY}, *xs[] = {XPAY_SECRET};
    const char *ck[] = {CS_KEY_ID}, *cs[] = {CS_SECRET};
    const char *pk[] = {PS_USER}, *ps[] = {PS_KEY};
    if (paysign_x_pay_signer_new(XPAY_API_KEY, XPAY_SECRET, 0, &xpay_signer) != PAYSIGN_OK ||
        paysign_cybersource_signer_new(CS_MERCHANT, CS_KEY_ID, CS_SECRET, &cs_signer) != PAYSIGN_OK ||
        paysign_paysimple_signer_new(PS_USER, PS_KEY, &ps_signer) != PAYSIGN_OK ||
        paysign_x_pay_verifier_new(xk, xs, 1, 0, PAYSIGN_DEFAULT_MAX_SKEW, 0, &xpay_verifier) != PAYSIGN_OK ||
        paysign_cybersource_verifier_new(ck, cs, 1, PAYSIGN_DEFAULT_MAX_SKEW, 0, &cs_verifier) != PAYSIGN_OK ||
        paysign_paysimple_verifier_new(pk, ps, 1, PAYSIGN_DEFAULT_MAX_SKEW, 0, &ps_verifier) != PAYSIGN_OK ||
        paysign_cybersource_webhook_verifier_new(ck, cs, 1, PAYSIGN_DEFAULT_MAX_SKEW, 0, &wh_verifier) !=
            PAYSIGN_OK)
        die("signer and verifier setup");
}

int main(void) {
    const char *e;
    if ((e = getenv("BENCH_SAMPLES")) && atoi(e) > 0) samples_n = atoi(e);
    if ((e = getenv("BENCH_SAMPLE_MS")) && atof(e) > 0) sample_ns = atof(e) * 1e6;
    if ((e = getenv("BENCH_CLOCK")) && strcmp(e, "wall") == 0) clock_id = CLOCK_MONOTONIC;
    if ((e = getenv("BENCH_ONLY")) && *e) only = e;
    if ((e = getenv("BENCH_PROFILE_S")) && atof(e) > 0) profile_s = atof(e);
    size_t max = (size_t)64 << 20;
    body = malloc(max);
    msgbuf = malloc(max + 256);
    mib = malloc((size_t)1 << 20);
    if (!body || !msgbuf || !mib) die("malloc");
    memset(body, 'x', max);
    memset(mib, 'x', (size_t)1 << 20);
    setup();

    const impl_t xpay[] = {{"incumbent", "HMAC() + hex", xpay_openssl},
                           {"flat", "paysign_x_pay_token", xpay_paysign},
                           {"signer", "paysign_x_pay_signer_sign", xpay_signer_sign},
                           {"openssl_prekeyed", "EVP_MAC keyed once", xpay_openssl_prekeyed}};
    const impl_t xpay_v[] = {{"incumbent", "recompute + CRYPTO_memcmp", xpay_verify_openssl},
                             {"flat", "paysign_verify_x_pay_token", xpay_verify_paysign},
                             {"verifier", "paysign_verifier_verify", xpay_verifier_verify}};
    const impl_t cs[] = {{"incumbent", "SHA256() + HMAC() + EVP_EncodeBlock", cybersource_openssl},
                         {"flat", "paysign_cybersource_signature", cybersource_paysign},
                         {"signer", "paysign_cybersource_signer_sign", cybersource_signer_sign}};
    const impl_t cs_v[] = {{"incumbent", "parse + recompute + CRYPTO_memcmp", cs_verify_openssl},
                           {"flat", "paysign_verify_cybersource_signature", cs_verify_paysign},
                           {"verifier", "paysign_verifier_verify", cs_verifier_verify}};
    const impl_t ps[] = {{"incumbent", "HMAC() + EVP_EncodeBlock", paysimple_openssl},
                         {"flat", "paysign_paysimple_header", paysimple_paysign},
                         {"signer", "paysign_paysimple_signer_sign", paysimple_signer_sign}};
    const impl_t ps_v[] = {{"incumbent", "parse + recompute + CRYPTO_memcmp", ps_verify_openssl},
                           {"flat", "paysign_verify_paysimple_header", ps_verify_paysign},
                           {"verifier", "paysign_verifier_verify", ps_verifier_verify}};
    const impl_t wh[] = {{"incumbent", "HMAC() + EVP_EncodeBlock", webhook_openssl},
                         {"flat", "paysign_cybersource_webhook_signature", webhook_paysign}};
    const impl_t wh_v[] = {{"incumbent", "parse + window + recompute + CRYPTO_memcmp", wh_verify_openssl},
                           {"verifier", "paysign_webhook_verifier_verify", wh_verifier_verify}};
    const impl_t dg[] = {{"incumbent", "SHA256() + EVP_EncodeBlock", digest_openssl},
                         {"flat", "paysign_digest", digest_paysign}};

    same("paysimple", 0, ps, 3, "Authorization");
    out_len = paysimple_header_openssl(PS_USER, PS_TS, ps_header, sizeof ps_header);
    if (!ps_verify_openssl_ok()) die("paysimple incumbent check");
    char *last = ps_header + strlen(ps_header) - 2; /* a signature character, before the padding */
    *last ^= 1;
    if (ps_verify_openssl_ok()) die("paysimple incumbent refusal check");
    *last ^= 1;
    run("paysimple", 0, ps, 3);
    run("paysimple_verify", 0, ps_v, 3);

    const size_t sizes[] = {0, 300, 64 << 10, 1 << 20};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        size_t n = sizes[i];
        same("xpay", n, xpay, 4, "x-pay-token");
        same("cybersource", n, cs, 3, NULL);
        same("webhook", n, wh, 2, NULL);

        body_len = n;
        xpay_openssl();
        memcpy(token, out, out_len + 1);
        token_len = out_len;
        refuses("xpay", n, xpay_verify_openssl_ok);
        cybersource_openssl();
        split_cs_headers();
        refuses("cybersource", n, cs_verify_openssl_ok);
        webhook_openssl();
        memcpy(wh_header, out, out_len + 1);
        refuses("webhook", n, wh_verify_openssl_ok);

        run("xpay", n, xpay, 4);
        run("xpay_verify", n, xpay_v, 3);
        run("cybersource", n, cs, 3);
        run("cybersource_verify", n, cs_v, 3);
        run("webhook", n, wh, 2);
        run("webhook_verify", n, wh_v, 2);
    }
    const size_t dsizes[] = {1 << 20, (size_t)64 << 20};
    for (size_t i = 0; i < 2; i++) {
        same("digest", dsizes[i], dg, 2, NULL);
        run("digest", dsizes[i], dg, 2);
    }
    if (only) {
        if (!profiled) {
            fprintf(stderr, "bench.c: no row %s: case/impl/size, e.g. xpay/signer/300\n", only);
            return 1;
        }
        return 0;
    }
    printf("{\"lang\":\"c\",\"meta\":{\"clock\":\"%s\",\"openssl\":\"%s\"}}\n",
           clock_id == CLOCK_MONOTONIC ? "wall" : "cpu", OpenSSL_version(OPENSSL_VERSION));
    return 0;
}
