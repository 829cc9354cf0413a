/* Randomised robustness harness for the C ABI: every exported function is
 * called with inputs mutated from valid ones (control characters, quotes,
 * invalid UTF-8, truncation, NULL pointers, odd buffer sizes and times).
 * Opaque results (signed requests, signers) are read through every accessor
 * with random indexes and freed; header arrays get NULL and mutated entries.
 * Invariants: no crash, no internal error (a caught panic), a valid status,
 * NUL-terminated output whose length is *out_len, BUFFER_TOO_SMALL reporting
 * the size that then succeeds, *x_out NULL after any failure and non-NULL
 * after success, no secret in the last error or in a result's headers
 * (beyond the credential itself), and no leak (valgrind, ASan).
 * Deterministic: `fuzz_abi <iterations> <rng-start>`; test.sh runs it plain, under
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

static const char *mutate(int slot, const char *base) {
    unsigned choice = rnd() % 16;
    if (choice == 0) return NULL;
    char *s = slots[slot];
    size_t n = strlen(base);
    if (n >= SLOT - 8) n = SLOT - 8;
    memcpy(s, base, n);
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

/* Reads every part of a signed result, including indexes past the end. */
static void read_signed(paysign_status st, paysign_signed *signed_result, int has_url) {
    check_status(st);
    if (st != PAYSIGN_OK) {
        CHECK(signed_result == NULL, "*signed_out not NULL after a failure");
        return;
    }
    CHECK(signed_result != NULL, "OK without a result");
    const char *url = paysign_signed_url(signed_result);
    CHECK(has_url ? url && url[0] : url == NULL, "url %s", url ? url : "(null)");
    size_t count = paysign_signed_header_count(signed_result);
    CHECK(count >= 1 && count <= 5, "header count %zu", count);
    for (size_t i = 0; i < count + 2; i++) {
        size_t index = i < count + 1 ? i : (size_t)rnd() << 16;
        const char *name = paysign_signed_header_name(signed_result, index);
        const char *value = paysign_signed_header_value(signed_result, index);
        if (index < count) {
            CHECK(name && name[0] && value, "header %zu is NULL", index);
            for (size_t k = 0; k < sizeof SECRETS / sizeof *SECRETS; k++)
                CHECK(!value || strstr(value, SECRETS[k]) == NULL, "a secret in header %s", name);
        } else {
            CHECK(name == NULL && value == NULL, "header %zu past the count %zu", index, count);
        }
    }
    paysign_signed_free(signed_result);
}

static const char *pick_method(int slot) {
    return mutate(slot, (const char *[]){"GET", "post", "PUT", "patch", "DELETE"}[rnd() % 5]);
}

static void cybersource_signature(const uint8_t *body, size_t body_len) {
    paysign_signed *signed_result = (paysign_signed *)&body_len; /* must come back NULL or a result */
    paysign_status st = paysign_cybersource_signature(
        mutate(0, "08c94330-f618-42a3-b09d-e1e43be5efda"), mutate(1, SECRETS[0]), mutate(2, "testrest"),
        mutate(3, "apitest.cybersource.com"), pick_method(4), mutate(5, "/pts/v2/payments?a=1"), body, body_len,
        mutate(6, "Thu, 18 Jul 2019 00:18:03 GMT"), rnd() % 50 ? &signed_result : NULL);
    if (st == PAYSIGN_NULL_ARGUMENT && signed_result == (paysign_signed *)&body_len) return; /* signed_out NULL */
    read_signed(st, signed_result, 0);
}

