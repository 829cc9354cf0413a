package dev.paysign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Java callers: the generated functions are static methods of {@code PaysignKt}, the
 * hand-written conveniences of {@code Paysign}, and failures are the checked
 * {@code PaysignException} with its {@code InvalidArgument} and {@code VerificationFailed}.
 */
class JavaCallerTest {
    private static JSONObject first(String file, String section) throws Exception {
        Path dir = Path.of(System.getProperty("paysign.vectors", "../tests/vectors"));
        String text = Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
        return new JSONObject(text).getJSONArray(section).getJSONObject(0);
    }

    private static byte[] body(JSONObject v) {
        byte[] one = Base64.getDecoder().decode(v.optString("body_b64", ""));
        int repeat = v.optInt("body_repeat", 1);
        byte[] out = new byte[one.length * repeat];
        for (int i = 0; i < repeat; i++) {
            System.arraycopy(one, 0, out, i * one.length, one.length);
        }
        return out;
    }

    @Test
    void xPayTokenFromJava() throws Exception {
        JSONObject v = first("xpay.json", "sign");
        byte[] secret = v.getString("shared_secret").getBytes(StandardCharsets.UTF_8);
        String token = PaysignKt.xPayToken(secret, v.getString("resource_path"), v.getString("query_string"),
                body(v), v.getLong("timestamp"));
        assertEquals(v.getJSONObject("expected").getString("token"), token);
        // text secret, through the hand-written overloads
        assertEquals(token, Paysign.xPayToken(v.getString("shared_secret"), v.getString("resource_path"),
                v.getString("query_string"), body(v), v.getLong("timestamp")));
        PaysignKt.verifyXPayToken(secret, token, v.getString("resource_path"), v.getString("query_string"),
                body(v), v.getLong("timestamp"), null);
    }

    @Test
    void cybersourceFromJava() throws Exception {
        JSONObject v = first("cybersource.json", "sign");
        Map<String, String> headers = Paysign.cybersourceSignature(v.getString("key_id"), v.getString("shared_secret"),
                v.getString("merchant_id"), v.getString("host"), v.getString("method"), v.getString("request_target"),
                body(v), v.getString("date"));
        JSONObject want = v.getJSONObject("expected").getJSONObject("headers");
        assertEquals(want.keySet(), headers.keySet());
        for (String name : want.keySet()) {
            assertEquals(want.getString(name), headers.get(name), name);
        }
        PaysignKt.verifyCybersourceSignature(v.getString("shared_secret"), headers, v.getString("method"),
                v.getString("request_target"), body(v), null, 1_000_000_000_000L);
    }

    @Test
    void signersFromJava() throws Exception {
        JSONObject v = first("xpay.json", "request");
        try (XPaySigner signer = new XPaySigner(v.getString("api_key"),
                v.getString("shared_secret").getBytes(StandardCharsets.UTF_8), v.getBoolean("full_path"))) {
            SignedRequest signed = signer.signAt(v.getString("method"), v.getString("url"), body(v), v.getLong("timestamp"));
            assertEquals(v.getJSONObject("expected").getString("url"), signed.getUrl());
            List<String> names = new ArrayList<>();
            for (HttpHeader h : signed.getHeaders()) {
                names.add(h.getName());
            }
            assertTrue(names.contains("x-pay-token"), names.toString());
        }
        try (PaySimpleSigner signer = new PaySimpleSigner("APIUser1000", "my_api_key")) {
            SignedRequest signed = signer.sign("GET", "https://sandbox-api.paysimple.com/v4/customer", null);
            PaysignKt.verifyPaysimpleHeader(signed.getHeaders().get(0).getValue(), "my_api_key", null, null);
        }
    }

    @Test
    void exceptionsFromJava() {
        PaysignException.InvalidArgument bad = assertThrows(PaysignException.InvalidArgument.class,
                () -> PaysignKt.paysimpleHeader("user;name", "my_api_key", "2017-07-20T20:45:44.0973928Z"));
        assertEquals("username", bad.getField());
        assertTrue(bad.getMessage().contains("username"), bad.getMessage());
        assertFalse(bad.getMessage().contains("my_api_key"), bad.getMessage());

        PaysignException failed = assertThrows(PaysignException.class,
                () -> PaysignKt.verifyPaysimpleHeader("PSSERVER nothing", "my_api_key", null, null));
        assertTrue(failed instanceof PaysignException.VerificationFailed);
        assertEquals("malformed_header", ((PaysignException.VerificationFailed) failed).getReason());
    }
}
