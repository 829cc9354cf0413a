/* Randomised robustness harness for the C ABI: every exported function is
 * called with inputs mutated from valid ones (control characters, quotes,
 * invalid UTF-8, truncation, NULL pointers, odd buffer sizes and times).
 * Invariants: no crash, no internal error (a caught panic), a valid status,
 * NUL-terminated output whose length is *out_len, BUFFER_TOO_SMALL reporting
 * the size that then succeeds, and no secret in the last error.
 * Deterministic: `fuzz_abi <iterations> <seed>`; test.sh runs it plain, under
 * valgrind and with ASan+UBSan. */
#include <paysign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long rng_state;
static unsigned rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state >> 11);
}

static long failures;
#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (!(cond)) {                                                     \
            failures++;                                                    \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);           \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
        }                                                                  \
    } while (0)

#define SLOT 512
/* Mutated copies live in fixed slots, so nothing is allocated per call. */
static char slots[16][SLOT];

static const char *mutate(int slot, const char *seed) {
    unsigned choice = rnd() % 16;
    if (choice == 0) return NULL;
    char *s = slots[slot];
    size_t n = strlen(seed);
    if (n >= SLOT - 8) n = SLOT - 8;
    memcpy(s, seed, n);
    s[n] = 0;
    if (choice >= 8) return s; /* half the time: unchanged */
    static const char inserts[] = {'\r', '\n', '\t', 0x7f, '"', ';', ' ', '?', (char)0xff, (char)0xc3, ':', '='};
    unsigned edits = 1 + rnd() % 3;
    for (unsigned e = 0; e < edits; e++) {
        size_t len = strlen(s);
        size_t at = len ? rnd() % (len + 1) : 0;
        switch (rnd() % 4) {
        case 0: /* insert a troublesome byte */
            if (len + 1 < SLOT) {
                memmove(s + at + 1, s + at, len - at + 1);
                s[at] = inserts[rnd() % sizeof inserts];
            }
            break;
        case 1: /* truncate */
            s[at] = 0;
            break;
        case 2: /* replace a byte with a random non-NUL one */
            if (at < len) s[at] = (char)(1 + rnd() % 255);
            break;
        default: /* duplicate the string's tail */
            if (2 * len + 1 < SLOT) memmove(s + len, s, len + 1);
            break;
        }
    }
    return s;
}

static const char *SECRETS[] = {"yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=", "xpay-shared-secret-0001",
                                "paysimple-api-key-0001"};

static void check_no_secret(paysign_status st) {
    if (st == PAYSIGN_OK) return;
    char msg[1024];
    size_t len = 0;
    CHECK(paysign_last_error(msg, sizeof msg, &len) == PAYSIGN_OK, "last_error");
    for (size_t i = 0; i < sizeof SECRETS / sizeof *SECRETS; i++)
        CHECK(strstr(msg, SECRETS[i]) == NULL, "secret in last error: %s", msg);
}

static long status_seen[7];

static void check_status(paysign_status st) {
    if (st >= 0 && st <= 6) status_seen[st]++;
    CHECK(st >= PAYSIGN_OK && st <= PAYSIGN_INTERNAL_ERROR, "status %d out of range", (int)st);
    CHECK(st != PAYSIGN_INTERNAL_ERROR, "internal error (a panic)");
    check_no_secret(st);
}

static size_t pick_cap(void) {
    switch (rnd() % 4) {
    case 0: return 0;
    case 1: return 1 + rnd() % 64;
    default: return 1024;
    }
}

static int64_t pick_time(void) {
    static const int64_t times[] = {PAYSIGN_NOW, 0, 1, 1455716783, 1563409083, 253402300799LL,
                                    253402300800LL, -1, INT64_MAX};
    return times[rnd() % (sizeof times / sizeof *times)];
}

/* A single-output call: the buffer contract, then a retry with the size asked for. */
typedef paysign_status (*single_fn)(void *ctx, char *out, size_t cap, size_t *len);