static void verify_cybersource(const uint8_t *body, size_t body_len) {
    static const char *names[] = {"v-c-merchant-id", "Date", "Host", "Digest", "Signature", "X-Other"};
    static const char *values[] = {
        "testrest", "Thu, 18 Jul 2019 00:18:03 GMT", "apitest.cybersource.com",
        "SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
        "keyid=\"k\", algorithm=\"HmacSHA256\", headers=\"host date request-target digest v-c-merchant-id\", "
        "signature=\"oBRtlM1MNOuM+u1sD3ANNmt+bUYGEH0Asd8wl2lW2mM=\"",
        "z"};
    const char *n[6], *v[6];
    size_t count = rnd() % 7;
    for (size_t i = 0; i < count; i++) {
        /* Slots 4..15: mutated copies of the names and values (NULL sometimes). */
        n[i] = rnd() % 2 ? names[i] : mutate(4 + (int)i, names[i]);
        v[i] = rnd() % 2 ? values[i] : mutate(10 + (int)(i % 6), values[i]);
    }
    const char *const *np = rnd() % 20 ? n : NULL, *const *vp = rnd() % 20 ? v : NULL;
    check_status(paysign_verify_cybersource_signature(mutate(0, SECRETS[0]), np, vp, count, mutate(1, "POST"),
                                                      mutate(2, "/pts/v2/payments"), body, body_len, pick_time(),
                                                      rnd() % 2 ? PAYSIGN_DEFAULT_MAX_SKEW : 300));
}

static void request_level(int which, const uint8_t *body, size_t body_len) {
    paysign_signed *signed_result = NULL;
    paysign_signed **out = rnd() % 50 ? &signed_result : NULL;
    const char *method = pick_method(10);
    paysign_status st;
    if (which == 0) {
        st = paysign_x_pay_sign_request(mutate(11, "KSKDFJOP934ALSFDJP34"), mutate(12, SECRETS[1]), method,
                                        mutate(13, "https://sandbox.api.visa.com/vdp/helloworld?b=2&a=1"), body,
                                        body_len, pick_time(), (int32_t)(rnd() % 3), out);
    } else if (which == 1) {
        st = paysign_cybersource_sign_request(mutate(11, "testrest"), mutate(12, "08c94330-f618-42a3-b09d-e1e43be5efda"),
                                              mutate(13, SECRETS[0]), method,
                                              mutate(14, "https://apitest.cybersource.com/pts/v2/payments?x=1"), body,
                                              body_len, pick_time(), out);
    } else {
        st = paysign_paysimple_sign_request(mutate(11, "APIUser1000"), mutate(12, SECRETS[2]), method,
                                            mutate(13, "https://sandbox-api.paysimple.com/v4/customer"), body, body_len,
                                            pick_time(), rnd() % 2 ? 0 : rnd(), out);
    }
    if (!out) {
        check_status(st);
        CHECK(st == PAYSIGN_NULL_ARGUMENT, "signed_out NULL: %s", paysign_status_str(st));
        return;
    }
    read_signed(st, signed_result, 1);
}

/* A signer made from mutated credentials signs a few mutated requests
 * (several from one signer, as an application does), then is freed. */
