/* C benchmarks: libpaysign against OpenSSL (HMAC(), SHA256(), EVP_MAC) on
 * the same inputs, in one process. Prints one JSON object per line:
 *   {"lang":"c","case":"xpay","impl":"openssl_hmac","size":300,"ns":..., "samples":[...]}
 * ns is the median over BENCH_SAMPLES samples (default 11, at most 64) of
 * the time per call; each sample runs the call enough times to last
 * BENCH_SAMPLE_MS (default 20 ms), and the implementations of a case are
 * sampled round-robin. Time is this thread's CPU time (BENCH_CLOCK=cpu, the
 * default: time-slicing by other processes does not count) or wall-clock time
 * (BENCH_CLOCK=wall). Built and run by bench/run.sh. */
#define _POSIX_C_SOURCE 200809L
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
#include <time.h>

/* The inputs every harness uses (bench/README.md). */
#define XPAY_SECRET "shared-secret"
#define XPAY_TS 1455716783
#define XPAY_RP "helloworld"
#define XPAY_QS "apikey=KSKDFJOP934ALSFDJP34"
#define CS_KEY_ID "08c94330-f618-42a3-b09d-e1e43be5efda"
#define CS_SECRET "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE="
#define CS_MERCHANT "testrest"
#define CS_HOST "apitest.cybersource.com"
#define CS_TARGET "/pts/v2/payments"
#define CS_DATE "Thu, 18 Jul 2019 00:18:03 GMT"

static int samples_n = 11;
static double sample_ns = 20e6;

static uint8_t *body;
static size_t body_len;
static uint8_t *msgbuf; /* the incumbent's concatenation buffer, allocated once */
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
    fprintf(stderr, "bench.c: %s failed\n", what);
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

/* ---- X-Pay-Token ---- */

/* What C code written against OpenSSL does: concatenate, HMAC(), hex, format. */
static void xpay_openssl(void) {
    char ts[24];
    int tl = snprintf(ts, sizeof ts, "%d", XPAY_TS);
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
    out_len = (size_t)snprintf(out, sizeof out, "xv2:%s:%s", ts, h);
}

static void xpay_paysign(void) {
    if (paysign_x_pay_token(XPAY_SECRET, XPAY_RP, XPAY_QS, body, body_len, XPAY_TS, out, sizeof out,
                            &out_len) != PAYSIGN_OK)
        die("paysign_x_pay_token");
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

/* ---- CyberSource ---- */

static void cybersource_openssl(void) {
    unsigned char d[32];
    char d64[48], secret[64], sig64[48];
    static char signing[512];
    SHA256(body, body_len, d);
    EVP_EncodeBlock((unsigned char *)d64, d, 32);
    int sl = snprintf(signing, sizeof signing,
                      "host: %s\ndate: %s\nrequest-target: post %s\ndigest: SHA-256=%s\nv-c-merchant-id: %s",
                      CS_HOST, CS_DATE, CS_TARGET, d64, CS_MERCHANT);
    int kl = EVP_DecodeBlock((unsigned char *)secret, (const unsigned char *)CS_SECRET,
                             (int)(sizeof CS_SECRET - 1));
    if (kl < 0) die("EVP_DecodeBlock");
    for (const char *p = CS_SECRET + sizeof CS_SECRET - 2; *p == '='; p--) kl--; /* padding */
    unsigned char mac[32];
    unsigned int ml;
    if (!HMAC(EVP_sha256(), secret, kl, (unsigned char *)signing, (size_t)sl, mac, &ml)) die("HMAC");
    EVP_EncodeBlock((unsigned char *)sig64, mac, 32);
    out_len = (size_t)snprintf(
        out, sizeof out,
        "v-c-merchant-id: %s\r\nDate: %s\r\nHost: %s\r\nDigest: SHA-256=%s\r\n"
        "Signature: keyid=\"%s\", algorithm=\"HmacSHA256\", headers=\"host date request-target digest "
        "v-c-merchant-id\", signature=\"%s\"\r\n",
        CS_MERCHANT, CS_DATE, CS_HOST, d64, CS_KEY_ID, sig64);
}

static void cybersource_paysign(void) {
    if (paysign_cybersource_signature(CS_KEY_ID, CS_SECRET, CS_MERCHANT, CS_HOST, "POST", CS_TARGET,
                                      body, body_len, CS_DATE, out, sizeof out,
                                      &out_len) != PAYSIGN_OK)
        die("paysign_cybersource_signature");
}

/* ---- Digest and the floor ---- */

static void digest_openssl(void) {
    unsigned char d[32];
    SHA256(body, body_len, d);
    memcpy(out, "SHA-256=", 8);
    out_len = 8 + (size_t)EVP_EncodeBlock((unsigned char *)out + 8, d, 32);
}

static void digest_paysign(void) {
    if (paysign_digest(body, body_len, out, sizeof out, &out_len) != PAYSIGN_OK) die("paysign_digest");
}

static void sha256_openssl(void) {
    unsigned char d[32];
    SHA256(body, body_len, d);
    sink += d[0];
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
    void (*fn)(void);
} impl_t;

/* Calibrates every implementation of a case, then samples them round-robin,
 * so that a change of machine load hits them alike. */
static void run(const char *name, size_t size, const impl_t *impls, int n) {
    body_len = size;
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
        printf("{\"lang\":\"c\",\"case\":\"%s\",\"impl\":\"%s\",\"size\":%zu,\"ns\":%.2f,"
               "\"min\":%.2f,\"iters\":%" PRIu64 ",\"samples\":[",
               name, impls[j].impl, size, median(s[j], ns), mn, iters[j]);
        for (int k = 0; k < ns; k++) printf("%s%.2f", k ? "," : "", s[j][k]);
        printf("]}\n");
    }
    fflush(stdout);
}

