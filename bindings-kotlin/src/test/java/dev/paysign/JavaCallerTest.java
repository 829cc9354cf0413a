package dev.paysign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Java callers: every operation is a static method of the one class {@code Paysign}
 * (never {@code PaysignKt}); results are records and objects with getters, and
 * failures the checked {@code PaysignException} with its {@code InvalidArgument}
 * and {@code VerificationFailed}.
 */
class JavaCallerTest {
    private static final long T = 1_455_716_783L;

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
        String token = Paysign.xPayToken(secret, v.getString("resource_path"), v.getString("query_string"),
                body(v), v.getLong("timestamp"));
        assertEquals(v.getJSONObject("expected").getString("token"), token);
        assertEquals(token, Paysign.xPayToken(v.getString("shared_secret"), v.getString("resource_path"),
                v.getString("query_string"), body(v), v.getLong("timestamp")));
        Paysign.verifyXPayToken(secret, token, v.getString("resource_path"), v.getString("query_string"),
                body(v), v.getLong("timestamp"));
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
        Paysign.verifyCybersourceSignature(v.getString("shared_secret"), headers, v.getString("method"),
                v.getString("request_target"), body(v), null, 1_000_000_000_000L);
    }

    @Test
    void signersWithEveryTimeForm() throws Exception {
        JSONObject v = first("xpay.json", "request");
        try (XPaySigner signer = Paysign.xPaySigner(v.getString("api_key"), v.getString("shared_secret"),
                v.getBoolean("full_path"))) {
            long ts = v.getLong("timestamp");
            SignedRequest signed = signer.sign(v.getString("method"), v.getString("url"), body(v), Paysign.time(ts));
            assertEquals(v.getJSONObject("expected").getString("url"), signed.getUrl());
            assertEquals(signed, signer.sign(v.getString("method"), v.getString("url"), body(v),
                    Paysign.time(Instant.ofEpochSecond(ts))));
            assertEquals(signed, signer.sign(v.getString("method"), v.getString("url"), body(v),
                    Paysign.time(Long.toString(ts))));
            assertEquals(signed, signer.signAt(v.getString("method"), v.getString("url"), body(v), ts));
            List<String> names = new ArrayList<>();
            for (HttpHeader h : signed.getHeaders()) {
                names.add(h.getName());
            }
            assertTrue(names.contains("x-pay-token"), names.toString());
        }
        try (PaySimpleSigner signer = Paysign.paySimpleSigner("APIUser1000", "my_api_key")) {
            SignedRequest signed = signer.sign("GET", "https://sandbox-api.paysimple.com/v4/customer", null, null);
            Paysign.verifyPaysimpleHeader(signed.getHeaders().get(0).getValue(), "my_api_key");
            SignedRequest exact = signer.sign("GET", "https://h/", null, Paysign.time("2017-07-20T20:45:44.0973928Z"));
            assertTrue(exact.getHeaders().get(0).getValue().contains("timestamp=2017-07-20T20:45:44.0973928Z;"));
        }
        try (CyberSourceSigner signer = Paysign.cyberSourceSigner("testrest", "key-1", "c2VjcmV0")) {
            SignedRequest signed = signer.sign("GET", "https://apitest.cybersource.com/reporting", null,
                    Paysign.time("Thu, 18 Jul 2019 00:18:03 GMT"));
            assertEquals("Thu, 18 Jul 2019 00:18:03 GMT", Paysign.headerMap(signed.getHeaders()).get("Date"));
        }
    }

    @Test
    void explainAndDiagnoseFromJava() throws Exception {
        Explanation e = Paysign.explainXPayToken("K", null, "GET", "https://sandbox.api.visa.com/vdp/helloworld",
                null, false, Paysign.time(1));
        assertEquals("xpay", e.getScheme());
        assertEquals("1helloworldapikey=K", new String(e.getSigned(), StandardCharsets.UTF_8));
        assertFalse(e.getParts().isEmpty());
        assertTrue(e.getText().contains("helloworld"), e.getText());
        assertTrue(e.getHeaders().isEmpty());

        String token = Paysign.xPayToken("secret", "helloworld", "apikey=K", (byte[]) null, T);
        Diagnosis ok = Paysign.diagnoseXPayToken(token, "K", "secret", "GET",
                "https://sandbox.api.visa.com/vdp/helloworld?apikey=K", null, false, Paysign.time(T));
        assertTrue(ok.getValid(), ok.getMessage());
        assertTrue(ok.getMistakes().isEmpty());
        assertNull(ok.getExpected());

        String slash = Paysign.xPayToken("secret", "/helloworld", "apikey=K", (byte[]) null, T);
        Diagnosis wrong = Paysign.diagnoseXPayToken(slash, "K", "secret", "GET",
                "https://sandbox.api.visa.com/vdp/helloworld?apikey=K", null, false, Paysign.time(T));
        assertFalse(wrong.getValid());
        assertEquals(List.of("resource_path_leading_slash"), wrong.getMistakes());

        Explanation ps = Paysign.explainPaysimpleHeader("APIUser1000", null, Paysign.time("2017-07-20T20:45:44.0973928Z"));
        assertEquals("2017-07-20T20:45:44.0973928Z", new String(ps.getSigned(), StandardCharsets.UTF_8));
        Diagnosis psOk = Paysign.diagnosePaysimpleHeader(
                Paysign.paysimpleHeader("APIUser1000", "my_api_key", "2017-07-20T20:45:44.0973928Z"),
                "APIUser1000", "my_api_key");
        assertTrue(psOk.getValid(), psOk.getMessage());
    }

    @Test
    void verifiersAndStoreFromJava() throws Exception {
        Set<String> remembered = ConcurrentHashMap.newKeySet();
        ReplayStore store = (key, ttlSeconds) -> remembered.add(key);
        try (XPayVerifier verifier = Paysign.xPayVerifier(Map.of("K", "secret"), store);
             XPaySigner signer = Paysign.xPaySigner("K", "secret")) {
            SignedRequest signed = signer.sign("GET", "https://sandbox.api.visa.com/vdp/helloworld", null, Paysign.time(T));
            Verified ok = verifier.verify("GET", signed.getUrl(), signed.getHeaders(), null, T);
            assertEquals("xpay", ok.getScheme());
            assertEquals("K", ok.getKeyId());
            assertNull(ok.getMerchantId());
            assertEquals(T, ok.getTimestamp());
            assertEquals(1, remembered.size());
            PaysignException.VerificationFailed again = assertThrows(PaysignException.VerificationFailed.class,
                    () -> verifier.verify("GET", signed.getUrl(), signed.getHeaders(), null, T));
            assertEquals("replayed", again.getReason());
        }
        try (PaySimpleVerifier verifier = Paysign.paySimpleVerifier(Map.of("APIUser1000", "my_api_key"), 60L, false)) {
            String header = Paysign.paysimpleHeader("APIUser1000", "my_api_key");
            List<HttpHeader> headers = List.of(Paysign.header("Authorization", header));
            assertEquals("APIUser1000", verifier.verify("GET", "/v4/customer", headers, null, null).getKeyId());
            verifier.verify("GET", "/v4/customer", headers, null, null); // replay protection off
        }
        try (CyberSourceVerifier verifier = Paysign.cyberSourceVerifier(Map.of("key-1", "c2VjcmV0"))) {
            Map<String, String> sent = Paysign.cybersourceSignature("key-1", "c2VjcmV0", "testrest", "h", "GET", "/r");
            Verified ok = verifier.verify("GET", "/r", Paysign.headers(sent), null, null);
            assertEquals("testrest", ok.getMerchantId());
        }
    }

    @Test
    void webhookFromJava() throws Exception {
        String key = "c2VjcmV0LWtleQ==";
        String body = "{\"eventType\":\"x\"}";
        String value = Paysign.cybersourceWebhookSignature("key-1", key, body, T * 1000);
        try (CyberSourceWebhookVerifier verifier = Paysign.cyberSourceWebhookVerifier(Map.of("key-1", key))) {
            Verified ok = verifier.verify(List.of(Paysign.header("v-c-signature", value)),
                    body.getBytes(StandardCharsets.UTF_8), T);
            assertEquals("cybersource-webhook", ok.getScheme());
            assertEquals("key-1", ok.getKeyId());
            assertEquals(T, ok.getTimestamp());
            PaysignException.VerificationFailed tampered = assertThrows(PaysignException.VerificationFailed.class,
                    () -> verifier.verify(List.of(Paysign.header("v-c-signature", value)),
                            (body + " ").getBytes(StandardCharsets.UTF_8), T));
            assertEquals("signature_mismatch", tampered.getReason());
        }
    }

    @Test
    void exceptionsFromJava() {
        PaysignException.InvalidArgument bad = assertThrows(PaysignException.InvalidArgument.class,
                () -> Paysign.paysimpleHeader("user;name", "my_api_key", "2017-07-20T20:45:44.0973928Z"));
        assertEquals("username", bad.getField());
        assertTrue(bad.getMessage().contains("username"), bad.getMessage());
        assertFalse(bad.getMessage().contains("my_api_key"), bad.getMessage());

        PaysignException failed = assertThrows(PaysignException.class,
                () -> Paysign.verifyPaysimpleHeader("PSSERVER nothing", "my_api_key"));
        assertTrue(failed instanceof PaysignException.VerificationFailed);
        assertEquals("malformed_header", ((PaysignException.VerificationFailed) failed).getReason());

        PaysignException.InvalidArgument nanos = assertThrows(PaysignException.InvalidArgument.class,
                () -> Paysign.paySimpleSigner("u", "k").sign("GET", "https://h/", null, Paysign.time(0, -1)));
        assertEquals("nanos", nanos.getField());
    }
}