static void signer_level(int which, const uint8_t *body, size_t body_len) {
    paysign_status st;
    void *signer = NULL;
    if (which == 0) {
        paysign_x_pay_signer *x = NULL;
        st = paysign_x_pay_signer_new(mutate(0, "KSKDFJOP934ALSFDJP34"), mutate(1, SECRETS[1]),
                                      (int32_t)(rnd() % 3) - 1, rnd() % 50 ? &x : NULL);
        if (st == PAYSIGN_OK) {
            const char *key = paysign_x_pay_signer_api_key(x);
            CHECK(key && key[0], "api_key");
            CHECK(paysign_x_pay_signer_full_path(x) == 0 || paysign_x_pay_signer_full_path(x) == 1, "full_path");
        }
        signer = x;
    } else if (which == 1) {
        paysign_cybersource_signer *c = NULL;
        st = paysign_cybersource_signer_new(mutate(0, "testrest"), mutate(1, "08c94330-f618-42a3-b09d-e1e43be5efda"),
                                            mutate(2, SECRETS[0]), rnd() % 50 ? &c : NULL);
        if (st == PAYSIGN_OK)
            CHECK(paysign_cybersource_signer_merchant_id(c) && paysign_cybersource_signer_key_id(c), "accessors");
        signer = c;
    } else {
        paysign_paysimple_signer *p = NULL;
        st = paysign_paysimple_signer_new(mutate(0, "APIUser1000"), mutate(1, SECRETS[2]), rnd() % 50 ? &p : NULL);
        if (st == PAYSIGN_OK) CHECK(paysign_paysimple_signer_username(p) != NULL, "username");
        signer = p;
    }
    check_status(st);
    CHECK((st == PAYSIGN_OK) == (signer != NULL), "signer_out after %s", paysign_status_str(st));
    /* Now and then a NULL signer: refused, not dereferenced. */
    int use_null = rnd() % 20 == 0;
    for (unsigned k = 0, n = 1 + rnd() % 3; k < n && (signer || use_null); k++) {
        paysign_signed *signed_result = NULL;
        const char *method = pick_method(10);
        const char *url;
        /* The time: a Unix time, now, a text (valid or mutated), or both (refused). */
        int64_t t = pick_time();
        uint32_t nanos = rnd() % 4 ? 0 : (rnd() % 2 ? rnd() : 999999999u);
        const char *text = NULL;
        if (rnd() % 3 == 0) {
            text = mutate(12, (const char *[]){"1455716783", "Thu, 18 Jul 2019 00:18:03 GMT",
                                               "2017-07-20T20:45:44.0973928Z"}[which]);
            if (rnd() % 4) t = PAYSIGN_NOW;
        }
        void *s = use_null ? NULL : signer;
        if (which == 0) {
            url = mutate(11, "https://sandbox.api.visa.com/vdp/helloworld?b=2&a=1#f");
            st = paysign_x_pay_signer_sign(s, method, url, body, body_len, t, nanos, text, &signed_result);
        } else if (which == 1) {
            url = mutate(11, "https://apitest.cybersource.com/pts/v2/payments?x=1");
            st = paysign_cybersource_signer_sign(s, method, url, body, body_len, t, nanos, text, &signed_result);
        } else {
            url = mutate(11, "https://sandbox-api.paysimple.com/v4/customer");
            st = paysign_paysimple_signer_sign(s, method, url, body, body_len, t, nanos, text, &signed_result);
        }
        if (use_null) CHECK(st == PAYSIGN_NULL_ARGUMENT, "NULL signer: %s", paysign_status_str(st));
        read_signed(st, signed_result, 1);
    }
    if (which == 0) paysign_x_pay_signer_free(signer);
    else if (which == 1) paysign_cybersource_signer_free(signer);
    else paysign_paysimple_signer_free(signer);
}

static const char *pick_time_text(int slot, int which) {
    if (rnd() % 3) return NULL;
    return mutate(slot, (const char *[]){"1455716783", "Thu, 18 Jul 2019 00:18:03 GMT",
                                         "2017-07-20T20:45:44.0973928Z", "1563409083", "1563409083123"}[which]);
}

static void read_explanation(paysign_status st, paysign_explanation *e) {
    check_status(st);
    CHECK((st == PAYSIGN_OK) == (e != NULL), "explanation_out after %s", paysign_status_str(st));
    if (!e) return;
    size_t len = 1;
    const uint8_t *signed_bytes = paysign_explanation_signed(e, &len);
    CHECK(signed_bytes != NULL, "signed NULL");
    CHECK(paysign_explanation_scheme(e) && paysign_explanation_text(e), "scheme/text");
    size_t parts = paysign_explanation_part_count(e), headers = paysign_explanation_header_count(e);
    for (size_t i = 0; i <= parts; i++) {
        int in = i < parts;
        CHECK(!in == !paysign_explanation_part_name(e, i) && !in == !paysign_explanation_part_value(e, i) &&
                  !in == !paysign_explanation_part_why(e, i),
              "part %zu of %zu", i, parts);
    }
    for (size_t i = 0; i <= headers; i++) {
        int in = i < headers;
        CHECK(!in == !paysign_explanation_header_name(e, i) && !in == !paysign_explanation_header_value(e, i),
              "header %zu of %zu", i, headers);
    }
    paysign_explanation_free(e);
}