static void single_output(single_fn fn, void *ctx) {
    char out[1024];
    size_t cap = pick_cap(), len = 12345;
    paysign_status st = fn(ctx, cap ? out : NULL, cap, &len);
    check_status(st);
    if (st == PAYSIGN_OK) {
        CHECK(len < cap && out[len] == 0 && strlen(out) == len, "OK output not NUL-terminated at out_len");
    } else if (st == PAYSIGN_BUFFER_TOO_SMALL) {
        CHECK(len + 1 > cap, "too small, but %zu fits in %zu", len, cap);
        if (cap) CHECK(out[0] == 0, "too small output not empty");
        if (len < sizeof out) {
            size_t len2 = 0;
            paysign_status again = fn(ctx, out, len + 1, &len2);
            CHECK(again == PAYSIGN_OK && len2 == len, "retry with the size asked: %d %zu/%zu", (int)again, len2, len);
        }
    }
}

struct xpay_ctx { const char *secret, *path, *query; const uint8_t *body; size_t body_len; int64_t ts; };
static paysign_status xpay_fn(void *c, char *out, size_t cap, size_t *len) {
    struct xpay_ctx *x = c;
    return paysign_x_pay_token(x->secret, x->path, x->query, x->body, x->body_len, x->ts, out, cap, len);
}

struct cs_ctx { const char *key_id, *secret, *merchant, *host, *method, *target, *date; const uint8_t *body; size_t body_len; };
static paysign_status cs_fn(void *c, char *out, size_t cap, size_t *len) {
    struct cs_ctx *x = c;
    return paysign_cybersource_signature(x->key_id, x->secret, x->merchant, x->host, x->method, x->target, x->body,
                                         x->body_len, x->date, out, cap, len);
}

struct ps_ctx { const char *user, *key, *ts; };
static paysign_status ps_fn(void *c, char *out, size_t cap, size_t *len) {
    struct ps_ctx *x = c;
    return paysign_paysimple_header(x->user, x->key, x->ts, out, cap, len);
}

struct digest_ctx { const uint8_t *body; size_t body_len; };
static paysign_status digest_fn(void *c, char *out, size_t cap, size_t *len) {
    struct digest_ctx *x = c;
    return paysign_digest(x->body, x->body_len, out, cap, len);
}

struct date_ctx { int64_t t; };
static paysign_status date_fn(void *c, char *out, size_t cap, size_t *len) {
    return paysign_imf_fixdate(((struct date_ctx *)c)->t, out, cap, len);
}

static void request_level(int which, const uint8_t *body, size_t body_len) {
    char url[1024], headers[2048];
    size_t url_cap = rnd() % 3 ? sizeof url : rnd() % 16, headers_cap = rnd() % 3 ? sizeof headers : rnd() % 16;
    size_t url_len = 0, headers_len = 0;
    const char *method = mutate(10, (const char *[]){"GET", "post", "PUT", "patch", "DELETE"}[rnd() % 5]);
    paysign_status st;
    if (which == 0) {
        st = paysign_x_pay_sign_request(mutate(11, "KSKDFJOP934ALSFDJP34"), mutate(12, SECRETS[1]), method,
                                        mutate(13, "https://sandbox.api.visa.com/vdp/helloworld?b=2&a=1"), body,
                                        body_len, pick_time(), (int32_t)(rnd() % 3), url, url_cap, &url_len,
                                        headers, headers_cap, &headers_len);
    } else if (which == 1) {
        st = paysign_cybersource_sign_request(mutate(11, "testrest"), mutate(12, "08c94330-f618-42a3-b09d-e1e43be5efda"),
                                              mutate(13, SECRETS[0]), method,
                                              mutate(14, "https://apitest.cybersource.com/pts/v2/payments?x=1"), body,
                                              body_len, pick_time(), url, url_cap, &url_len, headers, headers_cap,
                                              &headers_len);
    } else {
        st = paysign_paysimple_sign_request(mutate(11, "APIUser1000"), mutate(12, SECRETS[2]), method,
                                            mutate(13, "https://sandbox-api.paysimple.com/v4/customer"), body, body_len,
                                            pick_time(), rnd() % 2 ? 0 : rnd(), url, url_cap, &url_len, headers,
                                            headers_cap, &headers_len);
    }
    check_status(st);
    if (st == PAYSIGN_OK) {
        CHECK(url_len < url_cap && url[url_len] == 0 && strlen(url) == url_len, "request url");
        CHECK(headers_len < headers_cap && headers[headers_len] == 0 && strlen(headers) == headers_len, "request headers");
    } else if (st == PAYSIGN_BUFFER_TOO_SMALL) {
        CHECK(url_len + 1 > url_cap || headers_len + 1 > headers_cap, "too small, but both fit");
    }
}

