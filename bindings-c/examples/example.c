/*
 * A complete libpaysign program: sign a Visa X-Pay request, a CyberSource
 * request and a PaySimple request, verify them as a server would (also with a
 * whole-request verifier, which refuses a replay), and show a rejected
 * request's reason and what explain says was signed.
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

    /* 2. A whole X-Pay request from its URL, now, by a signer that holds the
     *    credentials: the result is an opaque paysign_signed, read through
     *    its accessors and freed by the caller. */
    const char *body = "{\"amount\":\"10.00\",\"currency\":\"USD\"}";
    const char *url = "https://sandbox.api.visa.com/vdp/payments/v1/authorizations?b=2&a=1";
    paysign_x_pay_signer *signer = NULL;
    st = paysign_x_pay_signer_new("KSKDFJOP934ALSFDJP34", "s3cr3t-Shared_Secret", 0, &signer);
    if (st != PAYSIGN_OK)
        die("paysign_x_pay_signer_new", st);
    paysign_signed *signed_request = NULL;
    st = paysign_x_pay_signer_sign(signer, "POST", url, (const uint8_t *)body, strlen(body),
                                   PAYSIGN_NOW, 0, NULL, &signed_request);
    if (st != PAYSIGN_OK)
        die("paysign_x_pay_signer_sign", st);
    printf("POST %s\n", paysign_signed_url(signed_request));
    for (size_t i = 0; i < paysign_signed_header_count(signed_request); i++)
        printf("%s: %s\n", paysign_signed_header_name(signed_request, i),
               paysign_signed_header_value(signed_request, i));
    paysign_signed_free(signed_request);
    paysign_x_pay_signer_free(signer);

    /* 3. CyberSource: the headers for a POST, now; then verify them as the
     *    server does: the received headers go in as two arrays. */
    const char *secret = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=";
    paysign_signed *cs = NULL;
    st = paysign_cybersource_signature("08c94330-f618-42a3-b09d-e1e43be5efda", secret, "testrest",
                                       "apitest.cybersource.com", "POST", "/pts/v2/payments",
                                       (const uint8_t *)body, strlen(body), NULL, &cs);
    if (st != PAYSIGN_OK)
        die("paysign_cybersource_signature", st);
    const char *names[8], *values[8];
    size_t count = paysign_signed_header_count(cs);
    for (size_t i = 0; i < count && i < 8; i++) {
        names[i] = paysign_signed_header_name(cs, i);
        values[i] = paysign_signed_header_value(cs, i);
        printf("%s: %s\n", names[i], values[i]);
    }
    st = paysign_verify_cybersource_signature(secret, names, values, count, "POST",
                                              "/pts/v2/payments", (const uint8_t *)body,
                                              strlen(body), PAYSIGN_NOW, PAYSIGN_DEFAULT_MAX_SKEW);
    if (st != PAYSIGN_OK)
        die("paysign_verify_cybersource_signature", st);
    printf("cybersource: verified\n");

    /* The same request through a whole-request verifier: a keyring (key id
     * -> secret), the scheme's window and replay protection. */
    const char *key_ids[] = {"08c94330-f618-42a3-b09d-e1e43be5efda"}, *secrets[] = {secret};
    paysign_verifier *verifier = NULL;
    st = paysign_cybersource_verifier_new(key_ids, secrets, 1, PAYSIGN_DEFAULT_MAX_SKEW, 1,
                                          &verifier);
    if (st != PAYSIGN_OK)
        die("paysign_cybersource_verifier_new", st);
    for (int attempt = 0; attempt < 2; attempt++) {
        paysign_verified *verified = NULL;
        st = paysign_verifier_verify(verifier, "POST", "/pts/v2/payments", names, values, count,
                                     (const uint8_t *)body, strlen(body), PAYSIGN_NOW, &verified);
        if (st == PAYSIGN_OK) {
            printf("verifier: accepted %s, merchant %s\n", paysign_verified_key_id(verified),
                   paysign_verified_merchant_id(verified));
        } else {
            char why[64];
            paysign_last_reason(why, sizeof why, &len);
            printf("verifier: refused: %s\n", why); /* the second time: "replayed" */
        }
        paysign_verified_free(verified);
    }
    paysign_verifier_free(verifier);
    paysign_signed_free(cs);

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

    /* 6. What was signed, and where each part came from (no secret needed). */
    paysign_explanation *explanation = NULL;
    st = paysign_explain_x_pay_token("KSKDFJOP934ALSFDJP34", NULL, "GET",
                                     "https://sandbox.api.visa.com/vdp/helloworld", NULL, 0, 0,
                                     1455716783, 0, NULL, &explanation);
    if (st != PAYSIGN_OK)
        die("paysign_explain_x_pay_token", st);
    for (size_t i = 0; i < paysign_explanation_part_count(explanation); i++)
        printf("explain: %s = %s\n", paysign_explanation_part_name(explanation, i),
               paysign_explanation_part_value(explanation, i));
    paysign_explanation_free(explanation);

    /* 7. A bad argument names its field. */
    st = paysign_x_pay_token("s3cr3t", "helloworld", "?apikey=K", NULL, 0, PAYSIGN_NOW, token,
                             sizeof token, &len);
    char field[64];
    paysign_last_field(field, sizeof field, &len);
    printf("bad argument: %s, field %s\n", paysign_status_str(st), field);
    return 0;
}