static void explain_level(int which, const uint8_t *body, size_t body_len) {
    paysign_explanation *e = NULL, **out = rnd() % 50 ? &e : NULL;
    int64_t t = pick_time();
    uint32_t nanos = rnd() % 4 ? 0 : rnd();
    const char *text = pick_time_text(12, which == 3 ? 4 : which);
    if (text && rnd() % 4) t = PAYSIGN_NOW;
    paysign_status st;
    if (which == 0)
        st = paysign_explain_x_pay_token(mutate(0, "KSKDFJOP934ALSFDJP34"), rnd() % 3 ? mutate(1, SECRETS[1]) : NULL,
                                         pick_method(2), mutate(3, "https://sandbox.api.visa.com/vdp/helloworld?b=2"),
                                         body, body_len, (int32_t)(rnd() % 2), t, nanos, text, out);
    else if (which == 1)
        st = paysign_explain_cybersource_signature(mutate(0, "testrest"), mutate(1, "08c94330-f618-42a3-b09d-e1e43be5efda"),
                                                   rnd() % 3 ? mutate(2, SECRETS[0]) : NULL, pick_method(3),
                                                   mutate(4, "https://apitest.cybersource.com/pts/v2/payments"), body,
                                                   body_len, t, nanos, text, out);
    else if (which == 2)
        st = paysign_explain_paysimple_header(mutate(0, "APIUser1000"), rnd() % 3 ? mutate(1, SECRETS[2]) : NULL, t,
                                              nanos, text, out);
    else
        st = paysign_explain_cybersource_webhook(mutate(0, "webhook-key"), rnd() % 3 ? mutate(1, SECRETS[0]) : NULL,
                                                 body, body_len, t, nanos, text, out);
    if (!out) {
        check_status(st);
        CHECK(st == PAYSIGN_NULL_ARGUMENT, "explanation_out NULL: %s", paysign_status_str(st));
        return;
    }
    read_explanation(st, e);
}

static void read_diagnosis(paysign_status st, paysign_diagnosis *d) {
    check_status(st);
    CHECK((st == PAYSIGN_OK) == (d != NULL), "diagnosis_out after %s", paysign_status_str(st));
    if (!d) return;
    size_t n = paysign_diagnosis_mistake_count(d);
    for (size_t i = 0; i <= n; i++) CHECK(!(i < n) == !paysign_diagnosis_mistake(d, i), "mistake %zu of %zu", i, n);
    CHECK(paysign_diagnosis_message(d) != NULL, "message");
    CHECK(paysign_diagnosis_valid(d) == 0 || (n == 0 && !paysign_diagnosis_expected(d)), "valid with mistakes");
    const char *m = paysign_diagnosis_message(d);
    for (size_t k = 0; k < sizeof SECRETS / sizeof *SECRETS; k++)
        CHECK(strstr(m, SECRETS[k]) == NULL, "a secret in the diagnosis: %s", m);
    paysign_diagnosis_free(d);
}

