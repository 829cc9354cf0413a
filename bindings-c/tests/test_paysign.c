/*
 * The C suite of libpaysign: every vector of the JSON files in tests/vectors (through
 * the generated vectors.h) and the bad-input table (NULL pointers, invalid
 * UTF-8, buffers too small, opaque results and their accessors, header
 * arrays, control characters, the invalid.json cases).
 *
 * Built by bindings-c/test.sh with -Wall -Wextra -Werror and run plain, under
 * valgrind memcheck and with AddressSanitizer + UndefinedBehaviorSanitizer.
 * Prints one "FAIL <case>: <why>" line per failure and, last,
 * "c: N passed, M failed"; exits 1 when anything failed.
 */
#define _POSIX_C_SOURCE 200809L

#include <paysign.h>

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vectors.h"

/* ------------------------------------------------------------------------ */
/* A tiny harness: one case = one vector or one bad input.                  */

static int passed, failed, skipped;
static const char *case_name;
static int case_failed;
static char skipped_names[1024];

static void begin(const char *name) {
    case_name = name;
    case_failed = 0;
}

static void end(void) {
    if (case_failed)
        failed++;
    else
        passed++;
}

static void skip(const char *name) {
    skipped++;
    if (strlen(skipped_names) + strlen(name) + 3 < sizeof skipped_names) {
        if (skipped_names[0])
            strcat(skipped_names, ", ");
        strcat(skipped_names, name);
    }
}

/* Table cases (tests/adversarial, tests/diagnose) describing core behaviour
 * that core does not have yet (issues "one shape" and "verification a server
 * can trust" are landing in core in parallel). Each still runs: while it
 * fails it is reported as pending, not failed; once it passes, the suite
 * fails until it is removed from this list, so the list cannot go stale. */
static const char *const PENDING_IN_CORE[] = {
    NULL, /* none pending: every table case holds */
};
static int is_pending(const char *name) {
    for (size_t i = 0; i < sizeof PENDING_IN_CORE / sizeof *PENDING_IN_CORE; i++)
        if (PENDING_IN_CORE[i] && strcmp(name, PENDING_IN_CORE[i]) == 0)
            return 1;
    return 0;
}

static void fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    printf(is_pending(case_name) ? "pending %s: " : "FAIL %s: ", case_name);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    case_failed = 1;
}

#define CHECK(cond, ...)        \
    do {                        \
        if (!(cond))            \
            fail(__VA_ARGS__);  \
    } while (0)

#define BIG 65536
static char out1[BIG], out2[BIG];

static const char *status_name(paysign_status s) {
    return paysign_status_str(s);
}

/* The last failure's message, field and reason, in static buffers. */
static char last_msg[4096], last_fld[256], last_rsn[256];

static void read_last(void) {
    size_t n = 0;
    if (paysign_last_error(last_msg, sizeof last_msg, &n) != PAYSIGN_OK)
        strcpy(last_msg, "<paysign_last_error failed>");
    if (paysign_last_field(last_fld, sizeof last_fld, &n) != PAYSIGN_OK)
        strcpy(last_fld, "<paysign_last_field failed>");
    if (paysign_last_reason(last_rsn, sizeof last_rsn, &n) != PAYSIGN_OK)
        strcpy(last_rsn, "<paysign_last_reason failed>");
}

static int expect_ok(paysign_status st, const char *what) {
    if (st == PAYSIGN_OK)
        return 1;
    read_last();
    fail("%s: %s (%s)", what, status_name(st), last_msg);
    return 0;
}

/* Checks a failure: its status and, when given, the field it names (which
 * must also open the message: "field: ...") or the reason code. */
static void expect_fail(paysign_status st, paysign_status want, const char *field,
                        const char *reason, const char *what) {
    if (st != want) {
        read_last();
        fail("%s: got %s, want %s (%s)", what, status_name(st), status_name(want), last_msg);
        return;
    }
    read_last();
    if (last_msg[0] == '\0')
        fail("%s: paysign_last_error is empty after a failure", what);
    if (field) {
        size_t n = strlen(field);
        CHECK(strcmp(last_fld, field) == 0, "%s: field \"%s\", want \"%s\"", what, last_fld, field);
        CHECK(strncmp(last_msg, field, n) == 0 && last_msg[n] == ':',
              "%s: message \"%s\" does not start with \"%s:\"", what, last_msg, field);
    }
    if (reason)
        CHECK(strcmp(last_rsn, reason) == 0, "%s: reason \"%s\", want \"%s\"", what, last_rsn, reason);
    else
        CHECK(last_rsn[0] == '\0', "%s: reason \"%s\" on a non-verification failure", what, last_rsn);
}

/* A message must never show a secret. */
static void expect_secret_hidden(const char *secret) {
    if (secret && strlen(secret) >= 4)
        CHECK(strstr(last_msg, secret) == NULL, "the message shows the secret: \"%s\"", last_msg);
}

/* The body bytes repeated `repeat` times (malloc'd; free it). */
static uint8_t *make_body(const uint8_t *chunk, size_t chunk_len, int repeat, size_t *len) {
    size_t total = chunk_len * (size_t)repeat;
    uint8_t *body = malloc(total ? total : 1);
    if (!body) {
        perror("malloc");
        exit(2);
    }
    for (int i = 0; i < repeat; i++)
        memcpy(body + (size_t)i * chunk_len, chunk, chunk_len);
    *len = total;
    return body;
}

/* Compares a signed result's headers with the expected ones: the same
 * names (exact case, no extra, none missing) and byte-exact values. */
static void expect_headers(const paysign_signed *signed_result, int n, const header_t *want) {
    size_t count = paysign_signed_header_count(signed_result);
    CHECK(count == (size_t)n, "%zu headers, want %d", count, n);
    for (size_t j = 0; j < count; j++) {
        const char *name = paysign_signed_header_name(signed_result, j);
        const char *value = paysign_signed_header_value(signed_result, j);
        if (!name || !value) {
            fail("header %zu of %zu: NULL name or value", j, count);
            continue;
        }
        int found = 0;
        for (int i = 0; i < n; i++) {
            if (strcmp(name, want[i].name) == 0) {
                found = 1;
                CHECK(strcmp(value, want[i].value) == 0, "header %s: got \"%s\", want \"%s\"", name,
                      value, want[i].value);
            }
        }
        CHECK(found, "unexpected header %s", name);
    }
    CHECK(paysign_signed_header_name(signed_result, count) == NULL &&
              paysign_signed_header_value(signed_result, count) == NULL,
          "an index past the count gives a header");
}

/* The headers of a signed result, as the arrays a verifier takes. */
typedef struct {
    const char *names[16], *values[16];
    size_t count;
} header_arrays_t;

static header_arrays_t arrays_of(const paysign_signed *signed_result) {
    header_arrays_t h;
    memset(&h, 0, sizeof h);
    h.count = paysign_signed_header_count(signed_result);
    if (h.count > 16)
        h.count = 16;
    for (size_t i = 0; i < h.count; i++) {
        h.names[i] = paysign_signed_header_name(signed_result, i);
        h.values[i] = paysign_signed_header_value(signed_result, i);
    }
    return h;
}

static header_arrays_t arrays_from(int n, const header_t *headers) {
    header_arrays_t h;
    memset(&h, 0, sizeof h);
    for (int i = 0; i < n && i < 16; i++) {
        h.names[i] = headers[i].name;
        h.values[i] = headers[i].value;
        h.count++;
    }
    return h;
}

static const char *signed_header(const paysign_signed *signed_result, const char *name) {
    for (size_t i = 0; i < paysign_signed_header_count(signed_result); i++)
        if (strcmp(paysign_signed_header_name(signed_result, i), name) == 0)
            return paysign_signed_header_value(signed_result, i);
    return NULL;
}

