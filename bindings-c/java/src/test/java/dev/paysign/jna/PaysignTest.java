package dev.paysign.jna;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every vector of tests/vectors through the wrapper, then bad inputs. */
class PaysignTest {
    static final String CS_SECRET = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=";
    static final String CS_DATE = "Thu, 18 Jul 2019 00:18:03 GMT";

    static JsonObject load(String file) throws IOException {
        Path dir = Paths.get(System.getProperty("paysign.vectors", "../../tests/vectors"));
        return JsonParser.parseString(Files.readString(dir.resolve(file), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    static List<JsonObject> list(JsonObject doc, String key) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : doc.getAsJsonArray(key)) {
            out.add(e.getAsJsonObject());
        }
        return out;
    }

    static String s(JsonObject o, String key) {
        return o.get(key).getAsString();
    }

    static long l(JsonObject o, String key) {
        return o.get(key).getAsLong();
    }

    static byte[] body(JsonObject v) {
        byte[] chunk = Base64.getDecoder().decode(s(v, "body_b64"));
        int repeat = v.has("body_repeat") ? v.get("body_repeat").getAsInt() : 1;
        byte[] out = new byte[chunk.length * repeat];
        for (int i = 0; i < repeat; i++) {
            System.arraycopy(chunk, 0, out, i * chunk.length, chunk.length);
        }
        return out;
    }

    static Map<String, String> headers(JsonObject o) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            m.put(e.getKey(), e.getValue().getAsString());
        }
        return m;
    }

    static Stream<DynamicTest> each(JsonObject doc, String key, Check check) {
        return list(doc, key).stream().map(v -> dynamicTest(s(v, "name"), () -> check.run(v)));
    }

    interface Check {
        void run(JsonObject v) throws Exception;
    }

    // ---------------------------------------------------------------- vectors

    @TestFactory
    Stream<DynamicTest> xpaySign() throws IOException {
        return each(load("xpay.json"), "sign", v -> {
            JsonObject want = v.getAsJsonObject("expected");
            String token = Paysign.xPayToken(s(v, "shared_secret"), s(v, "resource_path"), s(v, "query_string"),
                    body(v), l(v, "timestamp"));
            assertEquals(s(want, "token"), token);
            Paysign.verifyXPayToken(s(v, "shared_secret"), token, s(v, "resource_path"), s(v, "query_string"),
                    body(v), l(v, "timestamp"), 0);
        });
    }

    @TestFactory
    Stream<DynamicTest> xpayRequest() throws IOException {
        return each(load("xpay.json"), "request", v -> {
            JsonObject want = v.getAsJsonObject("expected");
            SignedRequest r = Paysign.xPaySignRequest(s(v, "api_key"), s(v, "shared_secret"), s(v, "method"),
                    s(v, "url"), body(v), v.get("full_path").getAsBoolean(), l(v, "timestamp"));
            assertEquals(s(want, "url"), r.url());
            Map<String, String> headers = headers(want.getAsJsonObject("headers"));
            assertEquals(headers, r.headers());
            // The resource path and query signed: the flat token over the expected parts.
            assertEquals(headers.get("x-pay-token"), Paysign.xPayToken(s(v, "shared_secret"),
                    s(want, "resource_path"), s(want, "query_string"), body(v), l(v, "timestamp")));
        });
    }

    @TestFactory
    Stream<DynamicTest> cybersourceSign() throws IOException {
        return each(load("cybersource.json"), "sign", v -> {
            Map<String, String> got = Paysign.cybersourceSignature(s(v, "key_id"), s(v, "shared_secret"),
                    s(v, "merchant_id"), s(v, "host"), s(v, "method"), s(v, "request_target"), body(v),
                    s(v, "date"));
            assertEquals(headers(v.getAsJsonObject("expected").getAsJsonObject("headers")), got);
            assertEquals(List.of("v-c-merchant-id", "Date", "Host"), new ArrayList<>(got.keySet()).subList(0, 3));
            Paysign.verifyCybersourceSignature(s(v, "shared_secret"), got, s(v, "method"), s(v, "request_target"),
                    body(v), Paysign.NOW, Long.MAX_VALUE);
        });
    }

    @TestFactory
    Stream<DynamicTest> cybersourceRequest() throws IOException {
        return each(load("cybersource.json"), "request", v -> {
            JsonObject want = v.getAsJsonObject("expected");
            SignedRequest r = Paysign.cybersourceSignRequest(s(v, "merchant_id"), s(v, "key_id"),
                    s(v, "shared_secret"), s(v, "method"), s(v, "url"), body(v), l(v, "time"));
            assertEquals(s(want, "url"), r.url());
            Map<String, String> headers = headers(want.getAsJsonObject("headers"));
            assertEquals(headers, r.headers());
            assertEquals(s(want, "date"), r.headers().get("Date"));
            // Host and request target: the flat signer over the expected ones agrees.
            assertEquals(headers, Paysign.cybersourceSignature(s(v, "key_id"), s(v, "shared_secret"),
                    s(v, "merchant_id"), s(want, "host"), s(v, "method"), s(want, "request_target"), body(v),
                    s(want, "date")));
        });
    }

    @TestFactory
    Stream<DynamicTest> paysimpleSign() throws IOException {
        return each(load("paysimple.json"), "sign", v -> {
            JsonObject want = v.getAsJsonObject("expected");
            String header = Paysign.paysimpleHeader(s(v, "username"), s(v, "api_key"), s(v, "timestamp"));
            assertEquals(s(want, "header"), header);
            assertTrue(header.endsWith("; signature=" + s(want, "signature")));
            Paysign.verifyPaysimpleHeader(header, s(v, "api_key"), Paysign.NOW, Long.MAX_VALUE);
        });
    }

    @TestFactory
    Stream<DynamicTest> paysimpleRequest() throws IOException {
        return each(load("paysimple.json"), "request", v -> {
            JsonObject want = v.getAsJsonObject("expected");
            SignedRequest r = Paysign.paysimpleSignRequest(s(v, "username"), s(v, "api_key"), s(v, "method"),
                    s(v, "url"), null, l(v, "time"), v.get("nanos").getAsInt());
            Map<String, String> headers = headers(want.getAsJsonObject("headers"));
            assertEquals(headers, r.headers());
            assertFalse(r.url().isEmpty());
            assertEquals(headers.get("Authorization"),
                    Paysign.paysimpleHeader(s(v, "username"), s(v, "api_key"), s(want, "timestamp")));
        });
    }

    @TestFactory
    Stream<DynamicTest> hmacRfc4231() throws IOException {
        return each(load("hmac_sha256_rfc4231.json"), "cases", v -> {
            byte[] mac = Paysign.hmacSha256(hex(s(v, "key_hex")), hex(s(v, "data_hex")));
            StringBuilder sb = new StringBuilder();
            for (byte b : mac) {
                sb.append(String.format("%02x", b));
            }
            assertEquals(s(v, "mac_hex"), sb.substring(0, v.get("truncate_bits").getAsInt() / 4));
        });
    }

    static byte[] hex(String h) {
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static void outcome(JsonObject v, Runnable verify) {
        String expected = s(v, "expected");
        if (expected.equals("valid")) {
            verify.run();
        } else {
            VerificationException e = assertThrows(VerificationException.class, verify::run);
            assertEquals(expected, e.reason());
            assertNull(e.field());
            assertFalse(e.getMessage().isEmpty());
        }
    }

    @TestFactory
    Stream<DynamicTest> verify() throws IOException {
        JsonObject doc = load("verify.json");
        return Stream.of(
                each(doc, "xpay", v -> outcome(v, () -> Paysign.verifyXPayToken(s(v, "shared_secret"),
                        s(v, "token"), s(v, "resource_path"), s(v, "query_string"), body(v), l(v, "now"),
                        l(v, "max_skew")))),
                each(doc, "cybersource", v -> outcome(v, () -> Paysign.verifyCybersourceSignature(
                        s(v, "shared_secret"), headers(v.getAsJsonObject("headers")), s(v, "method"),
                        s(v, "request_target"), body(v), l(v, "now"), l(v, "max_skew")))),
                each(doc, "paysimple", v -> outcome(v, () -> Paysign.verifyPaysimpleHeader(s(v, "header"),
                        s(v, "api_key"), l(v, "now"), l(v, "max_skew"))))
        ).flatMap(x -> x);
    }

    static void invalid(JsonObject v, String secret, Runnable sign) {
        PaysignException e = assertThrows(PaysignException.class, sign::run);
        assertFalse(e instanceof VerificationException);
        assertEquals(s(v, "field"), e.field());
        assertTrue(e.getMessage().startsWith(s(v, "field") + ":"), e.getMessage());
        if (secret.length() >= 4) {
            assertFalse(e.getMessage().contains(secret), "the message shows the secret");
        }
    }

    @TestFactory
    Stream<DynamicTest> invalid() throws IOException {
        JsonObject doc = load("invalid.json");
        return Stream.of(
                each(doc, "xpay", v -> {
                    JsonObject a = v.getAsJsonObject("args");
                    invalid(v, s(a, "shared_secret"), () -> Paysign.xPayToken(s(a, "shared_secret"),
                            s(a, "resource_path"), s(a, "query_string"), body(a), l(a, "timestamp")));
                }),
                each(doc, "cybersource", v -> {
                    JsonObject a = v.getAsJsonObject("args");
                    invalid(v, s(a, "shared_secret"), () -> Paysign.cybersourceSignature(s(a, "key_id"),
                            s(a, "shared_secret"), s(a, "merchant_id"), s(a, "host"), s(a, "method"),
                            s(a, "request_target"), body(a), s(a, "date")));
                }),
                each(doc, "paysimple", v -> {
                    JsonObject a = v.getAsJsonObject("args");
                    invalid(v, s(a, "api_key"), () -> Paysign.paysimpleHeader(s(a, "username"), s(a, "api_key"),
                            s(a, "timestamp")));
                })
        ).flatMap(x -> x);
    }

    // ------------------------------------------------------------- bad inputs

    @Test
    void nulInTextIsRefusedNamingTheField() {
        PaysignException e = assertThrows(PaysignException.class,
                () -> Paysign.xPayToken("s3cr\0t", "p", "apikey=K", null, 0));
        assertEquals("shared_secret", e.field());
        assertFalse(e.getMessage().contains("s3cr"));
        e = assertThrows(PaysignException.class,
                () -> Paysign.verifyPaysimpleHeader("PSSERVER accessid=u\0", "k"));
        assertEquals("header", e.field());
        e = assertThrows(PaysignException.class, () -> Paysign.verifyCybersourceSignature(CS_SECRET,
                Map.of("Host", "h\0"), "GET", "/", null));
        assertEquals("headers", e.field());
        e = assertThrows(PaysignException.class,
                () -> Paysign.xPaySignRequest("K", "s", "GET", "https://h/vdp/x?a=\0", null, false, 0));
        assertEquals("url", e.field());
    }

    @Test
    void headerMapThatCannotBeABlockIsRefused() {
        PaysignException e = assertThrows(PaysignException.class, () -> Paysign.verifyCybersourceSignature(
                CS_SECRET, Map.of("Host", "h\r\nDigest: x"), "GET", "/", null));
        assertEquals("headers", e.field());
        e = assertThrows(PaysignException.class, () -> Paysign.verifyCybersourceSignature(
                CS_SECRET, Map.of("Ho:st", "h"), "GET", "/", null));
        assertEquals("headers", e.field());
    }

    @Test
    void nullIsANullPointerException() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Paysign.xPayToken("s", null, "apikey=K", null, 0));
        assertTrue(e.getMessage().contains("resource_path"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Paysign.verifyPaysimpleHeader(null, "k"));
        assertThrows(NullPointerException.class,
                () -> Paysign.verifyCybersourceSignature(CS_SECRET, null, "GET", "/", null));
    }

    @Test
    void unpairedSurrogateIsRefused() {
        PaysignException e = assertThrows(PaysignException.class,
                () -> Paysign.paysimpleHeader("user\uD800", "k", null));
        assertEquals("username", e.field());
    }

    @Test
    void badArgumentsCarryTheLibraryMessageAndField() {
        PaysignException e = assertThrows(PaysignException.class,
                () -> Paysign.xPayToken("s", "p", "?apikey=K", null, 0));
        assertEquals("query_string", e.field());
        assertTrue(e.getMessage().startsWith("query_string: "), e.getMessage());
        e = assertThrows(PaysignException.class,
                () -> Paysign.xPaySignRequest("K", "s", "GET", "https://h/vdp/x?apiKey=K", null, false, 0));
        assertEquals("url", e.field());
        e = assertThrows(PaysignException.class,
                () -> Paysign.verifyXPayToken("s", "xv2:0:00", "p", "q", null, 0, -1));
        assertEquals("max_skew", e.field());
        e = assertThrows(PaysignException.class,
                () -> Paysign.paysimpleSignRequest("u", "k", "GET", "https://h/", null, 0, 1_000_000_000));
        assertFalse(e instanceof VerificationException);
        e = assertThrows(PaysignException.class,
                () -> Paysign.verifyCybersourceSignature("c2VjcmV0-not-base64", Map.of("Host", "h"), "GET", "/",
                        null, 0, 0));
        assertEquals("shared_secret", e.field());
        assertFalse(e.getMessage().contains("c2VjcmV0-not-base64"));
    }

    @Test
    void verificationFailureCarriesTheReason() {
        VerificationException e = assertThrows(VerificationException.class,
                () -> Paysign.verifyPaysimpleHeader("garbage", "k", 0, 0));
        assertEquals("malformed_header", e.reason());
        assertTrue(e.getMessage().startsWith("verification failed"), e.getMessage());
        e = assertThrows(VerificationException.class,
                () -> Paysign.verifyCybersourceSignature(CS_SECRET, Map.of(), "GET", "/", null, 0, 0));
        assertEquals("missing_header", e.reason());
    }

    @Test
    void nowAndTheDefaultWindow() {
        String token = Paysign.xPayToken("s", "p", "apikey=K", null);
        Paysign.verifyXPayToken("s", token, "p", "apikey=K", null);
        Map<String, String> h = Paysign.cybersourceSignature("k", CS_SECRET, "m", "h", "POST", "/p",
                "{}".getBytes(StandardCharsets.UTF_8));
        Paysign.verifyCybersourceSignature(CS_SECRET, h, "post", "/p", "{}".getBytes(StandardCharsets.UTF_8));
        Paysign.verifyPaysimpleHeader(Paysign.paysimpleHeader("u", "k"), "k");
        assertDoesNotThrow(() -> Paysign.xPaySignRequest("K", "s", "GET", "https://h/vdp/x", null, true));
        assertDoesNotThrow(() -> Paysign.cybersourceSignRequest("m", "k", CS_SECRET, "GET", "https://h/x", null));
        assertDoesNotThrow(() -> Paysign.paysimpleSignRequest("u", "k", "GET", "https://h/x", null));

        String fixed = Paysign.xPayToken("s", "p", "apikey=K", null, 1_000_000);
        Paysign.verifyXPayToken("s", fixed, "p", "apikey=K", null, 1_000_300, Paysign.DEFAULT_MAX_SKEW);
        VerificationException e = assertThrows(VerificationException.class, () -> Paysign.verifyXPayToken(
                "s", fixed, "p", "apikey=K", null, 1_000_301, Paysign.DEFAULT_MAX_SKEW));
        assertEquals("timestamp_out_of_window", e.reason());
    }

    @Test
    void bodiesAreBinaryAndOutputsGrow() {
        byte[] withNul = {'a', 0, 'b'};
        assertNotEquals(Paysign.xPayToken("s", "p", "apikey=K", withNul, 1),
                Paysign.xPayToken("s", "p", "apikey=K", new byte[] {'a'}, 1));
        assertEquals(Paysign.xPayToken("s", "p", "apikey=K", null, 1),
                Paysign.xPayToken("s", "p", "apikey=K", new byte[0], 1));
        // Outputs longer than the first buffer: the wrapper asks again with the size needed.
        String longQuery = "x=" + "y".repeat(20000);
        SignedRequest r = Paysign.xPaySignRequest("K", "s", "GET", "https://h/vdp/x?" + longQuery, null, false, 1);
        assertTrue(r.url().endsWith("&" + longQuery), r.url().substring(0, 60));
        Map<String, String> h = Paysign.cybersourceSignature("k", CS_SECRET, "m", "h", "GET",
                "/" + "z".repeat(5000), null, CS_DATE);
        assertEquals(4, h.size());
    }

    @Test
    void nonAsciiTextIsUtf8() {
        String header = Paysign.paysimpleHeader("usér", "kéy", "2017-07-20T20:45:44.0973928Z");
        assertTrue(header.startsWith("PSSERVER accessid=usér; "), header);
        Paysign.verifyPaysimpleHeader(header, "kéy", 1500583544, 10);
    }

    @Test
    void eachThreadGetsItsOwnError() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final int n = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        if ((i + n) % 2 == 0) {
                            PaysignException e = assertThrows(PaysignException.class,
                                    () -> Paysign.xPayToken("s", "p\n", "q", null, 0));
                            assertEquals("resource_path", e.field());
                        } else {
                            VerificationException e = assertThrows(VerificationException.class,
                                    () -> Paysign.verifyXPayToken("s", "xv2:0:nothex", "p", "q", null, 0, 0));
                            assertEquals("malformed_header", e.reason());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void version() {
        assertTrue(Paysign.version().matches("\\d+\\.\\d+\\.\\d+.*"), Paysign.version());
    }

    @Test
    void hmacTakesEmptyInputs() {
        assertArrayEquals(Paysign.hmacSha256(new byte[0], null), Paysign.hmacSha256(null, new byte[0]));
    }
}