static void diagnose_level(int which, const uint8_t *body, size_t body_len) {
    paysign_diagnosis *d = NULL, **out = rnd() % 50 ? &d : NULL;
    int64_t t = rnd() % 2 ? PAYSIGN_NOW : pick_time();
    const char *text = t == PAYSIGN_NOW ? pick_time_text(12, which == 1 ? 3 : which == 3 ? 4 : 0) : NULL;
    paysign_status st;
    if (which == 0) {
        st = paysign_diagnose_x_pay_token(
            mutate(0, "xv2:1455716783:0c07476e35cab123d0ebf6c41db3ab0364d1e1724940c236918df85098485c11"),
            mutate(1, "KSKDFJOP934ALSFDJP34"), mutate(2, SECRETS[1]), pick_method(3),
            mutate(4, "https://sandbox.api.visa.com/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34"), body, body_len,
            (int32_t)(rnd() % 2), t, 0, text, out);
    } else if (which == 1) {
        static const char *names[] = {"v-c-merchant-id", "Date", "Host", "Digest", "Signature"};
        const char *values[] = {"testrest", "Thu, 18 Jul 2019 00:18:03 GMT", "apitest.cybersource.com",
                                "SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
                                mutate(5, "keyid=\"08c94330-f618-42a3-b09d-e1e43be5efda\", algorithm=\"HmacSHA256\", "
                                          "headers=\"host date request-target digest v-c-merchant-id\", "
                                          "signature=\"oBRtlM1MNOuM+u1sD3ANNmt+bUYGEH0Asd8wl2lW2mM=\"")};
        size_t count = rnd() % 6;
        if (!values[4]) values[4] = "x";
        st = paysign_diagnose_cybersource_signature(names, values, count, mutate(6, "testrest"),
                                                    mutate(7, "08c94330-f618-42a3-b09d-e1e43be5efda"),
                                                    mutate(8, SECRETS[0]), pick_method(9),
                                                    mutate(10, "https://apitest.cybersource.com/pts/v2/payments"),
                                                    body, body_len, t, 0, text, out);
    } else if (which == 3) {
        static const char *names[] = {"v-c-signature", "V-C-Signature"};
        const char *values[] = {
            mutate(5, "t=1563409083123;keyId=webhook-key;sig=9u4fvbWUyJa8lZtHlDVfOVNx0m0ap1VbGZw2gD6oW6g="),
            mutate(6, "t=1563409083;keyId=webhook-key;sig=x")};
        size_t count = rnd() % 3;
        if (!values[0]) values[0] = "x";
        st = paysign_diagnose_cybersource_webhook(names, values, count, mutate(7, "webhook-key"), mutate(8, SECRETS[0]),
                                                  body, body_len, t, rnd() % 4 ? 0 : rnd(), text, out);
    } else {
        st = paysign_diagnose_paysimple_header(
            mutate(0, "PSSERVER accessid=APIUser1000; timestamp=2017-07-20T20:45:44.0973928Z; "
                      "signature=WqV47Dddgc6XqBKnQASzZbNU/UZd1tzSrFJJFVv76dw="),
            mutate(1, "APIUser1000"), mutate(2, SECRETS[2]),
            rnd() % 2 ? NULL : mutate(3, "2017-07-20T20:45:44.0973928Z"), out);
    }
    if (!out) {
        check_status(st);
        CHECK(st == PAYSIGN_NULL_ARGUMENT, "diagnosis_out NULL: %s", paysign_status_str(st));
        return;
    }
    read_diagnosis(st, d);
}

static void read_verified(paysign_status st, paysign_verified *v) {
    check_status(st);
    CHECK((st == PAYSIGN_OK) == (v != NULL), "verified_out after %s", paysign_status_str(st));
    if (!v) return;
    CHECK(paysign_verified_scheme(v) && paysign_verified_key_id(v), "scheme/key_id");
    (void)paysign_verified_merchant_id(v);
    (void)paysign_verified_timestamp(v);
    size_t n = paysign_verified_signed_count(v);
    for (size_t i = 0; i <= n; i++) CHECK(!(i < n) == !paysign_verified_signed(v, i), "signed %zu of %zu", i, n);
    paysign_verified_free(v);
}

/* A verifier from a mutated keyring verifies a few mutated requests (some
 * made by the matching signer, so that acceptances and replays happen too). */