int main(int argc, char **argv) {
    long iterations = argc > 1 ? atol(argv[1]) : 20000;
    rng_state = argc > 2 ? strtoull(argv[2], NULL, 10) : 0x9e3779b97f4a7c15ULL;
    if (rng_state == 0) rng_state = 1;
    uint8_t body[700];
    for (long i = 0; i < iterations; i++) {
        size_t body_len = rnd() % 4 ? rnd() % sizeof body : 0;
        for (size_t b = 0; b < body_len; b++) body[b] = (uint8_t)rnd();
        const uint8_t *body_ptr = (rnd() % 10 == 0) ? NULL : body; /* NULL with a length: null argument */
        if (!body_ptr && rnd() % 2) body_len = 0;                   /* NULL with 0: an empty body */
        switch (rnd() % 9) {
        case 0: {
            struct xpay_ctx x = {mutate(0, SECRETS[1]), mutate(1, "helloworld"), mutate(2, "apikey=K&b=1"), body_ptr,
                                 body_len, pick_time()};
            single_output(xpay_fn, &x);
            break;
        }
        case 1: {
            struct cs_ctx x = {mutate(0, "08c94330-f618-42a3-b09d-e1e43be5efda"), mutate(1, SECRETS[0]),
                               mutate(2, "testrest"), mutate(3, "apitest.cybersource.com"),
                               mutate(4, (const char *[]){"GET", "POST", "put", "Patch", "DELETE"}[rnd() % 5]),
                               mutate(5, "/pts/v2/payments?a=1"), mutate(6, "Thu, 18 Jul 2019 00:18:03 GMT"),
                               body_ptr, body_len};
            single_output(cs_fn, &x);
            break;
        }
        case 2: {
            struct ps_ctx x = {mutate(0, "APIUser1000"), mutate(1, SECRETS[2]), mutate(2, "2017-07-20T20:45:44.0973928Z")};
            single_output(ps_fn, &x);
            break;
        }
        case 3:
            check_status(paysign_verify_x_pay_token(
                mutate(0, SECRETS[1]),
                mutate(1, "xv2:1455716783:0c07476e35cab123d0ebf6c41db3ab0364d1e1724940c236918df85098485c11"),
                mutate(2, "helloworld"), mutate(3, "apikey=KSKDFJOP934ALSFDJP34"), body_ptr, body_len, pick_time(),
                rnd() % 2 ? PAYSIGN_DEFAULT_MAX_SKEW : (int64_t)(rnd() % 1000) - 10));
            break;
        case 4:
            check_status(paysign_verify_cybersource_signature(
                mutate(0, SECRETS[0]),
                mutate(1, "v-c-merchant-id: testrest\nDate: Thu, 18 Jul 2019 00:18:03 GMT\nHost: apitest.cybersource.com\n"
                          "Digest: SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nSignature: keyid=\"k\", "
                          "algorithm=\"HmacSHA256\", headers=\"host date request-target digest v-c-merchant-id\", "
                          "signature=\"oBRtlM1MNOuM+u1sD3ANNmt+bUYGEH0Asd8wl2lW2mM=\"\n"),
                mutate(2, "POST"), mutate(3, "/pts/v2/payments"), body_ptr, body_len, pick_time(),
                rnd() % 2 ? PAYSIGN_DEFAULT_MAX_SKEW : 300));
            break;
        case 5:
            check_status(paysign_verify_paysimple_header(
                mutate(0, "PSSERVER accessid=APIUser1000; timestamp=2017-07-20T20:45:44.0973928Z; "
                          "signature=WqV47Dddgc6XqBKnQASzZbNU/UZd1tzSrFJJFVv76dw="),
                mutate(1, SECRETS[2]), pick_time(), PAYSIGN_DEFAULT_MAX_SKEW));
            break;
        case 6: {
            struct digest_ctx x = {body_ptr, body_len};
            single_output(digest_fn, &x);
            struct date_ctx d = {pick_time()};
            if (d.t != PAYSIGN_NOW) single_output(date_fn, &d);
            break;
        }
        default:
            request_level((int)(rnd() % 3), body_ptr, body_len);
            break;
        }
    }
    printf("c-fuzz: statuses seen:");
    for (int st = 0; st <= 6; st++) printf(" %s=%ld", paysign_status_str(st), status_seen[st]);
    printf("\nc-fuzz: %ld iterations, %ld failed\n", iterations, failures);
    return failures ? 1 : 0;
}