/* Both sides must produce the same bytes: the incumbent is doing the same work. */
static void same(const char *what, void (*a)(void), void (*b)(void), size_t size) {
    static char first[4096];
    body_len = size;
    a();
    memcpy(first, out, out_len);
    size_t n = out_len;
    b();
    if (n != out_len || memcmp(first, out, n) != 0) {
        fprintf(stderr, "bench.c: %s: outputs differ at %zu bytes:\n%.*s\n%.*s\n", what, size, (int)n,
                first, (int)out_len, out);
        exit(1);
    }
}

int main(void) {
    const char *e;
    if ((e = getenv("BENCH_SAMPLES")) && atoi(e) > 0) samples_n = atoi(e);
    if ((e = getenv("BENCH_SAMPLE_MS")) && atof(e) > 0) sample_ns = atof(e) * 1e6;
    if ((e = getenv("BENCH_CLOCK")) && strcmp(e, "wall") == 0) clock_id = CLOCK_MONOTONIC;
    size_t max = (size_t)64 << 20;
    body = malloc(max);
    msgbuf = malloc(max + 256);
    if (!body || !msgbuf) die("malloc");
    memset(body, 'x', max);

    EVP_MAC *hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    prekeyed = hmac ? EVP_MAC_CTX_new(hmac) : NULL;
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
                           OSSL_PARAM_construct_end()};
    if (!prekeyed || !EVP_MAC_init(prekeyed, (const unsigned char *)XPAY_SECRET,
                                   sizeof XPAY_SECRET - 1, params))
        die("EVP_MAC setup");

    const size_t sizes[] = {0, 300, 64 << 10, 1 << 20};
    const impl_t xpay[] = {{"openssl_hmac", xpay_openssl},
                           {"paysign", xpay_paysign},
                           {"openssl_prekeyed", xpay_openssl_prekeyed}};
    const impl_t cs[] = {{"openssl_hmac", cybersource_openssl}, {"paysign", cybersource_paysign}};
    const impl_t dg[] = {{"openssl_sha256", digest_openssl}, {"paysign", digest_paysign}};
    const impl_t fl[] = {{"openssl", sha256_openssl}};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        size_t n = sizes[i];
        same("xpay", xpay_openssl, xpay_paysign, n);
        same("xpay prekeyed", xpay_openssl, xpay_openssl_prekeyed, n);
        same("cybersource", cybersource_openssl, cybersource_paysign, n);
        run("xpay", n, xpay, 3);
        run("cybersource", n, cs, 2);
    }
    const size_t dsizes[] = {1 << 20, (size_t)64 << 20};
    for (size_t i = 0; i < 2; i++) {
        same("digest", digest_openssl, digest_paysign, dsizes[i]);
        run("digest", dsizes[i], dg, 2);
    }
    /* The floor: SHA-256 over 1 MiB is 16384 blocks + 1 padding block. */
    run("sha256_1MiB", 1 << 20, fl, 1);
    printf("{\"lang\":\"c\",\"meta\":{\"clock\":\"%s\",\"openssl\":\"%s\"}}\n",
           clock_id == CLOCK_MONOTONIC ? "wall" : "cpu", OpenSSL_version(OPENSSL_VERSION));
    return 0;
}