static void verifier_level(int which, const uint8_t *body, size_t body_len) {
    const char *ids[2] = {(const char *[]){"KSKDFJOP934ALSFDJP34", "08c94330-f618-42a3-b09d-e1e43be5efda",
                                           "APIUser1000", "webhook-key"}[which],
                          "other-key"};
    const char *secrets[2] = {(const char *[]){SECRETS[1], SECRETS[0], SECRETS[2], SECRETS[0]}[which],
                              (const char *[]){"s2", "c2VjcmV0", "k2", "c2VjcmV0"}[which]};
    size_t key_count = rnd() % 5 ? 1 + rnd() % 2 : rnd() % 3;
    if (rnd() % 4 == 0) ids[0] = mutate(0, ids[0]);
    if (rnd() % 4 == 0) secrets[0] = mutate(1, secrets[0]);
    int64_t skew = rnd() % 3 ? PAYSIGN_DEFAULT_MAX_SKEW : (int64_t)(rnd() % 1000) - 10;
    int32_t replay = (int32_t)(rnd() % 2);
    paysign_verifier *v = NULL;
    paysign_webhook_verifier *w = NULL;
    paysign_status st;
    const char *const *id_p = rnd() % 30 ? ids : NULL, *const *secret_p = rnd() % 30 ? secrets : NULL;
    if (which == 0) st = paysign_x_pay_verifier_new(id_p, secret_p, key_count, (int32_t)(rnd() % 2), skew, replay, &v);
    else if (which == 1) st = paysign_cybersource_verifier_new(id_p, secret_p, key_count, skew, replay, &v);
    else if (which == 2) st = paysign_paysimple_verifier_new(id_p, secret_p, key_count, skew, replay, &v);
    else st = paysign_cybersource_webhook_verifier_new(id_p, secret_p, key_count, skew, replay, &w);
    check_status(st);
    CHECK((st == PAYSIGN_OK) == (v != NULL || w != NULL), "verifier_out after %s", paysign_status_str(st));
    int use_null = rnd() % 20 == 0;
    for (unsigned k = 0, n = 1 + rnd() % 3; k < n && (v || w || use_null); k++) {
        char value[512];
        size_t len;
        const char *url = "https://sandbox.api.visa.com/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34";
        const char *names[4], *values[4];
        size_t count = 0;
        int64_t now = rnd() % 3 ? 1455716783 : pick_time();
        if (which == 0) {
            if (paysign_x_pay_token(SECRETS[1], "helloworld", "apikey=KSKDFJOP934ALSFDJP34", body, body_len,
                                    1455716783 + rnd() % 2, value, sizeof value, &len) != PAYSIGN_OK)
                strcpy(value, "xv2:1:00");
            names[count] = rnd() % 2 ? "x-pay-token" : mutate(2, "X-Pay-Token");
            values[count++] = rnd() % 3 ? value : mutate(3, value);
            if (rnd() % 8 == 0) { names[count] = "x-pay-token"; values[count++] = value; }
            url = mutate(4, url);
        } else if (which == 1) {
            paysign_signed *s = NULL;
            url = "https://apitest.cybersource.com/pts/v2/payments";
            now = 1563409083;
            if (paysign_cybersource_sign_request("testrest", ids[0], SECRETS[0], "POST", url, body, body_len, now,
                                                 &s) == PAYSIGN_OK) {
                for (size_t i = 0; i < paysign_signed_header_count(s) && count < 4; i++) {
                    names[count] = paysign_signed_header_name(s, i + (rnd() % 8 == 0));
                    values[count++] = paysign_signed_header_value(s, i);
                }
                if (rnd() % 3 == 0 && count) values[rnd() % count] = mutate(5, values[0] ? values[0] : "x");
                paysign_verified *ok = NULL;
                st = paysign_verifier_verify(use_null ? NULL : v, rnd() % 4 ? "POST" : pick_method(6),
                                             rnd() % 4 ? url : mutate(7, "/pts/v2/payments"), names, values, count,
                                             body, body_len, now, &ok);
                read_verified(st, ok);
            }
            paysign_signed_free(s);
            continue;
        } else if (which == 2) {
            if (paysign_paysimple_header(ids[0] ? ids[0] : "u", SECRETS[2], "2017-07-20T20:45:44.0973928Z", value,
                                         sizeof value, &len) != PAYSIGN_OK)
                strcpy(value, "PSSERVER x");
            names[count] = "Authorization";
            values[count++] = rnd() % 3 ? value : mutate(3, value);
            now = 1500583544;
            url = "/v4/customer";
        } else {
            if (paysign_cybersource_webhook_signature("webhook-key", SECRETS[0], body, body_len,
                                                      rnd() % 2 ? 1563409083123 : PAYSIGN_NOW, value, sizeof value,
                                                      &len) != PAYSIGN_OK)
                strcpy(value, "t=1;keyId=k;sig=x");
            names[count] = "v-c-signature";
            values[count++] = rnd() % 3 ? value : mutate(3, value);
            now = rnd() % 2 ? 1563409083 : PAYSIGN_NOW;
        }
        paysign_verified *ok = NULL;
        if (which == 3)
            st = paysign_webhook_verifier_verify(use_null ? NULL : w, names, values, count, body, body_len, now, &ok);
        else
            st = paysign_verifier_verify(use_null ? NULL : v, rnd() % 4 ? "GET" : pick_method(6), url, names, values,
                                         count, body, body_len, now, &ok);
        if (use_null) CHECK(st == PAYSIGN_NULL_ARGUMENT, "NULL verifier: %s", paysign_status_str(st));
        read_verified(st, ok);
    }
    paysign_verifier_free(v);
    paysign_webhook_verifier_free(w);
}