static const char *header_value(int n, const header_t *headers, const char *name) {
    for (int i = 0; i < n; i++)
        if (strcmp(headers[i].name, name) == 0)
            return headers[i].value;
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* The vectors.                                                              */

static void test_xpay_sign(void) {
    for (size_t i = 0; i < XPAY_SIGN_COUNT; i++) {
        const xpay_sign_t *v = &XPAY_SIGN[i];
        begin(v->name);
        size_t len, n = 0;
        uint8_t *body = make_body(v->body, v->body_len, v->body_repeat, &len);
        paysign_status st = paysign_x_pay_token(v->shared_secret, v->resource_path, v->query_string,
                                                body, len, v->timestamp, out1, BIG, &n);
        if (expect_ok(st, "paysign_x_pay_token")) {
            CHECK(strcmp(out1, v->token) == 0, "token %s, want %s", out1, v->token);
            CHECK(n == strlen(v->token), "out_len %zu, want %zu", n, strlen(v->token));
            st = paysign_verify_x_pay_token(v->shared_secret, out1, v->resource_path,
                                            v->query_string, body, len, v->timestamp, 0);
            expect_ok(st, "paysign_verify_x_pay_token of the token just made");
        }
        free(body);
        end();
    }
}

static void test_xpay_request(void) {
    for (size_t i = 0; i < XPAY_REQUEST_COUNT; i++) {
        const xpay_request_t *v = &XPAY_REQUEST[i];
        begin(v->name);
        size_t len, n = 0;
        uint8_t *body = make_body(v->body, v->body_len, v->body_repeat, &len);
        paysign_signed *one_call = NULL, *by_signer = NULL;
        paysign_x_pay_signer *signer = NULL;
        paysign_status st = paysign_x_pay_sign_request(v->api_key, v->shared_secret, v->method,
                                                       v->url, body, len, v->timestamp,
                                                       (int32_t)v->full_path, &one_call);
        if (expect_ok(st, "paysign_x_pay_sign_request")) {
            CHECK(strcmp(paysign_signed_url(one_call), v->url_out) == 0, "url %s, want %s",
                  paysign_signed_url(one_call), v->url_out);
            expect_headers(one_call, v->n_headers, v->headers);
            /* The resource path and query signed: the flat token over the
             * expected parts is the token the request carries. */
            const char *token = signed_header(one_call, "x-pay-token");
            st = paysign_x_pay_token(v->shared_secret, v->resource_path, v->query_string, body,
                                     len, v->timestamp, out1, BIG, &n);
            if (expect_ok(st, "paysign_x_pay_token over the expected parts") && token)
                CHECK(strcmp(out1, token) == 0, "resource_path/query_string signed differ");
        }
        st = paysign_x_pay_signer_new(v->api_key, v->shared_secret, (int32_t)v->full_path, &signer);
        if (expect_ok(st, "paysign_x_pay_signer_new")) {
            CHECK(strcmp(paysign_x_pay_signer_api_key(signer), v->api_key) == 0, "api_key");
            CHECK(paysign_x_pay_signer_full_path(signer) == (v->full_path ? 1 : 0), "full_path");
            st = paysign_x_pay_signer_sign(signer, v->method, v->url, body, len, v->timestamp, 0,
                                           NULL, &by_signer);
            if (expect_ok(st, "paysign_x_pay_signer_sign")) {
                CHECK(strcmp(paysign_signed_url(by_signer), v->url_out) == 0, "signer url %s",
                      paysign_signed_url(by_signer));
                expect_headers(by_signer, v->n_headers, v->headers);
            }
        }
        paysign_signed_free(one_call);
        paysign_signed_free(by_signer);
        paysign_x_pay_signer_free(signer);
        free(body);
        end();
    }
}

static void test_cs_sign(void) {
    for (size_t i = 0; i < CS_SIGN_COUNT; i++) {
        const cs_sign_t *v = &CS_SIGN[i];
        begin(v->name);
        size_t len, n = 0;
        uint8_t *body = make_body(v->body, v->body_len, v->body_repeat, &len);
        paysign_signed *signed_result = NULL;
        paysign_status st = paysign_cybersource_signature(v->key_id, v->shared_secret, v->merchant_id,
                                                          v->host, v->method, v->request_target,
                                                          body, len, v->date, &signed_result);
        if (expect_ok(st, "paysign_cybersource_signature")) {
            CHECK(paysign_signed_url(signed_result) == NULL, "a URL although none was given");
            expect_headers(signed_result, v->n_headers, v->headers);
            const char *digest = header_value(v->n_headers, v->headers, "Digest");
            if (digest) {
                st = paysign_digest(body, len, out2, BIG, &n);
                if (expect_ok(st, "paysign_digest"))
                    CHECK(strcmp(out2, digest) == 0, "digest %s, want %s", out2, digest);
            }
            /* What was signed verifies (any time: the widest window). */
            header_arrays_t h = arrays_of(signed_result);
            st = paysign_verify_cybersource_signature(v->shared_secret, h.names, h.values, h.count,
                                                      v->method, v->request_target, body, len,
                                                      PAYSIGN_NOW, INT64_MAX);
            expect_ok(st, "paysign_verify_cybersource_signature of the headers just made");
        }
        paysign_signed_free(signed_result);
        free(body);
        end();
    }
}

static void test_cs_request(void) {
    for (size_t i = 0; i < CS_REQUEST_COUNT; i++) {
        const cs_request_t *v = &CS_REQUEST[i];
        begin(v->name);
        size_t len, n = 0;
        uint8_t *body = make_body(v->body, v->body_len, v->body_repeat, &len);
        paysign_signed *one_call = NULL, *by_signer = NULL, *with_date = NULL, *flat = NULL;
        paysign_cybersource_signer *signer = NULL;
        paysign_status st = paysign_cybersource_sign_request(v->merchant_id, v->key_id,
                                                             v->shared_secret, v->method, v->url,
                                                             body, len, v->time, &one_call);
        if (expect_ok(st, "paysign_cybersource_sign_request")) {
            CHECK(strcmp(paysign_signed_url(one_call), v->url_out) == 0, "url %s, want %s",
                  paysign_signed_url(one_call), v->url_out);
            expect_headers(one_call, v->n_headers, v->headers);
            st = paysign_imf_fixdate(v->time, out1, BIG, &n);
            if (expect_ok(st, "paysign_imf_fixdate"))
                CHECK(strcmp(out1, v->date) == 0, "date %s, want %s", out1, v->date);
            /* Host and request target: the flat signer over the expected
             * ones gives the same headers. */
            st = paysign_cybersource_signature(v->key_id, v->shared_secret, v->merchant_id, v->host,
                                               v->method, v->request_target, body, len, v->date,
                                               &flat);
            if (expect_ok(st, "paysign_cybersource_signature over the expected host and target"))
                expect_headers(flat, v->n_headers, v->headers);
        }
        st = paysign_cybersource_signer_new(v->merchant_id, v->key_id, v->shared_secret, &signer);
        if (expect_ok(st, "paysign_cybersource_signer_new")) {
            CHECK(strcmp(paysign_cybersource_signer_merchant_id(signer), v->merchant_id) == 0 &&
                      strcmp(paysign_cybersource_signer_key_id(signer), v->key_id) == 0,
                  "signer accessors");
            st = paysign_cybersource_signer_sign(signer, v->method, v->url, body, len, v->time, 0,
                                                 NULL, &by_signer);
            if (expect_ok(st, "paysign_cybersource_signer_sign")) {
                CHECK(strcmp(paysign_signed_url(by_signer), v->url_out) == 0, "signer url");
                expect_headers(by_signer, v->n_headers, v->headers);
            }
            st = paysign_cybersource_signer_sign(signer, v->method, v->url, body, len, PAYSIGN_NOW,
                                                 0, v->date, &with_date);
            if (expect_ok(st, "paysign_cybersource_signer_sign with the date as text"))
                expect_headers(with_date, v->n_headers, v->headers);
        }
        paysign_signed_free(one_call);
        paysign_signed_free(by_signer);
        paysign_signed_free(with_date);
        paysign_signed_free(flat);
        paysign_cybersource_signer_free(signer);
        free(body);
        end();
    }
}

static void test_ps_sign(void) {
    for (size_t i = 0; i < PS_SIGN_COUNT; i++) {
        const ps_sign_t *v = &PS_SIGN[i];
        begin(v->name);
        size_t n = 0;
        paysign_status st = paysign_paysimple_header(v->username, v->api_key, v->timestamp, out1,
                                                     BIG, &n);
        if (expect_ok(st, "paysign_paysimple_header")) {
            CHECK(strcmp(out1, v->header) == 0, "header %s, want %s", out1, v->header);
            CHECK(n == strlen(v->header), "out_len %zu", n);
            const char *sig = strstr(out1, "; signature=");
            CHECK(sig && strcmp(sig + strlen("; signature="), v->signature) == 0,
                  "signature in %s, want %s", out1, v->signature);
            st = paysign_verify_paysimple_header(out1, v->api_key, PAYSIGN_NOW, INT64_MAX);
            expect_ok(st, "paysign_verify_paysimple_header of the header just made");
        }
        end();
    }
}

static void test_ps_request(void) {
    for (size_t i = 0; i < PS_REQUEST_COUNT; i++) {
        const ps_request_t *v = &PS_REQUEST[i];
        begin(v->name);
        size_t n = 0;
        paysign_signed *one_call = NULL, *by_signer = NULL, *with_timestamp = NULL;
        paysign_paysimple_signer *signer = NULL;
        paysign_status st = paysign_paysimple_sign_request(v->username, v->api_key, v->method,
                                                           v->url, NULL, 0, v->time,
                                                           (uint32_t)v->nanos, &one_call);
        if (expect_ok(st, "paysign_paysimple_sign_request")) {
            const char *url = paysign_signed_url(one_call);
            CHECK(url && url[0] && strncmp(url, v->url, strlen(url)) == 0, "url %s from %s",
                  url ? url : "(null)", v->url);
            expect_headers(one_call, v->n_headers, v->headers);
            const char *auth = header_value(v->n_headers, v->headers, "Authorization");
            st = paysign_paysimple_header(v->username, v->api_key, v->timestamp, out1, BIG, &n);
            if (expect_ok(st, "paysign_paysimple_header at the expected timestamp") && auth)
                CHECK(strcmp(out1, auth) == 0, "timestamp signed differs: %s", out1);
        }
        st = paysign_paysimple_signer_new(v->username, v->api_key, &signer);
        if (expect_ok(st, "paysign_paysimple_signer_new")) {
            CHECK(strcmp(paysign_paysimple_signer_username(signer), v->username) == 0, "username");
            st = paysign_paysimple_signer_sign(signer, v->method, v->url, NULL, 0, v->time,
                                               (uint32_t)v->nanos, NULL, &by_signer);
            if (expect_ok(st, "paysign_paysimple_signer_sign"))
                expect_headers(by_signer, v->n_headers, v->headers);
            st = paysign_paysimple_signer_sign(signer, v->method, v->url, NULL, 0, PAYSIGN_NOW, 0,
                                               v->timestamp, &with_timestamp);
            if (expect_ok(st, "paysign_paysimple_signer_sign with the timestamp as text"))
                expect_headers(with_timestamp, v->n_headers, v->headers);
        }
        paysign_signed_free(one_call);
        paysign_signed_free(by_signer);
        paysign_signed_free(with_timestamp);
        paysign_paysimple_signer_free(signer);
        end();
    }
}

static void test_hmac(void) {
    for (size_t i = 0; i < HMAC_COUNT; i++) {
        const hmac_t *v = &HMAC[i];
        begin(v->name);
        uint8_t mac[PAYSIGN_HMAC_SHA256_LEN];
        size_t n = 0;
        paysign_status st = paysign_hmac_sha256(v->key, v->key_len, v->data, v->data_len, mac,
                                                sizeof mac, &n);
        if (expect_ok(st, "paysign_hmac_sha256")) {
            char hex[2 * PAYSIGN_HMAC_SHA256_LEN + 1];
            for (size_t j = 0; j < sizeof mac; j++)
                snprintf(hex + 2 * j, 3, "%02x", mac[j]);
            hex[v->truncate_bits / 4] = '\0';
            CHECK(n == PAYSIGN_HMAC_SHA256_LEN, "out_len %zu", n);
            CHECK(strcmp(hex, v->mac_hex) == 0, "mac %s, want %s", hex, v->mac_hex);
        }
        end();
    }
}

static void expect_outcome(paysign_status st, const char *expected) {
    if (strcmp(expected, "valid") == 0)
        expect_ok(st, "verify");
    else
        expect_fail(st, PAYSIGN_VERIFICATION_FAILED, NULL, expected, "verify");
}

static void test_verify(void) {
    for (size_t i = 0; i < VERIFY_XPAY_COUNT; i++) {
        const verify_xpay_t *v = &VERIFY_XPAY[i];
        begin(v->name);
        size_t len;
        uint8_t *body = make_body(v->body, v->body_len, v->body_repeat, &len);
        expect_outcome(paysign_verify_x_pay_token(v->shared_secret, v->token, v->resource_path,
                                                  v->query_string, body, len, v->now, v->max_skew),
                       v->expected);
        free(body);
        end();
    }
    for (size_t i = 0; i < VERIFY_CS_COUNT; i++) {
        const verify_cs_t *v = &VERIFY_CS[i];
        begin(v->name);
        size_t len;
        uint8_t *body = make_body(v->body, v->body_len, v->body_repeat, &len);
        header_arrays_t h = arrays_from(v->n_headers, v->headers);
        expect_outcome(paysign_verify_cybersource_signature(v->shared_secret, h.names, h.values,
                                                            h.count, v->method, v->request_target,
                                                            body, len, v->now, v->max_skew),
                       v->expected);
        free(body);
        end();
    }
    for (size_t i = 0; i < VERIFY_PS_COUNT; i++) {
        const verify_ps_t *v = &VERIFY_PS[i];
        begin(v->name);
        expect_outcome(paysign_verify_paysimple_header(v->header, v->api_key, v->now, v->max_skew),
                       v->expected);
        end();
    }
}

static void test_invalid(void) {
    size_t n = 0;
    for (size_t i = 0; i < INVALID_XPAY_COUNT; i++) {
        const invalid_xpay_t *v = &INVALID_XPAY[i];
        if (v->nul) {
            skip(v->name);
            continue;
        }
        begin(v->name);
        size_t len;
        uint8_t *body = make_body(v->body, v->body_len, v->body_repeat, &len);
        expect_fail(paysign_x_pay_token(v->shared_secret, v->resource_path, v->query_string, body,
                                        len, v->timestamp, out1, BIG, &n),
                    PAYSIGN_INVALID_ARGUMENT, v->field, NULL, "paysign_x_pay_token");
        expect_secret_hidden(v->shared_secret);
        free(body);
        end();
    }
    for (size_t i = 0; i < INVALID_CS_COUNT; i++) {
        const invalid_cs_t *v = &INVALID_CS[i];
        if (v->nul) {
            skip(v->name);
            continue;
        }
        begin(v->name);
        size_t len;
        uint8_t *body = make_body(v->body, v->body_len, v->body_repeat, &len);
        paysign_signed *signed_result = (paysign_signed *)&n; /* must come back NULL */
        expect_fail(paysign_cybersource_signature(v->key_id, v->shared_secret, v->merchant_id,
                                                  v->host, v->method, v->request_target, body, len,
                                                  v->date, &signed_result),
                    PAYSIGN_INVALID_ARGUMENT, v->field, NULL, "paysign_cybersource_signature");
        CHECK(signed_result == NULL, "*signed_out is not NULL after a failure");
        expect_secret_hidden(v->shared_secret);
        /* The request-level signer refuses the same inputs, naming the same
         * field, where it takes them (it derives host and target from a URL). */
        if (strcmp(v->field, "host") != 0 && strcmp(v->field, "request_target") != 0) {
            paysign_cybersource_signer *signer = NULL;
            paysign_status st = paysign_cybersource_signer_new(v->merchant_id, v->key_id,
                                                               v->shared_secret, &signer);
            if (st == PAYSIGN_OK) {
                st = paysign_cybersource_signer_sign(
                    signer, v->method, "https://apitest.cybersource.com/pts/v2/payments", body, len,
                    PAYSIGN_NOW, 0, v->date, &signed_result);
                paysign_signed_free(signed_result);
            }
            /* The signer takes the date as its time argument. */
            const char *field = strcmp(v->field, "date") == 0 ? "time_text" : v->field;
            expect_fail(st, PAYSIGN_INVALID_ARGUMENT, field, NULL, "the CyberSource signer");
            expect_secret_hidden(v->shared_secret);
            paysign_cybersource_signer_free(signer);
        }
        free(body);
        end();
    }
    for (size_t i = 0; i < INVALID_PS_COUNT; i++) {
        const invalid_ps_t *v = &INVALID_PS[i];
        if (v->nul) {
            skip(v->name);
            continue;
        }
        begin(v->name);
        expect_fail(paysign_paysimple_header(v->username, v->api_key, v->timestamp, out1, BIG, &n),
                    PAYSIGN_INVALID_ARGUMENT, v->field, NULL, "paysign_paysimple_header");
        expect_secret_hidden(v->api_key);
        paysign_paysimple_signer *signer = NULL;
        paysign_signed *signed_result = NULL;
        paysign_status st = paysign_paysimple_signer_new(v->username, v->api_key, &signer);
        if (st == PAYSIGN_OK) {
            st = paysign_paysimple_signer_sign(
                signer, "GET", "https://sandbox-api.paysimple.com/v4/customer", NULL, 0,
                PAYSIGN_NOW, 0, v->timestamp, &signed_result);
            paysign_signed_free(signed_result);
        }
        expect_fail(st, PAYSIGN_INVALID_ARGUMENT,
                    strcmp(v->field, "timestamp") == 0 ? "time_text" : v->field, NULL,
                    "the PaySimple signer");
        expect_secret_hidden(v->api_key);
        paysign_paysimple_signer_free(signer);
        end();
    }
}

/* ------------------------------------------------------------------------ */
/* Bad inputs: every pointer NULL, every text invalid UTF-8.                 */

#define CS_SECRET "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE="
#define CS_DATE "Thu, 18 Jul 2019 00:18:03 GMT"
static size_t scratch_len;

typedef paysign_status (*text_fn)(const char **a);

static paysign_status a_x_pay_token(const char **a) {
    return paysign_x_pay_token(a[0], a[1], a[2], NULL, 0, 0, out1, BIG, &scratch_len);
}
static paysign_status a_cybersource_signature(const char **a) {
    paysign_signed *r = NULL;
    paysign_status st =
        paysign_cybersource_signature(a[0], a[1], a[2], a[3], a[4], a[5], NULL, 0, a[6], &r);
    paysign_signed_free(r);
    return st;
}
static paysign_status a_paysimple_header(const char **a) {
    return paysign_paysimple_header(a[0], a[1], a[2], out1, BIG, &scratch_len);
}
static paysign_status a_verify_x_pay_token(const char **a) {
    return paysign_verify_x_pay_token(a[0], a[1], a[2], a[3], NULL, 0, PAYSIGN_NOW,
                                      PAYSIGN_DEFAULT_MAX_SKEW);
}
static paysign_status a_verify_cybersource_signature(const char **a) {
    const char *names[] = {a[1], "Date"}, *values[] = {a[2], "x"};
    return paysign_verify_cybersource_signature(a[0], names, values, 2, a[3], a[4], NULL, 0,
                                                PAYSIGN_NOW, PAYSIGN_DEFAULT_MAX_SKEW);
}
static paysign_status a_verify_paysimple_header(const char **a) {
    return paysign_verify_paysimple_header(a[0], a[1], PAYSIGN_NOW, PAYSIGN_DEFAULT_MAX_SKEW);
}
static paysign_status a_x_pay_sign_request(const char **a) {
    paysign_signed *r = NULL;
    paysign_status st =
        paysign_x_pay_sign_request(a[0], a[1], a[2], a[3], NULL, 0, 1455716783, 0, &r);
    paysign_signed_free(r);
    return st;
}
static paysign_status a_cybersource_sign_request(const char **a) {
    paysign_signed *r = NULL;
    paysign_status st =
        paysign_cybersource_sign_request(a[0], a[1], a[2], a[3], a[4], NULL, 0, 1563409083, &r);
    paysign_signed_free(r);
    return st;
}
static paysign_status a_paysimple_sign_request(const char **a) {
    paysign_signed *r = NULL;
    paysign_status st = paysign_paysimple_sign_request(a[0], a[1], a[2], a[3], NULL, 0, 1500583544,
                                                       97392800, &r);
    paysign_signed_free(r);
    return st;
}
static paysign_status a_x_pay_signer(const char **a) {
    paysign_x_pay_signer *signer = NULL;
    paysign_signed *r = NULL;
    paysign_status st = paysign_x_pay_signer_new(a[0], a[1], 0, &signer);
    if (st == PAYSIGN_OK)
        st = paysign_x_pay_signer_sign(signer, a[2], a[3], NULL, 0, 1455716783, 0, NULL, &r);
    paysign_x_pay_signer_free(signer);
    paysign_signed_free(r);
    return st;
}
static paysign_status a_cybersource_signer(const char **a) {
    paysign_cybersource_signer *signer = NULL;
    paysign_signed *r = NULL;
    paysign_status st = paysign_cybersource_signer_new(a[0], a[1], a[2], &signer);
    if (st == PAYSIGN_OK)
        st = paysign_cybersource_signer_sign(signer, a[3], a[4], NULL, 0, PAYSIGN_NOW, 0, a[5], &r);
    paysign_cybersource_signer_free(signer);
    paysign_signed_free(r);
    return st;
}
static paysign_status a_paysimple_signer(const char **a) {
    paysign_paysimple_signer *signer = NULL;
    paysign_signed *r = NULL;
    paysign_status st = paysign_paysimple_signer_new(a[0], a[1], &signer);
    if (st == PAYSIGN_OK)
        st = paysign_paysimple_signer_sign(signer, a[2], a[3], NULL, 0, PAYSIGN_NOW, 0, a[4], &r);
    paysign_paysimple_signer_free(signer);
    paysign_signed_free(r);
    return st;
}

static paysign_status a_explain_x_pay_token(const char **a) {
    paysign_explanation *e = NULL;
    paysign_status st = paysign_explain_x_pay_token(a[0], a[1], a[2], a[3], NULL, 0, 0, PAYSIGN_NOW,
                                                    0, a[4], &e);
    paysign_explanation_free(e);
    return st;
}
static paysign_status a_explain_cybersource_signature(const char **a) {
    paysign_explanation *e = NULL;
    paysign_status st = paysign_explain_cybersource_signature(a[0], a[1], a[2], a[3], a[4], NULL, 0,
                                                              PAYSIGN_NOW, 0, a[5], &e);
    paysign_explanation_free(e);
    return st;
}
static paysign_status a_explain_paysimple_header(const char **a) {
    paysign_explanation *e = NULL;
    paysign_status st = paysign_explain_paysimple_header(a[0], a[1], PAYSIGN_NOW, 0, a[2], &e);
    paysign_explanation_free(e);
    return st;
}
static paysign_status a_diagnose_x_pay_token(const char **a) {
    paysign_diagnosis *d = NULL;
    paysign_status st = paysign_diagnose_x_pay_token(a[0], a[1], a[2], a[3], a[4], NULL, 0, 0,
                                                     PAYSIGN_NOW, 0, a[5], &d);
    paysign_diagnosis_free(d);
    return st;
}
static paysign_status a_diagnose_cybersource_signature(const char **a) {
    paysign_diagnosis *d = NULL;
    const char *names[] = {a[0], "Date"}, *values[] = {a[1], CS_DATE};
    paysign_status st = paysign_diagnose_cybersource_signature(
        names, values, 2, a[2], a[3], a[4], a[5], a[6], NULL, 0, PAYSIGN_NOW, 0, a[7], &d);
    paysign_diagnosis_free(d);
    return st;
}
static paysign_status a_diagnose_paysimple_header(const char **a) {
    paysign_diagnosis *d = NULL;
    paysign_status st = paysign_diagnose_paysimple_header(a[0], a[1], a[2], a[3], &d);
    paysign_diagnosis_free(d);
    return st;
}
static paysign_status a_explain_cybersource_webhook(const char **a) {
    paysign_explanation *e = NULL;
    paysign_status st = paysign_explain_cybersource_webhook(a[0], a[1], NULL, 0, PAYSIGN_NOW, 0, a[2], &e);
    paysign_explanation_free(e);
    return st;
}
static paysign_status a_diagnose_cybersource_webhook(const char **a) {
    paysign_diagnosis *d = NULL;
    paysign_status st =
        paysign_diagnose_cybersource_webhook(&a[0], &a[1], 1, a[2], a[3], NULL, 0, PAYSIGN_NOW, 0, a[4], &d);
    paysign_diagnosis_free(d);
    return st;
}
/* A verifier over one key, then one request: a[0] id, a[1] secret, a[2]
 * method, a[3] url, a[4] header name, a[5] header value. */
static paysign_status verify_with(paysign_status made, paysign_verifier *v, const char **a) {
    paysign_verified *ok = NULL; /* `made` is the status of making `v` (both set by the caller first) */
    if (made == PAYSIGN_OK)
        made = paysign_verifier_verify(v, a[2], a[3], &a[4], &a[5], 1, NULL, 0, PAYSIGN_NOW, &ok);
    paysign_verified_free(ok);
    paysign_verifier_free(v);
    return made;
}
static paysign_status a_x_pay_verifier(const char **a) {
    paysign_verifier *v = NULL;
    paysign_status made = paysign_x_pay_verifier_new(&a[0], &a[1], 1, 0, PAYSIGN_DEFAULT_MAX_SKEW, 1, &v);
    return verify_with(made, v, a);
}
static paysign_status a_cybersource_verifier(const char **a) {
    paysign_verifier *v = NULL;
    paysign_status made =
        paysign_cybersource_verifier_new(&a[0], &a[1], 1, PAYSIGN_DEFAULT_MAX_SKEW, 1, &v);
    return verify_with(made, v, a);
}
static paysign_status a_paysimple_verifier(const char **a) {
    paysign_verifier *v = NULL;
    paysign_status made =
        paysign_paysimple_verifier_new(&a[0], &a[1], 1, PAYSIGN_DEFAULT_MAX_SKEW, 1, &v);
    return verify_with(made, v, a);
}
static paysign_status a_webhook_verifier(const char **a) {
    paysign_webhook_verifier *v = NULL;
    paysign_verified *ok = NULL;
    paysign_status st =
        paysign_cybersource_webhook_verifier_new(&a[0], &a[1], 1, PAYSIGN_DEFAULT_MAX_SKEW, 1, &v);
    if (st == PAYSIGN_OK)
        st = paysign_webhook_verifier_verify(v, &a[2], &a[3], 1, NULL, 0, PAYSIGN_NOW, &ok);
    paysign_verified_free(ok);
    paysign_webhook_verifier_free(v);
    return st;
}
static paysign_status a_webhook_signature(const char **a) {
    return paysign_cybersource_webhook_signature(a[0], a[1], NULL, 0, PAYSIGN_NOW, out1, BIG,
                                                 &scratch_len);
}

typedef struct {
    const char *function;
    text_fn call;
    int n;
    const char *names[8];
    const char *args[8];
    /* Per argument: 1 text (NULL and invalid UTF-8 refused), 2 bytes (NULL
     * refused, any bytes taken), 3 optional text (NULL means now or "not
     * given"), 4 optional bytes (NULL: not given; any bytes taken). */
    int kinds[8];
} text_case_t;

static const text_case_t TEXT_CASES[] = {
    {"paysign_x_pay_token", a_x_pay_token, 3,
     {"shared_secret", "resource_path", "query_string"},
     {"s3cr3t", "helloworld", "apikey=K"},
     {2, 1, 1}},
    {"paysign_cybersource_signature", a_cybersource_signature, 7,
     {"key_id", "shared_secret", "merchant_id", "host", "method", "request_target", "date"},
     {"k", CS_SECRET, "m", "h", "GET", "/", CS_DATE},
     {1, 1, 1, 1, 1, 1, 3}},
    {"paysign_paysimple_header", a_paysimple_header, 3,
     {"username", "api_key", "timestamp"},
     {"u", "k", "2017-07-20T20:45:44.0973928Z"},
     {1, 1, 3}},
    {"paysign_verify_x_pay_token", a_verify_x_pay_token, 4,
     {"shared_secret", "token", "resource_path", "query_string"},
     {"s", "xv2:1:00", "p", "q"},
     {2, 1, 1, 1}},
    {"paysign_verify_cybersource_signature", a_verify_cybersource_signature, 5,
     {"shared_secret", "header_names", "header_values", "method", "request_target"},
     {CS_SECRET, "Host", "h", "GET", "/"},
     {1, 1, 1, 1, 1}},
    {"paysign_verify_paysimple_header", a_verify_paysimple_header, 2,
     {"header", "api_key"},
     {"PSSERVER accessid=u; timestamp=t; signature=s", "k"},
     {1, 1}},
    {"paysign_x_pay_sign_request", a_x_pay_sign_request, 4,
     {"api_key", "shared_secret", "method", "url"},
     {"K", "s", "GET", "https://sandbox.api.visa.com/vdp/helloworld"},
     {1, 2, 1, 1}},
    {"paysign_cybersource_sign_request", a_cybersource_sign_request, 5,
     {"merchant_id", "key_id", "shared_secret", "method", "url"},
     {"m", "k", CS_SECRET, "GET", "https://apitest.cybersource.com/reporting/v3/reports"},
     {1, 1, 1, 1, 1}},
    {"paysign_paysimple_sign_request", a_paysimple_sign_request, 4,
     {"username", "api_key", "method", "url"},
     {"u", "k", "GET", "https://sandbox-api.paysimple.com/v4/customer"},
     {1, 1, 1, 1}},
    {"paysign_explain_x_pay_token", a_explain_x_pay_token, 5,
     {"api_key", "shared_secret", "method", "url", "time_text"},
     {"K", "s", "GET", "https://sandbox.api.visa.com/vdp/helloworld", "1455716783"},
     {1, 4, 1, 1, 3}},
    {"paysign_explain_cybersource_signature", a_explain_cybersource_signature, 6,
     {"merchant_id", "key_id", "shared_secret", "method", "url", "time_text"},
     {"m", "k", CS_SECRET, "POST", "https://apitest.cybersource.com/pts/v2/payments", CS_DATE},
     {1, 1, 3, 1, 1, 3}},
    {"paysign_explain_paysimple_header", a_explain_paysimple_header, 3,
     {"username", "api_key", "time_text"},
     {"u", "k", "2017-07-20T20:45:44.0973928Z"},
     {1, 3, 3}},
    {"paysign_diagnose_x_pay_token", a_diagnose_x_pay_token, 6,
     {"token", "api_key", "shared_secret", "method", "url", "time_text"},
     {"xv2:1:00", "K", "s", "GET", "https://sandbox.api.visa.com/vdp/helloworld", "1455716783"},
     {1, 1, 2, 1, 1, 3}},
    {"paysign_diagnose_cybersource_signature", a_diagnose_cybersource_signature, 8,
     {"header_names", "header_values", "merchant_id", "key_id", "shared_secret", "method", "url",
      "time_text"},
     {"Signature",
      "keyid=\"k\", algorithm=\"HmacSHA256\", headers=\"host date request-target v-c-merchant-id\", "
      "signature=\"x\"",
      "m", "k", CS_SECRET, "GET", "https://h/p", "1563409083"},
     {1, 1, 1, 1, 1, 1, 1, 3}},
    {"paysign_diagnose_paysimple_header", a_diagnose_paysimple_header, 4,
     {"authorization", "username", "api_key", "signed_timestamp"},
     {"PSSERVER accessid=u; timestamp=t; signature=s", "u", "k", "2017-07-20T20:45:44.0973928Z"},
     {1, 1, 1, 3}},
    {"paysign_explain_cybersource_webhook", a_explain_cybersource_webhook, 3,
     {"key_id", "key", "time_text"},
     {"k", CS_SECRET, "1700000000123"},
     {1, 3, 3}},
    {"paysign_diagnose_cybersource_webhook", a_diagnose_cybersource_webhook, 5,
     {"header_names", "header_values", "key_id", "key", "time_text"},
     {"v-c-signature", "t=1700000000123;keyId=k;sig=x", "k", CS_SECRET, "1700000000123"},
     {1, 1, 1, 1, 3}},
    {"paysign_x_pay_verifier", a_x_pay_verifier, 6,
     {"key_ids", "secrets", "method", "url", "header_names", "header_values"},
     {"K", "s", "GET", "https://sandbox.api.visa.com/vdp/helloworld?apikey=K", "x-pay-token", "x"},
     {1, 2, 1, 1, 1, 1}},
    {"paysign_cybersource_verifier", a_cybersource_verifier, 6,
     {"key_ids", "secrets", "method", "url", "header_names", "header_values"},
     {"k", CS_SECRET, "GET", "/p", "Host", "h"},
     {1, 2, 1, 1, 1, 1}},
    {"paysign_paysimple_verifier", a_paysimple_verifier, 6,
     {"key_ids", "secrets", "method", "url", "header_names", "header_values"},
     {"u", "k", "GET", "/p", "Authorization", "PSSERVER x"},
     {1, 2, 1, 1, 1, 1}},
    {"paysign_cybersource_webhook_verifier", a_webhook_verifier, 4,
     {"key_ids", "secrets", "header_names", "header_values"},
     {"k", CS_SECRET, "v-c-signature", "t=1;keyId=k;sig=x"},
     {1, 2, 1, 1}},
    {"paysign_cybersource_webhook_signature", a_webhook_signature, 2,
     {"key_id", "key"},
     {"k", CS_SECRET},
     {1, 1}},
    {"paysign_x_pay_signer", a_x_pay_signer, 4,
     {"api_key", "shared_secret", "method", "url"},
     {"K", "s", "GET", "https://sandbox.api.visa.com/vdp/helloworld"},
     {1, 2, 1, 1}},
    {"paysign_cybersource_signer", a_cybersource_signer, 6,
     {"merchant_id", "key_id", "shared_secret", "method", "url", "time_text"},
     {"m", "k", CS_SECRET, "GET", "https://apitest.cybersource.com/reporting/v3/reports", CS_DATE},
     {1, 1, 1, 1, 1, 3}},
    {"paysign_paysimple_signer", a_paysimple_signer, 5,
     {"username", "api_key", "method", "url", "time_text"},
     {"u", "k", "GET", "https://sandbox-api.paysimple.com/v4/customer",
      "2017-07-20T20:45:44.0973928Z"},
     {1, 1, 1, 1, 3}},
};

static void test_text_arguments(void) {
    char name[256];
    for (size_t c = 0; c < sizeof TEXT_CASES / sizeof TEXT_CASES[0]; c++) {
        const text_case_t *t = &TEXT_CASES[c];
        const char *a[8];
        for (int i = 0; i < t->n; i++) {
            memcpy(a, t->args, sizeof a);
            a[i] = NULL;
            snprintf(name, sizeof name, "%s_%s_null", t->function, t->names[i]);
            begin(name);
            paysign_status st = t->call(a);
            if (t->kinds[i] == 3 || t->kinds[i] == 4)
                /* Optional: NULL means the current time, or not given. */
                CHECK(st == PAYSIGN_OK, "NULL %s (now): %s", t->names[i], status_name(st));
            else
                expect_fail(st, PAYSIGN_NULL_ARGUMENT, t->names[i], NULL, "NULL");
            end();

            memcpy(a, t->args, sizeof a);
            a[i] = "ab\xff\xfe";
            snprintf(name, sizeof name, "%s_%s_invalid_utf8", t->function, t->names[i]);
            begin(name);
            st = t->call(a);
            if (t->kinds[i] == 2 || t->kinds[i] == 4)
                /* Bytes: taken as they are. */
                CHECK(st != PAYSIGN_INVALID_UTF8 && st != PAYSIGN_NULL_ARGUMENT,
                      "bytes %s refused: %s", t->names[i], status_name(st));
            else
                expect_fail(st, PAYSIGN_INVALID_UTF8, t->names[i], NULL, "invalid UTF-8");
            end();
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Bad inputs: output buffers.                                               */

typedef paysign_status (*out_fn)(char *out, size_t cap, size_t *len);

static paysign_status o_x_pay_token(char *o, size_t c, size_t *l) {
    return paysign_x_pay_token("s", "helloworld", "apikey=K", NULL, 0, 1455716783, o, c, l);
}
static paysign_status o_paysimple_header(char *o, size_t c, size_t *l) {
    return paysign_paysimple_header("u", "k", "2017-07-20T20:45:44.0973928Z", o, c, l);
}
static paysign_status o_digest(char *o, size_t c, size_t *l) {
    return paysign_digest(NULL, 0, o, c, l);
}
static paysign_status o_imf_fixdate(char *o, size_t c, size_t *l) {
    return paysign_imf_fixdate(1563409083, o, c, l);
}
static paysign_status o_hmac(char *o, size_t c, size_t *l) {
    return paysign_hmac_sha256((const uint8_t *)"k", 1, NULL, 0, (uint8_t *)o, c, l);
}
static void make_failure(void) {
    size_t n;
    (void)paysign_x_pay_token("s", "p\n", "q", NULL, 0, 0, out2, BIG, &n);
}
static paysign_status o_last_error(char *o, size_t c, size_t *l) {
    return paysign_last_error(o, c, l);
}
static paysign_status o_last_field(char *o, size_t c, size_t *l) {
    return paysign_last_field(o, c, l);
}
static paysign_status o_last_reason(char *o, size_t c, size_t *l) {
    (void)paysign_verify_x_pay_token("s", "garbage", "p", "q", NULL, 0, 0, 0);
    return paysign_last_reason(o, c, l);
}

typedef struct {
    const char *function;
    out_fn call;
    int text;   /* NUL-terminated text (else raw bytes) */
    int getter; /* a paysign_last_* function: records no failure of its own */
} out_case_t;

static const out_case_t OUT_CASES[] = {
    {"paysign_x_pay_token", o_x_pay_token, 1, 0},
    {"paysign_paysimple_header", o_paysimple_header, 1, 0},
    {"paysign_digest", o_digest, 1, 0},
    {"paysign_imf_fixdate", o_imf_fixdate, 1, 0},
    {"paysign_hmac_sha256", o_hmac, 0, 0},
    {"paysign_last_error", o_last_error, 1, 1},
    {"paysign_last_field", o_last_field, 1, 1},
    {"paysign_last_reason", o_last_reason, 1, 1},
};

static void test_out_buffers(void) {
    char name[256];
    static char buf[4096];
    for (size_t c = 0; c < sizeof OUT_CASES / sizeof OUT_CASES[0]; c++) {
        const out_case_t *t = &OUT_CASES[c];
        const char *out_name = t->getter ? "buf" : "out";
        const char *len_name = t->getter ? "len" : "out_len";
        size_t need = 0, len = 0;
        if (t->getter)
            make_failure();

        snprintf(name, sizeof name, "%s_size_query", t->function);
        begin(name);
        paysign_status st = t->call(NULL, 0, &need);
        if (st != PAYSIGN_BUFFER_TOO_SMALL || need == 0)
            fail("NULL/0: %s, out_len %zu", status_name(st), need);
        else if (!t->getter)
            expect_fail(st, PAYSIGN_BUFFER_TOO_SMALL, out_name, NULL, "size query");
        end();
        if (need == 0 || need + 2 > sizeof buf)
            continue;
        size_t room = t->text ? need + 1 : need;

        snprintf(name, sizeof name, "%s_one_byte_short", t->function);
        begin(name);
        memset(buf, 'x', sizeof buf);
        len = 0;
        st = t->call(buf, room - 1, &len);
        if (st != PAYSIGN_BUFFER_TOO_SMALL)
            fail("cap %zu: %s", room - 1, status_name(st));
        CHECK(len == need, "out_len %zu, want %zu", len, need);
        if (room - 1 > 0)
            CHECK(buf[0] == '\0', "a too small buffer is not left empty");
        CHECK(buf[room - 1] == 'x', "wrote past out_cap");
        end();

        snprintf(name, sizeof name, "%s_exact_fit", t->function);
        begin(name);
        memset(buf, 'x', sizeof buf);
        len = 0;
        st = t->call(buf, room, &len);
        if (expect_ok(st, "exact fit")) {
            CHECK(len == need, "out_len %zu, want %zu", len, need);
            if (t->text)
                CHECK(strlen(buf) == need, "strlen %zu, want %zu", strlen(buf), need);
            CHECK(buf[room] == 'x', "wrote past out_cap");
        }
        end();

        snprintf(name, sizeof name, "%s_out_null_with_cap", t->function);
        begin(name);
        st = t->call(NULL, 10, &len);
        if (t->getter)
            CHECK(st == PAYSIGN_NULL_ARGUMENT, "got %s", status_name(st));
        else
            expect_fail(st, PAYSIGN_NULL_ARGUMENT, out_name, NULL, "out NULL");
        end();

        snprintf(name, sizeof name, "%s_out_len_null", t->function);
        begin(name);
        st = t->call(buf, sizeof buf, NULL);
        if (t->getter)
            CHECK(st == PAYSIGN_NULL_ARGUMENT, "got %s", status_name(st));
        else
            expect_fail(st, PAYSIGN_NULL_ARGUMENT, len_name, NULL, "out_len NULL");
        end();
    }
}

/* Opaque results: the out pointer, NULL accessors, indexes, freeing NULL. */
static void test_opaque_results(void) {
    paysign_signed *signed_result = NULL;
    paysign_status st;
    const char *u = "https://sandbox.api.visa.com/vdp/helloworld?b=2&a=1#frag";

    begin("signed_out_null");
    expect_fail(paysign_x_pay_sign_request("K", "s", "GET", u, NULL, 0, 1455716783, 0, NULL),
                PAYSIGN_NULL_ARGUMENT, "signed_out", NULL, "x_pay_sign_request");
    expect_fail(paysign_cybersource_signature("k", CS_SECRET, "m", "h", "GET", "/", NULL, 0, CS_DATE,
                                              NULL),
                PAYSIGN_NULL_ARGUMENT, "signed_out", NULL, "cybersource_signature");
    {
        paysign_x_pay_signer *signer = NULL;
        if (expect_ok(paysign_x_pay_signer_new("K", "s", 0, &signer), "signer"))
            expect_fail(paysign_x_pay_signer_sign(signer, "GET", u, NULL, 0, 0, 0, NULL, NULL),
                        PAYSIGN_NULL_ARGUMENT, "signed_out", NULL, "x_pay_signer_sign");
        paysign_x_pay_signer_free(signer);
    }
    expect_fail(paysign_x_pay_signer_new("K", "s", 0, NULL), PAYSIGN_NULL_ARGUMENT, "signer_out",
                NULL, "x_pay_signer_new");
    expect_fail(paysign_cybersource_signer_new("m", "k", CS_SECRET, NULL), PAYSIGN_NULL_ARGUMENT,
                "signer_out", NULL, "cybersource_signer_new");
    expect_fail(paysign_paysimple_signer_new("u", "k", NULL), PAYSIGN_NULL_ARGUMENT, "signer_out",
                NULL, "paysimple_signer_new");
    end();

    begin("signed_out_null_after_failure");
    {
        paysign_x_pay_signer *signer = (paysign_x_pay_signer *)&st;
        signed_result = (paysign_signed *)&st; /* anything but NULL */
        expect_fail(paysign_x_pay_sign_request("K", "s", "GET", "not a url", NULL, 0, 0, 0,
                                               &signed_result),
                    PAYSIGN_INVALID_ARGUMENT, "url", NULL, "bad url");
        CHECK(signed_result == NULL, "*signed_out not NULL after a failure");
        expect_fail(paysign_x_pay_signer_new("", "s", 0, &signer), PAYSIGN_INVALID_ARGUMENT,
                    "api_key", NULL, "empty api_key");
        CHECK(signer == NULL, "*signer_out not NULL after a failure");
    }
    end();

    begin("signer_null");
    expect_fail(paysign_x_pay_signer_sign(NULL, "GET", u, NULL, 0, 0, 0, NULL, &signed_result),
                PAYSIGN_NULL_ARGUMENT, "signer", NULL, "x_pay_signer_sign");
    expect_fail(paysign_cybersource_signer_sign(NULL, "GET", u, NULL, 0, 0, 0, NULL, &signed_result),
                PAYSIGN_NULL_ARGUMENT, "signer", NULL, "cybersource_signer_sign");
    expect_fail(paysign_paysimple_signer_sign(NULL, "GET", u, NULL, 0, 0, 0, NULL, &signed_result),
                PAYSIGN_NULL_ARGUMENT, "signer", NULL, "paysimple_signer_sign");
    CHECK(signed_result == NULL, "*signed_out not NULL after a failure");
    end();

    begin("accessors_of_null");
    CHECK(paysign_signed_url(NULL) == NULL, "url");
    CHECK(paysign_signed_header_count(NULL) == 0, "count");
    CHECK(paysign_signed_header_name(NULL, 0) == NULL, "name");
    CHECK(paysign_signed_header_value(NULL, 0) == NULL, "value");
    CHECK(paysign_x_pay_signer_api_key(NULL) == NULL, "api_key");
    CHECK(paysign_x_pay_signer_full_path(NULL) == 0, "full_path");
    CHECK(paysign_cybersource_signer_merchant_id(NULL) == NULL, "merchant_id");
    CHECK(paysign_cybersource_signer_key_id(NULL) == NULL, "key_id");
    CHECK(paysign_paysimple_signer_username(NULL) == NULL, "username");
    paysign_signed_free(NULL);
    paysign_x_pay_signer_free(NULL);
    paysign_cybersource_signer_free(NULL);
    paysign_paysimple_signer_free(NULL);
    end();

    begin("signed_in_sending_order");
    st = paysign_x_pay_sign_request("K", "s", "POST", u, (const uint8_t *)"{}", 2, 1455716783, 0,
                                    &signed_result);
    if (expect_ok(st, "sign")) {
        CHECK(strcmp(paysign_signed_url(signed_result),
                     "https://sandbox.api.visa.com/vdp/helloworld?a=1&apikey=K&b=2") == 0,
              "url %s", paysign_signed_url(signed_result));
        CHECK(paysign_signed_header_count(signed_result) == 3, "count");
        static const char *order[] = {"x-pay-token", "Accept", "Content-Type"};
        for (size_t i = 0; i < 3; i++)
            CHECK(strcmp(paysign_signed_header_name(signed_result, i), order[i]) == 0,
                  "header %zu is %s", i, paysign_signed_header_name(signed_result, i));
        CHECK(strncmp(paysign_signed_header_value(signed_result, 0), "xv2:1455716783:", 15) == 0,
              "token %s", paysign_signed_header_value(signed_result, 0));
        CHECK(paysign_signed_header_name(signed_result, 3) == NULL &&
                  paysign_signed_header_value(signed_result, SIZE_MAX) == NULL,
              "index out of range");
    }
    paysign_signed_free(signed_result);
    signed_result = NULL;
    end();

    begin("accessors_keep_the_last_failure");
    make_failure();
    st = paysign_x_pay_sign_request("K", "s", "GET", u, NULL, 0, 1455716783, 0, &signed_result);
    if (expect_ok(st, "sign")) {
        make_failure();
        (void)paysign_signed_header_count(signed_result);
        (void)paysign_signed_url(signed_result);
        paysign_signed_free(signed_result);
        read_last();
        CHECK(strcmp(last_fld, "resource_path") == 0, "an accessor cleared the last failure: %s",
              last_fld);
    }
    signed_result = NULL;
    end();

    begin("header_arrays");
    {
        const char *names[] = {"Host", NULL}, *values[] = {"h", NULL};
        const char *bad[] = {"Host", "ab\xff"};
        expect_fail(paysign_verify_cybersource_signature(CS_SECRET, NULL, values, 1, "GET", "/",
                                                         NULL, 0, 0, 0),
                    PAYSIGN_NULL_ARGUMENT, "header_names", NULL, "names NULL with a count");
        expect_fail(paysign_verify_cybersource_signature(CS_SECRET, names, NULL, 1, "GET", "/",
                                                         NULL, 0, 0, 0),
                    PAYSIGN_NULL_ARGUMENT, "header_values", NULL, "values NULL with a count");
        expect_fail(paysign_verify_cybersource_signature(CS_SECRET, names, values, 2, "GET", "/",
                                                         NULL, 0, 0, 0),
                    PAYSIGN_NULL_ARGUMENT, "header_names", NULL, "an element NULL");
        CHECK(strstr(last_msg, "element 1") != NULL, "message %s", last_msg);
        expect_fail(paysign_verify_cybersource_signature(CS_SECRET, names, bad, 2, "GET", "/",
                                                         NULL, 0, 0, 0),
                    PAYSIGN_NULL_ARGUMENT, "header_names", NULL, "names checked before values");
        expect_fail(paysign_verify_cybersource_signature(CS_SECRET, bad, bad, 2, "GET", "/", NULL,
                                                         0, 0, 0),
                    PAYSIGN_INVALID_UTF8, "header_names", NULL, "a name not UTF-8");
        expect_fail(paysign_verify_cybersource_signature(CS_SECRET, NULL, NULL, 0, "GET", "/", NULL,
                                                         0, 0, 0),
                    PAYSIGN_VERIFICATION_FAILED, NULL, "missing_header", "no headers");
        expect_fail(paysign_verify_cybersource_signature(CS_SECRET, names, values, SIZE_MAX, "GET",
                                                         "/", NULL, 0, 0, 0),
                    PAYSIGN_INVALID_ARGUMENT, "header_names", NULL, "a count no array can have");
    }
    end();
}

/* ------------------------------------------------------------------------ */
/* Bad inputs: bodies, control characters, time and window, header blocks.   */

static void test_misc(void) {
    size_t n = 0;
    paysign_status st;
    paysign_signed *signed_result = NULL;

    begin("body_null_with_length");
    expect_fail(paysign_x_pay_token("s", "p", "q", NULL, 5, 0, out1, BIG, &n),
                PAYSIGN_NULL_ARGUMENT, "body", NULL, "x_pay_token");
    expect_fail(paysign_verify_x_pay_token("s", "t", "p", "q", NULL, 5, 0, 0),
                PAYSIGN_NULL_ARGUMENT, "body", NULL, "verify_x_pay_token");
    expect_fail(paysign_cybersource_signature("k", CS_SECRET, "m", "h", "POST", "/", NULL, 1,
                                              CS_DATE, &signed_result),
                PAYSIGN_NULL_ARGUMENT, "body", NULL, "cybersource_signature");
    expect_fail(paysign_verify_cybersource_signature(CS_SECRET, NULL, NULL, 0, "POST", "/", NULL, 1,
                                                     0, 0),
                PAYSIGN_NULL_ARGUMENT, "body", NULL, "verify_cybersource_signature");
    expect_fail(paysign_digest(NULL, 1, out1, BIG, &n), PAYSIGN_NULL_ARGUMENT, "body", NULL,
                "digest");
    expect_fail(paysign_hmac_sha256(NULL, 1, NULL, 0, (uint8_t *)out1, BIG, &n),
                PAYSIGN_NULL_ARGUMENT, "key", NULL, "hmac key");
    expect_fail(paysign_hmac_sha256(NULL, 0, NULL, 1, (uint8_t *)out1, BIG, &n),
                PAYSIGN_NULL_ARGUMENT, "data", NULL, "hmac data");
    expect_fail(paysign_x_pay_sign_request("K", "s", "POST", "https://h/a/b", NULL, 3, 0, 0,
                                           &signed_result),
                PAYSIGN_NULL_ARGUMENT, "body", NULL, "x_pay_sign_request");
    CHECK(signed_result == NULL, "a result after a failure");
    end();

    begin("body_null_empty_is_empty");
    if (expect_ok(paysign_digest(NULL, 0, out1, BIG, &n), "digest of NULL, 0"))
        CHECK(strcmp(out1, "SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=") == 0, "%s", out1);
    end();

    begin("body_binary_with_nul_bytes");
    {
        const uint8_t b[] = {'a', 0, 'b'};
        char t1[128], t2[128];
        st = paysign_x_pay_token("s", "p", "apikey=K", b, 3, 1, t1, sizeof t1, &n);
        paysign_status st2 = paysign_x_pay_token("s", "p", "apikey=K", b, 1, 1, t2, sizeof t2, &n);
        if (expect_ok(st, "3 bytes") && expect_ok(st2, "1 byte"))
            CHECK(strcmp(t1, t2) != 0, "the bytes after a NUL in the body were not signed");
    }
    end();

    static const struct {
        const char *name, *field, *merchant_id, *host, *request_target;
    } controls[] = {
        {"control_soh_merchant_id", "merchant_id", "a\001b", "h", "/"},
        {"control_esc_host", "host", "m", "h\033", "/"},
        {"control_c1_csi_host", "host", "m", "h\xc2\x9b", "/"},
        {"control_del_request_target", "request_target", "m", "h", "/a\177"},
        {"control_cr_request_target", "request_target", "m", "h", "/a\rb"},
    };
    for (size_t i = 0; i < sizeof controls / sizeof controls[0]; i++) {
        begin(controls[i].name);
        expect_fail(paysign_cybersource_signature("k", CS_SECRET, controls[i].merchant_id,
                                                  controls[i].host, "GET", controls[i].request_target,
                                                  NULL, 0, CS_DATE, &signed_result),
                    PAYSIGN_INVALID_ARGUMENT, controls[i].field, NULL, "cybersource_signature");
        end();
    }

    begin("control_lf_paysimple_username");
    expect_fail(paysign_paysimple_header("u\n", "k", NULL, out1, BIG, &n), PAYSIGN_INVALID_ARGUMENT,
                "username", NULL, "paysimple_header");
    end();

    begin("x_pay_query_string_with_question_mark");
    expect_fail(paysign_x_pay_token("s", "p", "?apikey=K", NULL, 0, 0, out1, BIG, &n),
                PAYSIGN_INVALID_ARGUMENT, "query_string", NULL, "x_pay_token");
    end();

    begin("x_pay_url_apikey_wrong_case");
    expect_fail(paysign_x_pay_sign_request("K", "s", "GET", "https://h/vdp/x?apiKey=K", NULL, 0, 0, 0,
                                           &signed_result),
                PAYSIGN_INVALID_ARGUMENT, "url", NULL, "x_pay_sign_request");
    end();

    begin("max_skew_negative");
    expect_fail(paysign_verify_x_pay_token("s", "xv2:0:00", "p", "q", NULL, 0, 0, -1),
                PAYSIGN_INVALID_ARGUMENT, "max_skew", NULL, "verify_x_pay_token");
    {
        const char *names[] = {"Host"}, *values[] = {"h"};
        expect_fail(paysign_verify_cybersource_signature(CS_SECRET, names, values, 1, "GET", "/", NULL,
                                                         0, 0, -5),
                    PAYSIGN_INVALID_ARGUMENT, "max_skew", NULL, "verify_cybersource_signature");
    }
    expect_fail(paysign_verify_paysimple_header("PSSERVER x", "k", 0, INT64_MIN + 1),
                PAYSIGN_INVALID_ARGUMENT, "max_skew", NULL, "verify_paysimple_header");
    end();

    begin("max_skew_default_window");
    {
        char token[128];
        st = paysign_x_pay_token("s", "p", "apikey=K", NULL, 0, 1000000, token, sizeof token, &n);
        if (expect_ok(st, "token")) {
            expect_ok(paysign_verify_x_pay_token("s", token, "p", "apikey=K", NULL, 0, 1000000 + 300,
                                                 PAYSIGN_DEFAULT_MAX_SKEW),
                      "inside the default window");
            expect_fail(paysign_verify_x_pay_token("s", token, "p", "apikey=K", NULL, 0,
                                                   1000000 + 301, PAYSIGN_DEFAULT_MAX_SKEW),
                        PAYSIGN_VERIFICATION_FAILED, NULL, "timestamp_out_of_window",
                        "outside the default window");
        }
    }
    end();

    begin("time_out_of_range");
    expect_fail(paysign_imf_fixdate(-1, out1, BIG, &n), PAYSIGN_INVALID_ARGUMENT, NULL, NULL,
                "imf_fixdate(-1)");
    expect_fail(paysign_x_pay_token("s", "p", "q", NULL, 0, INT64_MAX, out1, BIG, &n),
                PAYSIGN_INVALID_ARGUMENT, "timestamp", NULL, "x_pay_token(INT64_MAX)");
    expect_fail(paysign_paysimple_sign_request("u", "k", "GET", "https://h/", NULL, 0, 0, 1000000000u,
                                               &signed_result),
                PAYSIGN_INVALID_ARGUMENT, NULL, NULL, "nanos 10^9");
    end();

    begin("now_sentinels_round_trip");
    {
        char token[128], header[256], date[64];
        if (expect_ok(paysign_x_pay_token("s", "p", "apikey=K", NULL, 0, PAYSIGN_NOW, token,
                                          sizeof token, &n),
                      "x_pay_token now"))
            expect_ok(paysign_verify_x_pay_token("s", token, "p", "apikey=K", NULL, 0, PAYSIGN_NOW,
                                                 PAYSIGN_DEFAULT_MAX_SKEW),
                      "verify now");
        if (expect_ok(paysign_cybersource_signature("k", CS_SECRET, "m", "h", "POST", "/p",
                                                    (const uint8_t *)"{}", 2, NULL, &signed_result),
                      "cybersource_signature now")) {
            header_arrays_t h = arrays_of(signed_result);
            expect_ok(paysign_verify_cybersource_signature(CS_SECRET, h.names, h.values, h.count,
                                                           "POST", "/p", (const uint8_t *)"{}", 2,
                                                           PAYSIGN_NOW, PAYSIGN_DEFAULT_MAX_SKEW),
                      "verify now");
        }
        paysign_signed_free(signed_result);
        if (expect_ok(paysign_paysimple_header("u", "k", NULL, header, sizeof header, &n),
                      "paysimple_header now"))
            expect_ok(paysign_verify_paysimple_header(header, "k", PAYSIGN_NOW,
                                                      PAYSIGN_DEFAULT_MAX_SKEW),
                      "verify now");
        if (expect_ok(paysign_imf_fixdate(PAYSIGN_NOW, date, sizeof date, &n), "imf_fixdate now"))
            CHECK(n == strlen("Thu, 18 Jul 2019 00:18:03 GMT") && strstr(date, " GMT"), "%s", date);
        expect_ok(paysign_x_pay_sign_request("K", "s", "GET", "https://h/vdp/x", NULL, 0, PAYSIGN_NOW,
                                             1, &signed_result),
                  "x_pay_sign_request now");
        paysign_signed_free(signed_result);
        expect_ok(paysign_cybersource_sign_request("m", "k", CS_SECRET, "GET", "https://h/x", NULL,
                                                   0, PAYSIGN_NOW, &signed_result),
                  "cybersource_sign_request now");
        paysign_signed_free(signed_result);
        expect_ok(paysign_paysimple_sign_request("u", "k", "GET", "https://h/x", NULL, 0, PAYSIGN_NOW,
                                                 5, &signed_result),
                  "paysimple_sign_request now");
        paysign_signed_free(signed_result);
        signed_result = NULL;
    }
    end();

    begin("header_arrays_forms");
    st = paysign_cybersource_signature("k", CS_SECRET, "m", "h", "GET", "/p", NULL, 0, CS_DATE,
                                       &signed_result);
    if (expect_ok(st, "sign")) {
        /* Lowercase names, in another order, after an unrelated header. */
        header_arrays_t h = arrays_of(signed_result);
        static char lower[16][64];
        const char *names[17], *values[17];
        names[0] = "x-other";
        values[0] = "z";
        for (size_t i = 0; i < h.count; i++) {
            size_t j = h.count - 1 - i, k;
            for (k = 0; h.names[j][k] && k < 63; k++)
                lower[i][k] = (char)(h.names[j][k] >= 'A' && h.names[j][k] <= 'Z'
                                         ? h.names[j][k] + 32
                                         : h.names[j][k]);
            lower[i][k] = '\0';
            names[i + 1] = lower[i];
            values[i + 1] = h.values[j];
        }
        expect_ok(paysign_verify_cybersource_signature(CS_SECRET, names, values, h.count + 1, "GET",
                                                       "/p", NULL, 0, 1563409083, 0),
                  "lowercase names, another order, an unrelated header");
        /* One header fewer: missing. */
        expect_fail(paysign_verify_cybersource_signature(CS_SECRET, names, values, h.count, "GET",
                                                         "/p", NULL, 0, 1563409083, 0),
                    PAYSIGN_VERIFICATION_FAILED, NULL, "missing_header", "one header fewer");
    }
    paysign_signed_free(signed_result);
    signed_result = NULL;
    end();

    begin("secret_not_in_messages");
    expect_fail(paysign_verify_cybersource_signature("c2VjcmV0-not-base64", NULL, NULL, 0, "GET", "/",
                                                     NULL, 0, 0, 0),
                PAYSIGN_INVALID_ARGUMENT, "shared_secret", NULL, "bad secret");
    expect_secret_hidden("c2VjcmV0-not-base64");
    end();
}

/* ------------------------------------------------------------------------ */
/* Status strings, version, the last-error lifecycle, threads.               */

static void test_status_and_version(void) {
    begin("status_str");
    const char *seen[7];
    for (int s = 0; s <= 6; s++) {
        seen[s] = paysign_status_str(s);
        CHECK(seen[s] && seen[s][0] && strcmp(seen[s], "unknown status") != 0, "status %d", s);
        for (int t = 0; t < s; t++)
            CHECK(strcmp(seen[s], seen[t]) != 0, "statuses %d and %d share \"%s\"", s, t, seen[s]);
    }
    CHECK(strcmp(paysign_status_str(PAYSIGN_BUFFER_TOO_SMALL), "buffer too small") == 0, "4");
    CHECK(strcmp(paysign_status_str(7), "unknown status") == 0, "7");
    CHECK(strcmp(paysign_status_str(-1), "unknown status") == 0, "-1");
    CHECK(strcmp(paysign_status_str(INT32_MAX), "unknown status") == 0, "INT32_MAX");
    end();

    begin("status_values");
    CHECK(PAYSIGN_OK == 0 && PAYSIGN_NULL_ARGUMENT == 1 && PAYSIGN_INVALID_UTF8 == 2 &&
              PAYSIGN_INVALID_ARGUMENT == 3 && PAYSIGN_BUFFER_TOO_SMALL == 4 &&
              PAYSIGN_VERIFICATION_FAILED == 5 && PAYSIGN_INTERNAL_ERROR == 6,
          "the documented values changed");
    CHECK(sizeof(paysign_status) == 4, "paysign_status is %zu bytes", sizeof(paysign_status));
    end();

    begin("version");
    const char *v = paysign_version();
    CHECK(v && v[0] >= '0' && v[0] <= '9' && strchr(v, '.'), "version \"%s\"", v ? v : "(null)");
#ifdef EXPECTED_VERSION
    CHECK(v && strcmp(v, EXPECTED_VERSION) == 0, "version %s, pkg-config says %s", v, EXPECTED_VERSION);
#endif
    end();
}

static void test_last_error_lifecycle(void) {
    size_t n = 99;
    begin("last_error_cleared_by_success");
    make_failure();
    read_last();
    CHECK(strcmp(last_fld, "resource_path") == 0, "field %s", last_fld);
    CHECK(strstr(last_msg, "control character") != NULL, "message %s", last_msg);
    /* The getters do not clear it. */
    read_last();
    CHECK(strcmp(last_fld, "resource_path") == 0, "a getter cleared the last failure");
    expect_ok(paysign_digest(NULL, 0, out1, BIG, &n), "digest");
    read_last();
    CHECK(last_msg[0] == '\0' && last_fld[0] == '\0' && last_rsn[0] == '\0',
          "after a success: \"%s\" \"%s\" \"%s\"", last_msg, last_fld, last_rsn);
    CHECK(paysign_last_error(out1, BIG, &n) == PAYSIGN_OK && n == 0, "length %zu", n);
    end();

    begin("last_error_of_verification");
    expect_fail(paysign_verify_paysimple_header("garbage", "k", 0, 0), PAYSIGN_VERIFICATION_FAILED,
                NULL, "malformed_header", "verify");
    CHECK(last_fld[0] == '\0', "field \"%s\" on a verification failure", last_fld);
    CHECK(strncmp(last_msg, "verification failed", 19) == 0, "message %s", last_msg);
    end();
}

typedef struct {
    int failures;
    char reason[64];
    const paysign_x_pay_signer *shared_signer;
    int signed_requests;
} thread_result_t;

/* The credentials of most X-Pay request vectors (Visa's sample). */
static const char *THREAD_SECRET;

static void *worker(void *arg) {
    thread_result_t *r = arg;
    char out[256];
    size_t n;
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < XPAY_SIGN_COUNT; i++) {
            const xpay_sign_t *v = &XPAY_SIGN[i];
            if (v->body_repeat != 1)
                continue;
            if (paysign_x_pay_token(v->shared_secret, v->resource_path, v->query_string, v->body,
                                    v->body_len, v->timestamp, out, sizeof out, &n) != PAYSIGN_OK ||
                strcmp(out, v->token) != 0)
                r->failures++;
        }
    }
    /* One signer, shared by every thread: each request comes out whole. */
    for (size_t i = 0; i < XPAY_REQUEST_COUNT; i++) {
        const xpay_request_t *v = &XPAY_REQUEST[i];
        if (v->body_repeat != 1 || v->full_path || strcmp(v->api_key, "KSKDFJOP934ALSFDJP34") != 0 ||
            strcmp(v->shared_secret, THREAD_SECRET) != 0)
            continue;
        paysign_signed *signed_result = NULL;
        if (paysign_x_pay_signer_sign(r->shared_signer, v->method, v->url, v->body, v->body_len,
                                      v->timestamp, 0, NULL, &signed_result) != PAYSIGN_OK ||
            strcmp(paysign_signed_url(signed_result), v->url_out) != 0 ||
            strcmp(paysign_signed_header_value(signed_result, 0),
                   header_value(v->n_headers, v->headers, "x-pay-token")) != 0)
            r->failures++;
        r->signed_requests++;
        paysign_signed_free(signed_result);
    }
    (void)paysign_verify_x_pay_token("s", "xv2:0:nothex", "p", "q", NULL, 0, 0, 0);
    if (paysign_last_reason(r->reason, sizeof r->reason, &n) != PAYSIGN_OK)
        r->failures++;
    return NULL;
}

static void test_threads(void) {
    begin("threads_sign_concurrently_and_keep_their_own_last_error");
    pthread_t threads[4];
    thread_result_t results[4];
    memset(results, 0, sizeof results);
    paysign_x_pay_signer *signer = NULL;
    for (size_t i = 0; i < XPAY_REQUEST_COUNT && !THREAD_SECRET; i++)
        if (strcmp(XPAY_REQUEST[i].api_key, "KSKDFJOP934ALSFDJP34") == 0)
            THREAD_SECRET = XPAY_REQUEST[i].shared_secret;
    if (!THREAD_SECRET || !expect_ok(paysign_x_pay_signer_new("KSKDFJOP934ALSFDJP34", THREAD_SECRET,
                                                              0, &signer),
                                     "the shared signer"))
        fail("no X-Pay request vector with Visa's sample API key");
    for (int i = 0; i < 4; i++)
        results[i].shared_signer = signer;
    make_failure(); /* this thread: resource_path */
    for (int i = 0; i < 4; i++)
        if (pthread_create(&threads[i], NULL, worker, &results[i]) != 0)
            fail("pthread_create");
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        CHECK(results[i].failures == 0, "thread %d: %d failures", i, results[i].failures);
        CHECK(results[i].signed_requests > 0, "thread %d signed no request", i);
        CHECK(strcmp(results[i].reason, "malformed_header") == 0, "thread %d reason %s", i,
              results[i].reason);
    }
    paysign_x_pay_signer_free(signer);
    read_last();
    CHECK(strcmp(last_fld, "resource_path") == 0 && last_rsn[0] == '\0',
          "another thread changed this thread's last error: %s / %s", last_fld, last_rsn);
    end();
}

/* ------------------------------------------------------------------------ */
/* Round 2: explain, diagnose, whole-request verifiers, webhooks.            */

/* The explanation's headers equal the expected ones (names exact). */
static void expect_explained_headers(const paysign_explanation *e, int n, const header_t *want) {
    size_t count = paysign_explanation_header_count(e);
    CHECK(count == (size_t)n, "%zu explained headers, want %d", count, n);
    for (size_t i = 0; i < count; i++) {
        const char *name = paysign_explanation_header_name(e, i);
        const char *want_value = name ? header_value(n, want, name) : NULL;
        CHECK(want_value && strcmp(paysign_explanation_header_value(e, i), want_value) == 0,
              "explained header %s: %s", name ? name : "(null)", paysign_explanation_header_value(e, i));
    }
    CHECK(paysign_explanation_header_name(e, count) == NULL, "header past the count");
}

/* Every part has a name, a value and a reason; the text is what the CLI prints. */
static void expect_parts(const paysign_explanation *e, const char *scheme) {
    CHECK(strcmp(paysign_explanation_scheme(e), scheme) == 0, "scheme %s", paysign_explanation_scheme(e));
    size_t parts = paysign_explanation_part_count(e);
    CHECK(parts > 0, "no parts");
    for (size_t i = 0; i < parts; i++)
        CHECK(paysign_explanation_part_name(e, i) && paysign_explanation_part_value(e, i) &&
                  paysign_explanation_part_why(e, i) && paysign_explanation_part_why(e, i)[0],
              "part %zu incomplete", i);
    CHECK(paysign_explanation_part_name(e, parts) == NULL && paysign_explanation_part_why(e, parts) == NULL,
          "part past the count");
    const char *text = paysign_explanation_text(e);
    CHECK(text && strstr(text, "signed (") != NULL, "text: %s", text ? text : "(null)");
}

static void test_explain(void) {
    for (size_t i = 0; i < XPAY_REQUEST_COUNT; i++) {
        const xpay_request_t *v = &XPAY_REQUEST[i];
        char name[256];
        snprintf(name, sizeof name, "explain_%s", v->name);
        begin(name);
        size_t len, signed_len = 0;
        uint8_t *body = make_body(v->body, v->body_len, v->body_repeat, &len);
        paysign_explanation *e = NULL, *no_secret = NULL;
        paysign_status st = paysign_explain_x_pay_token(v->api_key, v->shared_secret, v->method, v->url,
                                                        body, len, (int32_t)v->full_path, v->timestamp,
                                                        0, NULL, &e);
        if (expect_ok(st, "paysign_explain_x_pay_token")) {
            /* The message: timestamp, resource path, query, body (SPEC). */
            char head[4096];
            int n = snprintf(head, sizeof head, "%" PRId64 "%s%s", v->timestamp, v->resource_path,
                             v->query_string);
            const uint8_t *bytes = paysign_explanation_signed(e, &signed_len);
            CHECK(n > 0 && signed_len == (size_t)n + len && memcmp(bytes, head, (size_t)n) == 0 &&
                      (len == 0 || memcmp(bytes + n, body, len) == 0),
                  "signed bytes differ (%zu bytes)", signed_len);
            expect_explained_headers(e, 1, (header_t[]){{"x-pay-token",
                                                        header_value(v->n_headers, v->headers,
                                                                     "x-pay-token")}});
            expect_parts(e, "xpay");
        }
        st = paysign_explain_x_pay_token(v->api_key, NULL, v->method, v->url, body, len,
                                         (int32_t)v->full_path, v->timestamp, 0, NULL, &no_secret);
        if (expect_ok(st, "paysign_explain_x_pay_token without the secret"))
            CHECK(paysign_explanation_header_count(no_secret) == 0 &&
                      paysign_explanation_signed(no_secret, &len) && len == signed_len,
                  "without the secret: headers or other bytes");
        paysign_explanation_free(e);
        paysign_explanation_free(no_secret);
        free(body);
        end();
    }
    for (size_t i = 0; i < CS_REQUEST_COUNT; i++) {
        const cs_request_t *v = &CS_REQUEST[i];
        char name[256], head[1024];
        snprintf(name, sizeof name, "explain_%s", v->name);
        begin(name);
        size_t len, signed_len = 0;
        uint8_t *body = make_body(v->body, v->body_len, v->body_repeat, &len);
        paysign_explanation *e = NULL;
        paysign_status st = paysign_explain_cybersource_signature(
            v->merchant_id, v->key_id, v->shared_secret, v->method, v->url, body, len, v->time, 0,
            NULL, &e);
        if (expect_ok(st, "paysign_explain_cybersource_signature")) {
            int n = snprintf(head, sizeof head, "host: %s\ndate: %s\nrequest-target: ", v->host, v->date);
            const uint8_t *bytes = paysign_explanation_signed(e, &signed_len);
            CHECK(signed_len > (size_t)n && memcmp(bytes, head, (size_t)n) == 0,
                  "signing string does not start with %s", head);
            expect_explained_headers(e, v->n_headers, v->headers);
            expect_parts(e, "cybersource");
        }
        paysign_explanation_free(e);
        free(body);
        end();
    }
    for (size_t i = 0; i < PS_REQUEST_COUNT; i++) {
        const ps_request_t *v = &PS_REQUEST[i];
        char name[256];
        snprintf(name, sizeof name, "explain_%s", v->name);
        begin(name);
        size_t signed_len = 0;
        paysign_explanation *e = NULL;
        paysign_status st = paysign_explain_paysimple_header(v->username, v->api_key, v->time,
                                                             (uint32_t)v->nanos, NULL, &e);
        if (expect_ok(st, "paysign_explain_paysimple_header")) {
            const uint8_t *bytes = paysign_explanation_signed(e, &signed_len);
            CHECK(signed_len == strlen(v->timestamp) && memcmp(bytes, v->timestamp, signed_len) == 0,
                  "signed %.*s, want %s", (int)signed_len, (const char *)bytes, v->timestamp);
            expect_explained_headers(e, v->n_headers, v->headers);
            expect_parts(e, "paysimple");
        }
        paysign_explanation_free(e);
        end();
    }

    begin("explain_time_forms");
    {
        paysign_explanation *e = NULL;
        size_t len = 0;
        const char *url = "https://sandbox.api.visa.com/vdp/helloworld";
        if (expect_ok(paysign_explain_x_pay_token("K", "s", "GET", url, NULL, 0, 0, PAYSIGN_NOW, 0,
                                                  "1455716783", &e),
                      "time as text"))
            CHECK(memcmp(paysign_explanation_signed(e, &len), "1455716783helloworld", 20) == 0,
                  "text time not signed");
        paysign_explanation_free(e);
        e = (paysign_explanation *)&len;
        expect_fail(paysign_explain_x_pay_token("K", "s", "GET", url, NULL, 0, 0, 1455716783, 0,
                                                "1455716783", &e),
                    PAYSIGN_INVALID_ARGUMENT, "time_text", NULL, "text and Unix time both");
        CHECK(e == NULL, "*explanation_out not NULL after a failure");
        expect_fail(paysign_explain_paysimple_header("u", "k", 1, 1000000000u, NULL, &e),
                    PAYSIGN_INVALID_ARGUMENT, "nanos", NULL, "nanos 10^9");
        expect_fail(paysign_explain_x_pay_token("K", "s", "GET", url, NULL, 0, 0, PAYSIGN_NOW, 0,
                                                "0123", &e),
                    PAYSIGN_INVALID_ARGUMENT, "time_text", NULL, "a leading zero");
        expect_fail(paysign_explain_cybersource_signature("m", "k", NULL, "GET", url, NULL, 0,
                                                          INT64_MAX, 0, NULL, &e),
                    PAYSIGN_INVALID_ARGUMENT, "unix_time", NULL, "out of range");
        expect_fail(paysign_explain_x_pay_token("K", "s", "GET", url, NULL, 0, 0, PAYSIGN_NOW, 0, NULL,
                                                NULL),
                    PAYSIGN_NULL_ARGUMENT, "explanation_out", NULL, "explanation_out NULL");
        CHECK(paysign_explanation_signed(NULL, &len) == NULL && len == 0, "signed of NULL");
        CHECK(paysign_explanation_signed(NULL, NULL) == NULL, "signed of NULL, len NULL");
        CHECK(paysign_explanation_scheme(NULL) == NULL && paysign_explanation_text(NULL) == NULL &&
                  paysign_explanation_part_count(NULL) == 0 &&
                  paysign_explanation_part_value(NULL, 0) == NULL &&
                  paysign_explanation_header_count(NULL) == 0 &&
                  paysign_explanation_header_value(NULL, 0) == NULL,
              "accessors of NULL");
        paysign_explanation_free(NULL);
    }
    end();
}

static int pending;

static void end_table_case(void) {
    int listed = is_pending(case_name);
    if (listed && case_failed) {
        printf("PENDING %s: fails until core implements it (see PENDING_IN_CORE)\n", case_name);
        pending++;
        return;
    }
    if (listed) {
        printf("FAIL %s: passes now: remove it from PENDING_IN_CORE\n", case_name);
        case_failed = 1;
    }
    end();
}

/* A wrong webhook header's expected value is what the signer makes for the
 * body received at the header's t=; with no readable t= (and no time given),
 * at the current time, so only its form is known. */
static void expect_webhook_expected(const diagnose_t *c, const char *expected) {
    const char *header = NULL;
    for (size_t i = 0; i < c->n_headers; i++)
        if (strcmp(c->header_names[i], "v-c-signature") == 0)
            header = c->header_values[i];
    char suffix[256];
    snprintf(suffix, sizeof suffix, ";keyId=%s;sig=", c->key_id);
    int64_t t;
    if (!header || strncmp(header, "t=", 2) != 0 || header[2] < '0' || header[2] > '9') {
        if (c->time == PAYSIGN_NOW) {
            CHECK(expected && strncmp(expected, "t=", 2) == 0 && strstr(expected, suffix) != NULL,
                  "expected %s, want t=<now>%s...", expected ? expected : "(null)", suffix);
            return;
        }
        t = c->time * 1000; /* the time given, in seconds, stands in for t= (milliseconds) */
    } else {
        t = strtoll(header + 2, NULL, 10);
    }
    char want[256];
    size_t n = 0;
    if (expect_ok(paysign_cybersource_webhook_signature(c->key_id, c->key, c->body, c->body_len, t, want,
                                                        sizeof want, &n),
                  "the webhook signer"))
        CHECK(expected && strcmp(expected, want) == 0, "expected %s, want %s", expected ? expected : "(null)",
              want);
}

static void test_diagnose(void) {
    for (size_t i = 0; i < DIAGNOSE_COUNT; i++) {
        const diagnose_t *c = &DIAGNOSE[i];
        if (c->nul) {
            skip(c->name);
            continue;
        }
        begin(c->name);
        paysign_diagnosis *d = NULL;
        paysign_status st;
        if (strcmp(c->scheme, "xpay") == 0)
            st = paysign_diagnose_x_pay_token(c->token, c->api_key, c->shared_secret, c->method, c->url,
                                              c->body, c->body_len, c->full_path, c->time, 0, NULL, &d);
        else if (strcmp(c->scheme, "cybersource") == 0)
            st = paysign_diagnose_cybersource_signature(
                c->header_names, c->header_values, c->n_headers, c->merchant_id, c->key_id,
                c->shared_secret, c->method, c->url, c->body, c->body_len, c->time, 0, NULL, &d);
        else if (strcmp(c->scheme, "paysimple") == 0)
            st = paysign_diagnose_paysimple_header(c->authorization, c->username, c->api_key,
                                                   c->signed_timestamp, &d);
        else if (strcmp(c->scheme, "cybersource-webhook") == 0)
            st = paysign_diagnose_cybersource_webhook(c->header_names, c->header_values, c->n_headers, c->key_id,
                                                      c->key, c->body, c->body_len, c->time, 0, NULL, &d);
        else {
            fail("scheme %s: no diagnose function for it", c->scheme);
            end();
            continue;
        }
        if (expect_ok(st, "diagnose")) {
            CHECK(paysign_diagnosis_valid(d) == c->valid, "valid %d, want %d", paysign_diagnosis_valid(d),
                  c->valid);
            size_t n = paysign_diagnosis_mistake_count(d);
            CHECK(n == c->n_mistakes, "%zu mistakes, want %zu (first: %s)", n, c->n_mistakes,
                  n ? paysign_diagnosis_mistake(d, 0) : "none");
            for (size_t m = 0; m < n && m < c->n_mistakes; m++)
                CHECK(strcmp(paysign_diagnosis_mistake(d, m), c->mistakes[m]) == 0, "mistake %zu: %s, want %s",
                      m, paysign_diagnosis_mistake(d, m), c->mistakes[m]);
            CHECK(paysign_diagnosis_mistake(d, n) == NULL, "mistake past the count");
            const char *message = paysign_diagnosis_message(d);
            CHECK(message && message[0], "no message");
            CHECK(!c->valid || paysign_diagnosis_expected(d) == NULL, "an expected value when valid");
            if (c->shared_secret && strlen(c->shared_secret) >= 4)
                CHECK(strstr(message, c->shared_secret) == NULL, "the message shows the secret");
            if (c->key && strlen(c->key) >= 4)
                CHECK(strstr(message, c->key) == NULL, "the message shows the key");
            if (strcmp(c->scheme, "cybersource-webhook") == 0 && !c->valid)
                expect_webhook_expected(c, paysign_diagnosis_expected(d));
        }
        paysign_diagnosis_free(d);
        end_table_case();
    }
    begin("diagnose_accessors_of_null");
    CHECK(paysign_diagnosis_valid(NULL) == 0 && paysign_diagnosis_mistake_count(NULL) == 0 &&
              paysign_diagnosis_mistake(NULL, 0) == NULL && paysign_diagnosis_message(NULL) == NULL &&
              paysign_diagnosis_expected(NULL) == NULL,
          "accessors of NULL");
    paysign_diagnosis_free(NULL);
    expect_fail(paysign_diagnose_paysimple_header("PSSERVER x", "u", "k", NULL, NULL),
                PAYSIGN_NULL_ARGUMENT, "diagnosis_out", NULL, "diagnosis_out NULL");
    end();
}

/* Builds the verifier a table case names. */
static paysign_status make_verifier(const adversarial_t *c, paysign_verifier **v, paysign_webhook_verifier **w) {
    *v = NULL;
    *w = NULL;
    if (strcmp(c->scheme, "xpay") == 0)
        return paysign_x_pay_verifier_new(c->key_ids, c->secrets, c->n_keys, c->full_path, c->max_skew, 1, v);
    if (strcmp(c->scheme, "cybersource") == 0)
        return paysign_cybersource_verifier_new(c->key_ids, c->secrets, c->n_keys, c->max_skew, 1, v);
    if (strcmp(c->scheme, "paysimple") == 0)
        return paysign_paysimple_verifier_new(c->key_ids, c->secrets, c->n_keys, c->max_skew, 1, v);
    return paysign_cybersource_webhook_verifier_new(c->key_ids, c->secrets, c->n_keys, c->max_skew, 1, w);
}

static paysign_status verify_case(const adversarial_t *c, paysign_verifier *v, paysign_webhook_verifier *w,
                                  paysign_verified **ok) {
    if (w)
        return paysign_webhook_verifier_verify(w, c->header_names, c->header_values, c->n_headers, c->body,
                                               c->body_len, c->now, ok);
    return paysign_verifier_verify(v, c->method, c->url, c->header_names, c->header_values, c->n_headers,
                                   c->body, c->body_len, c->now, ok);
}

static void test_adversarial(void) {
    paysign_verifier *verifiers[ADVERSARIAL_COUNT + 1];
    paysign_webhook_verifier *webhooks[ADVERSARIAL_COUNT + 1];
    memset(verifiers, 0, sizeof verifiers);
    memset(webhooks, 0, sizeof webhooks);
    for (size_t i = 0; i < ADVERSARIAL_COUNT; i++) {
        const adversarial_t *c = &ADVERSARIAL[i];
        if (c->nul) {
            skip(c->name);
            continue;
        }
        begin(c->name);
        paysign_status st = PAYSIGN_OK;
        size_t reuse = i;
        if (c->replay_of) {
            for (size_t j = 0; j < i; j++)
                if (strcmp(ADVERSARIAL[j].name, c->replay_of) == 0)
                    reuse = j;
            CHECK(reuse != i, "replay_of %s: no such earlier case", c->replay_of);
        }
        if (reuse == i)
            st = make_verifier(c, &verifiers[i], &webhooks[i]);
        if (expect_ok(st, "verifier")) {
            paysign_verified *ok = NULL;
            st = verify_case(c, verifiers[reuse], webhooks[reuse], &ok);
            if (c->reason) {
                expect_fail(st, PAYSIGN_VERIFICATION_FAILED, NULL, c->reason, c->reason);
                CHECK(ok == NULL, "a result although refused");
                for (size_t k = 0; k < c->n_keys; k++)
                    if (strlen(c->secrets[k]) >= 4)
                        CHECK(strstr(last_msg, c->secrets[k]) == NULL, "the message shows a secret");
            } else if (expect_ok(st, "accepted")) {
                CHECK(strcmp(paysign_verified_scheme(ok), c->scheme) == 0, "scheme %s",
                      paysign_verified_scheme(ok));
                int known = 0;
                for (size_t k = 0; k < c->n_keys; k++)
                    known |= strcmp(paysign_verified_key_id(ok), c->key_ids[k]) == 0;
                CHECK(known, "key_id %s is not in the keyring", paysign_verified_key_id(ok));
            }
            paysign_verified_free(ok);
        }
        end_table_case();
    }
    for (size_t i = 0; i < ADVERSARIAL_COUNT; i++) {
        paysign_verifier_free(verifiers[i]);
        paysign_webhook_verifier_free(webhooks[i]);
    }
}

/* Round trips through the signers and the verifiers, for every request vector. */
static void test_verifiers(void) {
    for (size_t i = 0; i < XPAY_REQUEST_COUNT; i++) {
        const xpay_request_t *v = &XPAY_REQUEST[i];
        char name[256];
        snprintf(name, sizeof name, "verifier_%s", v->name);
        begin(name);
        size_t len;
        uint8_t *body = make_body(v->body, v->body_len, v->body_repeat, &len);
        paysign_verifier *verifier = NULL;
        paysign_verified *ok = NULL, *again = NULL;
        const char *names[] = {"X-PAY-TOKEN"}, *values[] = {header_value(v->n_headers, v->headers, "x-pay-token")};
        paysign_status st = paysign_x_pay_verifier_new(&v->api_key, &v->shared_secret, 1, (int32_t)v->full_path,
                                                       PAYSIGN_DEFAULT_MAX_SKEW, 1, &verifier);
        if (expect_ok(st, "paysign_x_pay_verifier_new")) {
            st = paysign_verifier_verify(verifier, v->method, v->url_out, names, values, 1, body, len,
                                         v->timestamp + 479, &ok);
            if (expect_ok(st, "verify the signed request")) {
                CHECK(strcmp(paysign_verified_scheme(ok), "xpay") == 0 &&
                          strcmp(paysign_verified_key_id(ok), v->api_key) == 0 &&
                          paysign_verified_merchant_id(ok) == NULL &&
                          paysign_verified_timestamp(ok) == v->timestamp && paysign_verified_signed_count(ok) > 0 &&
                          paysign_verified_signed(ok, 0) != NULL &&
                          paysign_verified_signed(ok, paysign_verified_signed_count(ok)) == NULL,
                      "verified: %s %s %" PRId64, paysign_verified_scheme(ok), paysign_verified_key_id(ok),
                      paysign_verified_timestamp(ok));
                expect_fail(paysign_verifier_verify(verifier, v->method, v->url_out, names, values, 1, body, len,
                                                    v->timestamp, &again),
                            PAYSIGN_VERIFICATION_FAILED, NULL, "replayed", "the same request again");
                CHECK(again == NULL, "a result for a replay");
            }
        }
        paysign_verified_free(ok);
        paysign_verifier_free(verifier);
        free(body);
        end();
    }
    for (size_t i = 0; i < CS_REQUEST_COUNT; i++) {
        const cs_request_t *v = &CS_REQUEST[i];
        char name[256];
        snprintf(name, sizeof name, "verifier_%s", v->name);
        begin(name);
        size_t len;
        uint8_t *body = make_body(v->body, v->body_len, v->body_repeat, &len);
        paysign_verifier *verifier = NULL;
        paysign_verified *ok = NULL;
        header_arrays_t h = arrays_from(v->n_headers, v->headers);
        paysign_status st = paysign_cybersource_verifier_new(&v->key_id, &v->shared_secret, 1,
                                                             PAYSIGN_DEFAULT_MAX_SKEW, 1, &verifier);
        if (expect_ok(st, "paysign_cybersource_verifier_new")) {
            st = paysign_verifier_verify(verifier, v->method, v->url_out, h.names, h.values, h.count, body, len,
                                         v->time - 300, &ok);
            if (expect_ok(st, "verify the signed request")) {
                CHECK(strcmp(paysign_verified_scheme(ok), "cybersource") == 0 &&
                          strcmp(paysign_verified_key_id(ok), v->key_id) == 0 &&
                          strcmp(paysign_verified_merchant_id(ok), v->merchant_id) == 0 &&
                          paysign_verified_timestamp(ok) == v->time,
                      "verified: %s %s", paysign_verified_scheme(ok), paysign_verified_key_id(ok));
                expect_fail(paysign_verifier_verify(verifier, v->method, v->url_out, h.names, h.values, h.count,
                                                    body, len, v->time, NULL),
                            PAYSIGN_NULL_ARGUMENT, "verified_out", NULL, "verified_out NULL");
                paysign_verified *again = NULL;
                expect_fail(paysign_verifier_verify(verifier, v->method, v->url_out, h.names, h.values, h.count,
                                                    body, len, v->time, &again),
                            PAYSIGN_VERIFICATION_FAILED, NULL, "replayed", "the same request again");
                paysign_verified_free(again);
            }
        }
        paysign_verified_free(ok);
        paysign_verifier_free(verifier);
        free(body);
        end();
    }
    for (size_t i = 0; i < PS_REQUEST_COUNT; i++) {
        const ps_request_t *v = &PS_REQUEST[i];
        char name[256];
        snprintf(name, sizeof name, "verifier_%s", v->name);
        begin(name);
        paysign_verifier *verifier = NULL;
        paysign_verified *ok = NULL;
        header_arrays_t h = arrays_from(v->n_headers, v->headers);
        paysign_status st = paysign_paysimple_verifier_new(&v->username, &v->api_key, 1, PAYSIGN_DEFAULT_MAX_SKEW,
                                                           0, &verifier);
        if (expect_ok(st, "paysign_paysimple_verifier_new")) {
            st = paysign_verifier_verify(verifier, v->method, v->url, h.names, h.values, h.count, NULL, 0,
                                         v->time, &ok);
            if (expect_ok(st, "verify the signed request"))
                CHECK(strcmp(paysign_verified_key_id(ok), v->username) == 0 &&
                          paysign_verified_timestamp(ok) == v->time,
                      "verified %s", paysign_verified_key_id(ok));
            paysign_verified_free(ok);
            ok = NULL;
            /* replay 0: no replay memory, the same header verifies again. */
            expect_ok(paysign_verifier_verify(verifier, v->method, v->url, h.names, h.values, h.count, NULL, 0,
                                              v->time, &ok),
                      "again without replay protection");
            paysign_verified_free(ok);
            ok = NULL;
            expect_fail(paysign_verifier_verify(verifier, v->method, v->url, h.names, h.values, h.count, NULL, 0,
                                                v->time + 301, &ok),
                        PAYSIGN_VERIFICATION_FAILED, NULL, "timestamp_out_of_window", "past PaySimple's window");
        }
        paysign_verified_free(ok);
        paysign_verifier_free(verifier);
        end();
    }

    begin("verifier_keyrings");
    {
        int anything;
        paysign_verifier *v = (paysign_verifier *)&anything; /* must come back NULL */
        const char *ids[] = {"K", "K"}, *secrets[] = {"a", "b"};
        expect_fail(paysign_x_pay_verifier_new(NULL, NULL, 0, 0, PAYSIGN_DEFAULT_MAX_SKEW, 1, &v),
                    PAYSIGN_INVALID_ARGUMENT, "keys", NULL, "an empty keyring");
        CHECK(v == NULL, "*verifier_out not NULL after a failure");
        expect_fail(paysign_x_pay_verifier_new(ids, secrets, 2, 0, PAYSIGN_DEFAULT_MAX_SKEW, 1, &v),
                    PAYSIGN_INVALID_ARGUMENT, NULL, NULL, "one id twice");
        expect_fail(paysign_x_pay_verifier_new(NULL, secrets, 1, 0, PAYSIGN_DEFAULT_MAX_SKEW, 1, &v),
                    PAYSIGN_NULL_ARGUMENT, "key_ids", NULL, "ids NULL");
        expect_fail(paysign_cybersource_verifier_new(ids, NULL, 1, PAYSIGN_DEFAULT_MAX_SKEW, 1, &v),
                    PAYSIGN_NULL_ARGUMENT, "secrets", NULL, "secrets NULL");
        expect_fail(paysign_paysimple_verifier_new(ids, secrets, 1, -1, 1, &v), PAYSIGN_INVALID_ARGUMENT,
                    "max_skew", NULL, "negative max_skew");
        expect_fail(paysign_cybersource_verifier_new(ids, (const char *[]){"not base64!"}, 1,
                                                     PAYSIGN_DEFAULT_MAX_SKEW, 1, &v),
                    PAYSIGN_INVALID_ARGUMENT, NULL, NULL, "a secret that is not base64");
        expect_secret_hidden("not base64!");
        expect_fail(paysign_x_pay_verifier_new(ids, secrets, 1, 0, 0, 1, NULL), PAYSIGN_NULL_ARGUMENT,
                    "verifier_out", NULL, "verifier_out NULL");
        paysign_verified *ok = NULL;
        expect_fail(paysign_verifier_verify(NULL, "GET", "/", NULL, NULL, 0, NULL, 0, 0, &ok),
                    PAYSIGN_NULL_ARGUMENT, "verifier", NULL, "verifier NULL");
        expect_fail(paysign_webhook_verifier_verify(NULL, NULL, NULL, 0, NULL, 0, 0, &ok),
                    PAYSIGN_NULL_ARGUMENT, "verifier", NULL, "webhook verifier NULL");
        CHECK(paysign_verified_scheme(NULL) == NULL && paysign_verified_key_id(NULL) == NULL &&
                  paysign_verified_merchant_id(NULL) == NULL && paysign_verified_timestamp(NULL) == 0 &&
                  paysign_verified_signed_count(NULL) == 0 && paysign_verified_signed(NULL, 0) == NULL,
              "accessors of NULL");
        paysign_verified_free(NULL);
        paysign_verifier_free(NULL);
        paysign_webhook_verifier_free(NULL);
    }
    end();
}

static void test_webhook(void) {
    const char *key_id = "webhook-key-1", *key = CS_SECRET;
    const char *body = "{\"eventType\":\"payments.capture\",\"amount\":\"10.00\"}";
    char value[256], tampered[256];
    size_t n = 0;
    begin("webhook_sign_and_verify");
    paysign_status st = paysign_cybersource_webhook_signature(key_id, key, (const uint8_t *)body, strlen(body),
                                                              1563409083123, value, sizeof value, &n);
    paysign_webhook_verifier *w = NULL;
    if (expect_ok(st, "paysign_cybersource_webhook_signature")) {
        CHECK(strncmp(value, "t=1563409083123;keyId=webhook-key-1;sig=", 40) == 0, "value %s", value);
        expect_secret_hidden(key);
        if (expect_ok(paysign_cybersource_webhook_verifier_new(&key_id, &key, 1, PAYSIGN_DEFAULT_MAX_SKEW, 1, &w),
                      "paysign_cybersource_webhook_verifier_new")) {
            const char *names[] = {"V-C-Signature"}, *values[] = {value};
            paysign_verified *ok = NULL;
            st = paysign_webhook_verifier_verify(w, names, values, 1, (const uint8_t *)body, strlen(body),
                                                 1563409083, &ok);
            if (expect_ok(st, "verify"))
                CHECK(strcmp(paysign_verified_scheme(ok), "cybersource-webhook") == 0 &&
                          strcmp(paysign_verified_key_id(ok), key_id) == 0 &&
                          paysign_verified_timestamp(ok) == 1563409083,
                      "verified %s %s", paysign_verified_scheme(ok), paysign_verified_key_id(ok));
            paysign_verified_free(ok);
            ok = NULL;
            expect_fail(paysign_webhook_verifier_verify(w, names, values, 1, (const uint8_t *)body, strlen(body),
                                                        1563409083, &ok),
                        PAYSIGN_VERIFICATION_FAILED, NULL, "replayed", "replayed");
            /* The framework re-serialised the JSON: one byte differs. */
            char reformatted[256];
            snprintf(reformatted, sizeof reformatted, "%s", body);
            reformatted[14] = ' ';
            snprintf(tampered, sizeof tampered, "%s", value);
            expect_fail(paysign_webhook_verifier_verify(w, names, values, 1, (const uint8_t *)reformatted,
                                                        strlen(reformatted), 1563409083, &ok),
                        PAYSIGN_VERIFICATION_FAILED, NULL, "signature_mismatch", "another body");
            expect_fail(paysign_webhook_verifier_verify(w, names, values, 1, (const uint8_t *)body, strlen(body),
                                                        1563409083 + 301, &ok),
                        PAYSIGN_VERIFICATION_FAILED, NULL, "timestamp_out_of_window", "six minutes late");
            const char *two_names[] = {"v-c-signature", "V-C-SIGNATURE"}, *two_values[] = {value, value};
            expect_fail(paysign_webhook_verifier_verify(w, two_names, two_values, 2, (const uint8_t *)body,
                                                        strlen(body), 1563409083, &ok),
                        PAYSIGN_VERIFICATION_FAILED, NULL, "duplicate_header", "the header twice");
            CHECK(ok == NULL, "a result for a refusal");
        }
    }
    paysign_webhook_verifier_free(w);
    end();
}

/* Every tests/vectors/webhook.json sign vector: the header value from the
 * flat function and from explain (with the key), the signed bytes
 * "<t>.<body>", and the same bytes without the key; the time as Unix
 * milliseconds text, as seconds plus nanoseconds, and as the flat `t`. */
static void test_webhook_vectors(void) {
    for (size_t i = 0; i < WEBHOOK_SIGN_COUNT; i++) {
        const webhook_sign_t *v = &WEBHOOK_SIGN[i];
        char name[256], value[256], t_text[32], head[32];
        snprintf(name, sizeof name, "webhook_%s", v->name);
        begin(name);
        size_t len, n = 0;
        uint8_t *body = make_body(v->body, v->body_len, v->body_repeat, &len);
        if (expect_ok(paysign_cybersource_webhook_signature(v->key_id, v->key, body, len, v->timestamp_ms, value,
                                                            sizeof value, &n),
                      "paysign_cybersource_webhook_signature"))
            CHECK(strcmp(value, v->header) == 0 && n == strlen(v->header), "value %s, want %s", value, v->header);
        int head_len = snprintf(head, sizeof head, "%" PRId64 ".", v->timestamp_ms);
        snprintf(t_text, sizeof t_text, "%" PRId64, v->timestamp_ms);
        struct {
            const char *what;
            int64_t unix_time;
            uint32_t nanos;
            const char *text;
        } forms[] = {
            {"Unix seconds and nanoseconds", v->timestamp_ms / 1000, (uint32_t)(v->timestamp_ms % 1000) * 1000000u,
             NULL},
            {"milliseconds as text", PAYSIGN_NOW, 0, t_text},
        };
        for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
            paysign_explanation *e = NULL, *no_key = NULL;
            size_t signed_len = 0, no_key_len = 0;
            paysign_status st = paysign_explain_cybersource_webhook(v->key_id, v->key, body, len, forms[f].unix_time,
                                                                    forms[f].nanos, forms[f].text, &e);
            if (expect_ok(st, forms[f].what)) {
                const uint8_t *bytes = paysign_explanation_signed(e, &signed_len);
                CHECK(signed_len == (size_t)head_len + len && memcmp(bytes, head, (size_t)head_len) == 0 &&
                          (len == 0 || memcmp(bytes + head_len, body, len) == 0),
                      "%s: signed bytes are not %s<body> (%zu bytes)", forms[f].what, head, signed_len);
                CHECK(v->message_len == 0 || (signed_len == v->message_len &&
                                              memcmp(bytes, v->message, signed_len) == 0),
                      "%s: signed bytes differ from the vector's message", forms[f].what);
                expect_explained_headers(e, 1, (header_t[]){{"v-c-signature", v->header}});
                expect_parts(e, "cybersource-webhook");
                char t_part[40];
                snprintf(t_part, sizeof t_part, "`%s`", t_text);
                CHECK(strcmp(paysign_explanation_part_name(e, 0), "t") == 0 &&
                          strcmp(paysign_explanation_part_value(e, 0), t_part) == 0,
                      "%s: first part %s = %s, want t = %s", forms[f].what, paysign_explanation_part_name(e, 0),
                      paysign_explanation_part_value(e, 0), t_part);
                CHECK(strstr(paysign_explanation_text(e), v->key) == NULL, "the text shows the key");
            }
            st = paysign_explain_cybersource_webhook(v->key_id, NULL, body, len, forms[f].unix_time, forms[f].nanos,
                                                     forms[f].text, &no_key);
            if (expect_ok(st, "without the key")) {
                const uint8_t *bytes = paysign_explanation_signed(no_key, &no_key_len);
                CHECK(paysign_explanation_header_count(no_key) == 0 && no_key_len == (size_t)head_len + len &&
                          memcmp(bytes, head, (size_t)head_len) == 0,
                      "without the key: headers or other bytes");
            }
            paysign_explanation_free(e);
            paysign_explanation_free(no_key);
        }
        free(body);
        end();
    }
}

