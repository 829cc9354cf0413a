/*
 * A complete libpaysign program: sign a Visa X-Pay request, a CyberSource
 * request and a PaySimple request, verify them as a server would, and show a
 * rejected request's reason.
 *
 * Build against an installed libpaysign (make -C bindings-c install PREFIX=...):
 *
 *   cc -std=c11 -Wall -Wextra example.c $(pkg-config --cflags --libs paysign) -o example
 *   LD_LIBRARY_PATH=$PREFIX/lib ./example     (or -Wl,-rpath,$PREFIX/lib)
 */
#include <paysign.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints the failure of `what` with the library's own message, and exits. */
static void die(const char *what, paysign_status status) {
    char message[512];
    size_t len;
    if (paysign_last_error(message, sizeof message, &len) != PAYSIGN_OK)
        strcpy(message, "(message too long)");
    fprintf(stderr, "%s: %s: %s\n", what, paysign_status_str(status), message);
    exit(1);
}

int main(void) {
    printf("libpaysign %s\n", paysign_version());

    /* 1. An X-Pay-Token over exact parts, at a fixed time (Visa's helloworld). */
    char token[128];
    size_t len;
    paysign_status st = paysign_x_pay_token("s3cr3t-Shared_Secret", "helloworld",
                                            "apikey=KSKDFJOP934ALSFDJP34", NULL, 0, 1455716783,
                                            token, sizeof token, &len);
    if (st != PAYSIGN_OK)
        die("paysign_x_pay_token", st);
    printf("x-pay-token: %s\n", token);

    /* 2. A whole X-Pay request from its URL, now. The buffers are sized by
     *    asking first: out_cap 0 returns PAYSIGN_BUFFER_TOO_SMALL and the
     *    lengths (without the NUL). */
    const char *body = "{\"amount\":\"10.00\",\"currency\":\"USD\"}";
    const char *url = "https://sandbox.api.visa.com/vdp/payments/v1/authorizations?b=2&a=1";
    size_t url_len = 0, headers_len = 0;
    st = paysign_x_pay_sign_request("KSKDFJOP934ALSFDJP34", "s3cr3t-Shared_Secret", "POST", url,
                                    (const uint8_t *)body, strlen(body), PAYSIGN_NOW, 0, NULL, 0,
                                    &url_len, NULL, 0, &headers_len);
    if (st != PAYSIGN_BUFFER_TOO_SMALL)
        die("paysign_x_pay_sign_request (size query)", st);
    char *url_out = malloc(url_len + 1), *headers = malloc(headers_len + 1);
    if (!url_out || !headers)
        return 1;
    st = paysign_x_pay_sign_request("KSKDFJOP934ALSFDJP34", "s3cr3t-Shared_Secret", "POST", url,
                                    (const uint8_t *)body, strlen(body), PAYSIGN_NOW, 0, url_out,
                                    url_len + 1, &url_len, headers, headers_len + 1, &headers_len);
    if (st != PAYSIGN_OK)
        die("paysign_x_pay_sign_request", st);
    printf("POST %s\n%s", url_out, headers);
    free(url_out);
    free(headers);

    /* 3. CyberSource: the headers for a POST, now; then verify them as the
     *    server does (the "Name: value\r\n" block goes back in as it is). */
    const char *secret = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=";
    char cs_headers[2048];
    st = paysign_cybersource_signature("08c94330-f618-42a3-b09d-e1e43be5efda", secret, "testrest",
                                       "apitest.cybersource.com", "POST", "/pts/v2/payments",
                                       (const uint8_t *)body, strlen(body), NULL, cs_headers,
                                       sizeof cs_headers, &len);
    if (st != PAYSIGN_OK)
        die("paysign_cybersource_signature", st);
    printf("%s", cs_headers);
    st = paysign_verify_cybersource_signature(secret, cs_headers, "POST", "/pts/v2/payments",
                                              (const uint8_t *)body, strlen(body), PAYSIGN_NOW,
                                              PAYSIGN_DEFAULT_MAX_SKEW);
    if (st != PAYSIGN_OK)
        die("paysign_verify_cybersource_signature", st);
    printf("cybersource: verified\n");

    /* 4. PaySimple: the Authorization value, now, and its verification. */
    char authorization[256];
    st = paysign_paysimple_header("APIUser1000", "my_api_key", NULL, authorization,
                                  sizeof authorization, &len);
    if (st != PAYSIGN_OK)
        die("paysign_paysimple_header", st);
    printf("Authorization: %s\n", authorization);
    st = paysign_verify_paysimple_header(authorization, "my_api_key", PAYSIGN_NOW,
                                         PAYSIGN_DEFAULT_MAX_SKEW);
    if (st != PAYSIGN_OK)
        die("paysign_verify_paysimple_header", st);
    printf("paysimple: verified\n");

    /* 5. A request that does not verify: the status, the stable reason code
     *    and the message. */
    st = paysign_verify_x_pay_token("s3cr3t-Shared_Secret", token, "helloworld",
                                    "apikey=SOMEONE_ELSE", NULL, 0, 1455716783,
                                    PAYSIGN_DEFAULT_MAX_SKEW);
    if (st != PAYSIGN_VERIFICATION_FAILED)
        die("paysign_verify_x_pay_token should have failed", st);
    char reason[64], message[512];
    paysign_last_reason(reason, sizeof reason, &len);
    paysign_last_error(message, sizeof message, &len);
    printf("x-pay: rejected: %s (%s)\n", reason, message);

    /* 6. A bad argument names its field. */
    st = paysign_x_pay_token("s3cr3t", "helloworld", "?apikey=K", NULL, 0, PAYSIGN_NOW, token,
                             sizeof token, &len);
    char field[64];
    paysign_last_field(field, sizeof field, &len);
    printf("bad argument: %s, field %s\n", paysign_status_str(st), field);
    return 0;
}