static void webhook_signature_level(const uint8_t *body, size_t body_len) {
    char out[512];
    size_t cap = pick_cap(), len = 0;
    if (cap > sizeof out) cap = sizeof out;
    paysign_status st = paysign_cybersource_webhook_signature(mutate(0, "webhook-key"), mutate(1, SECRETS[0]), body,
                                                              body_len, rnd() % 2 ? 1563409083123 : pick_time(),
                                                              cap ? out : NULL, cap, &len);
    check_status(st);
    if (st == PAYSIGN_OK) CHECK(len < cap && strlen(out) == len, "webhook signature not NUL-terminated");
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
        switch (rnd() % 16) {
        case 0: {
            struct xpay_ctx x = {mutate(0, SECRETS[1]), mutate(1, "helloworld"), mutate(2, "apikey=K&b=1"), body_ptr,
                                 body_len, pick_time()};
            single_output(xpay_fn, &x);
            break;
        }
        case 1:
            cybersource_signature(body_ptr, body_len);
            break;
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
            verify_cybersource(body_ptr, body_len);
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
            uint8_t mac[PAYSIGN_HMAC_SHA256_LEN + 8];
            size_t cap = rnd() % 3 ? sizeof mac : rnd() % (sizeof mac), mac_len = 0;
            size_t key_len = body_len ? rnd() % body_len : 0;
            paysign_status st = paysign_hmac_sha256(rnd() % 10 ? body : NULL, key_len, body_ptr, body_len,
                                                    cap ? mac : NULL, cap, &mac_len);
            check_status(st);
            if (st == PAYSIGN_OK) CHECK(mac_len == PAYSIGN_HMAC_SHA256_LEN && cap >= mac_len, "hmac length");
            else if (st == PAYSIGN_BUFFER_TOO_SMALL) CHECK(cap < PAYSIGN_HMAC_SHA256_LEN, "hmac too small");
            break;
        }
        case 7:
        case 8:
            request_level((int)(rnd() % 3), body_ptr, body_len);
            break;
        case 9:
        case 10:
            signer_level((int)(rnd() % 3), body_ptr, body_len);
            break;
        case 11:
            explain_level((int)(rnd() % 4), body_ptr, body_len);
            break;
        case 12:
            diagnose_level((int)(rnd() % 4), body_ptr, body_len);
            break;
        case 13:
            webhook_signature_level(body_ptr, body_len);
            break;
        default:
            verifier_level((int)(rnd() % 4), body_ptr, body_len);
            break;
        }
    }
    printf("c-fuzz: statuses seen:");
    for (int st = 0; st <= 6; st++) printf(" %s=%ld", paysign_status_str(st), status_seen[st]);
    printf("\nc-fuzz: %ld iterations, %ld failed\n", iterations, failures);
    return failures ? 1 : 0;
}