static void test_webhook_explain_diagnose_arguments(void) {
    const webhook_sign_t *v = &WEBHOOK_SIGN[0];
    const char *names[] = {"V-C-Signature"}, *values[] = {v->header};
    size_t len;
    uint8_t *body = make_body(v->body, v->body_len, v->body_repeat, &len);
    int anything;

    begin("webhook_diagnose_time_stands_in_for_an_unreadable_t");
    {
        /* No header: the time given is the t= of the expected value. */
        paysign_diagnosis *d = NULL;
        if (expect_ok(paysign_diagnose_cybersource_webhook(NULL, NULL, 0, v->key_id, v->key, body, len, PAYSIGN_NOW,
                                                           0, "1700000000123", &d),
                      "time as milliseconds text")) {
            CHECK(paysign_diagnosis_valid(d) == 0 && paysign_diagnosis_mistake_count(d) == 1 &&
                      strcmp(paysign_diagnosis_mistake(d, 0), "header_malformed") == 0,
                  "no header: %s", paysign_diagnosis_message(d));
            CHECK(paysign_diagnosis_expected(d) && strcmp(paysign_diagnosis_expected(d), v->header) == 0,
                  "expected %s, want %s", paysign_diagnosis_expected(d), v->header);
        }
        paysign_diagnosis_free(d);
        d = NULL;
        if (expect_ok(paysign_diagnose_cybersource_webhook(NULL, NULL, 0, v->key_id, v->key, body, len, 1700000000,
                                                           123000000u, NULL, &d),
                      "time as seconds and nanoseconds"))
            CHECK(paysign_diagnosis_expected(d) && strcmp(paysign_diagnosis_expected(d), v->header) == 0,
                  "expected %s, want %s", paysign_diagnosis_expected(d), v->header);
        paysign_diagnosis_free(d);
        d = NULL;
        /* A readable t= is the notification's time, whatever time is given. */
        if (expect_ok(paysign_diagnose_cybersource_webhook(names, values, 1, v->key_id, v->key, body, len, 1, 0,
                                                           NULL, &d),
                      "the vector's header"))
            CHECK(paysign_diagnosis_valid(d) == 1 && paysign_diagnosis_mistake_count(d) == 0 &&
                      paysign_diagnosis_expected(d) == NULL,
                  "the vector's header is not valid: %s", paysign_diagnosis_message(d));
        paysign_diagnosis_free(d);
    }
    end();

    begin("webhook_explain_bad_arguments");
    {
        paysign_explanation *e = (paysign_explanation *)&anything; /* must come back NULL */
        expect_fail(paysign_explain_cybersource_webhook(v->key_id, "not base64!", body, len, PAYSIGN_NOW, 0,
                                                        "1700000000123", &e),
                    PAYSIGN_INVALID_ARGUMENT, "key", NULL, "a key that is not base64");
        expect_secret_hidden("not base64!");
        CHECK(e == NULL, "*explanation_out not NULL after a failure");
        expect_fail(paysign_explain_cybersource_webhook(v->key_id, v->key, body, len, 1700000000, 0,
                                                        "1700000000123", &e),
                    PAYSIGN_INVALID_ARGUMENT, "time_text", NULL, "text and Unix time both");
        expect_fail(paysign_explain_cybersource_webhook(v->key_id, v->key, body, len, PAYSIGN_NOW, 0,
                                                        "01700000000123", &e),
                    PAYSIGN_INVALID_ARGUMENT, "time_text", NULL, "a leading zero");
        expect_fail(paysign_explain_cybersource_webhook(v->key_id, v->key, body, len, PAYSIGN_NOW, 0,
                                                        "1700000000.123", &e),
                    PAYSIGN_INVALID_ARGUMENT, "time_text", NULL, "seconds with a fraction");
        expect_fail(paysign_explain_cybersource_webhook(v->key_id, v->key, body, len, 1700000000, 1000000000u, NULL,
                                                        &e),
                    PAYSIGN_INVALID_ARGUMENT, "nanos", NULL, "nanos 10^9");
        expect_fail(paysign_explain_cybersource_webhook(v->key_id, v->key, body, len, INT64_MAX, 0, NULL, &e),
                    PAYSIGN_INVALID_ARGUMENT, "unix_time", NULL, "out of range");
        expect_fail(paysign_explain_cybersource_webhook(v->key_id, v->key, NULL, 5, PAYSIGN_NOW, 0, NULL, &e),
                    PAYSIGN_NULL_ARGUMENT, "body", NULL, "body NULL with a length");
        expect_fail(paysign_explain_cybersource_webhook(v->key_id, v->key, body, len, PAYSIGN_NOW, 0, NULL, NULL),
                    PAYSIGN_NULL_ARGUMENT, "explanation_out", NULL, "explanation_out NULL");
        CHECK(e == NULL, "*explanation_out not NULL after a failure");
    }
    end();

    begin("webhook_diagnose_bad_arguments");
    {
        paysign_diagnosis *d = (paysign_diagnosis *)&anything; /* must come back NULL */
        expect_fail(paysign_diagnose_cybersource_webhook(names, values, 1, v->key_id, "not base64!", body, len,
                                                         PAYSIGN_NOW, 0, NULL, &d),
                    PAYSIGN_INVALID_ARGUMENT, "key", NULL, "a key that is not base64");
        expect_secret_hidden("not base64!");
        CHECK(d == NULL, "*diagnosis_out not NULL after a failure");
        expect_fail(paysign_diagnose_cybersource_webhook(names, values, 1, v->key_id, v->key, body, len,
                                                         PAYSIGN_NOW, 0, "soon", &d),
                    PAYSIGN_INVALID_ARGUMENT, "time_text", NULL, "a time text that is not milliseconds");
        expect_fail(paysign_diagnose_cybersource_webhook(names, values, 1, v->key_id, v->key, body, len, INT64_MAX,
                                                         0, NULL, &d),
                    PAYSIGN_INVALID_ARGUMENT, "unix_time", NULL, "out of range");
        expect_fail(paysign_diagnose_cybersource_webhook(names, values, 1, v->key_id, v->key, body, len, 1700000000,
                                                         1000000000u, NULL, &d),
                    PAYSIGN_INVALID_ARGUMENT, "nanos", NULL, "nanos 10^9");
        expect_fail(paysign_diagnose_cybersource_webhook(NULL, values, 1, v->key_id, v->key, body, len, PAYSIGN_NOW,
                                                         0, NULL, &d),
                    PAYSIGN_NULL_ARGUMENT, "header_names", NULL, "header_names NULL with a count");
        const char *bad_values[] = {"ab\xff\xfe"};
        expect_fail(paysign_diagnose_cybersource_webhook(names, bad_values, 1, v->key_id, v->key, body, len,
                                                         PAYSIGN_NOW, 0, NULL, &d),
                    PAYSIGN_INVALID_UTF8, "header_values", NULL, "a header value that is not UTF-8");
        expect_fail(paysign_diagnose_cybersource_webhook(names, values, 1, v->key_id, v->key, NULL, 5, PAYSIGN_NOW,
                                                         0, NULL, &d),
                    PAYSIGN_NULL_ARGUMENT, "body", NULL, "body NULL with a length");
        expect_fail(paysign_diagnose_cybersource_webhook(names, values, 1, v->key_id, v->key, body, len,
                                                         PAYSIGN_NOW, 0, NULL, NULL),
                    PAYSIGN_NULL_ARGUMENT, "diagnosis_out", NULL, "diagnosis_out NULL");
        CHECK(d == NULL, "*diagnosis_out not NULL after a failure");
    }
    end();
    free(body);
}

/* One verifier shared by four threads, each sending the same requests: every
 * request is accepted exactly once in all, every other copy is a replay. */
#define SHARED_REQUESTS 16
typedef struct {
    paysign_verifier *verifier;
    char tokens[SHARED_REQUESTS][128];
    int accepted, replayed, other;
} shared_verifier_t;

static shared_verifier_t shared;
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;

static void *verify_worker(void *arg) {
    (void)arg;
    int accepted = 0, replayed = 0, other = 0;
    for (int i = 0; i < SHARED_REQUESTS; i++) {
        const char *names[] = {"x-pay-token"}, *values[] = {shared.tokens[i]};
        paysign_verified *ok = NULL;
        paysign_status st = paysign_verifier_verify(shared.verifier, "GET",
                                                    "https://sandbox.api.visa.com/vdp/helloworld?apikey=K", names,
                                                    values, 1, NULL, 0, 1455716783 + SHARED_REQUESTS, &ok);
        char reason[64];
        size_t n;
        if (st == PAYSIGN_OK)
            accepted++;
        else if (st == PAYSIGN_VERIFICATION_FAILED &&
                 paysign_last_reason(reason, sizeof reason, &n) == PAYSIGN_OK && strcmp(reason, "replayed") == 0)
            replayed++;
        else
            other++;
        paysign_verified_free(ok);
    }
    pthread_mutex_lock(&shared_lock);
    shared.accepted += accepted;
    shared.replayed += replayed;
    shared.other += other;
    pthread_mutex_unlock(&shared_lock);
    return NULL;
}

static void test_shared_verifier(void) {
    begin("verifier_shared_by_threads_refuses_every_replay");
    const char *id = "K", *secret = "s";
    size_t n;
    memset(&shared, 0, sizeof shared);
    for (int i = 0; i < SHARED_REQUESTS; i++)
        if (paysign_x_pay_token(secret, "helloworld", "apikey=K", NULL, 0, 1455716783 + i, shared.tokens[i],
                                sizeof shared.tokens[i], &n) != PAYSIGN_OK)
            fail("token %d", i);
    if (expect_ok(paysign_x_pay_verifier_new(&id, &secret, 1, 0, PAYSIGN_DEFAULT_MAX_SKEW, 1, &shared.verifier),
                  "verifier")) {
        pthread_t threads[4];
        for (int i = 0; i < 4; i++)
            if (pthread_create(&threads[i], NULL, verify_worker, NULL) != 0)
                fail("pthread_create");
        for (int i = 0; i < 4; i++)
            pthread_join(threads[i], NULL);
        CHECK(shared.accepted == SHARED_REQUESTS && shared.replayed == 3 * SHARED_REQUESTS && shared.other == 0,
              "accepted %d, replayed %d, other %d", shared.accepted, shared.replayed, shared.other);
    }
    paysign_verifier_free(shared.verifier);
    end();
}

int main(void) {
    test_xpay_sign();
    test_xpay_request();
    test_cs_sign();
    test_cs_request();
    test_ps_sign();
    test_ps_request();
    test_hmac();
    test_verify();
    test_invalid();
    test_text_arguments();
    test_out_buffers();
    test_opaque_results();
    test_misc();
    test_status_and_version();
    test_last_error_lifecycle();
    test_threads();
    test_explain();
    test_diagnose();
    test_adversarial();
    test_verifiers();
    test_webhook();
    test_webhook_vectors();
    test_webhook_explain_diagnose_arguments();
    test_shared_verifier();
    if (skipped)
        printf("c: note: %d vector(s) not run: their text holds U+0000, which NUL-terminated C "
               "text cannot carry: %s\n",
               skipped, skipped_names);
    if (pending)
        printf("c: note: %d table case(s) pending in core (PENDING_IN_CORE)\n", pending);
    printf("c: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
