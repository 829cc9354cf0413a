package dev.paysign.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.NativeLongByReference;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signing and verification of Visa X-Pay-Token, CyberSource HTTP Signature and
 * PaySimple PSSERVER requests, over the C library {@code libpaysign}.
 *
 * <p>Every rule lives in the library; this class only converts Java values and
 * maps status codes to exceptions: a bad argument is a {@link PaysignException}
 * (an {@link IllegalArgumentException} naming the argument in
 * {@link PaysignException#field()}), a request that does not verify a
 * {@link VerificationException} with a stable {@link VerificationException#reason()}.
 * A required argument that is {@code null} is a {@link NullPointerException}.
 * Messages never contain a secret.
 *
 * <p>The library is {@code $PAYSIGN_LIB} (a full path to {@code libpaysign.so})
 * when that variable is set, else {@code paysign} found the JNA way: in
 * {@code -Djna.library.path=...}, then the system library path
 * ({@code LD_LIBRARY_PATH}, the ld.so cache, {@code /usr/lib}).
 *
 * <p>Times are Unix seconds. Bodies are bytes; {@code null} is an empty body.
 * Thread-safe.
 */
public final class Paysign {
    /** As a time argument: the current time ({@code PAYSIGN_NOW}). */
    public static final long NOW = Long.MIN_VALUE;
    /** As {@code maxSkew}: the library's default window, 300 s ({@code PAYSIGN_DEFAULT_MAX_SKEW}). */
    public static final long DEFAULT_MAX_SKEW = Long.MIN_VALUE;

    private Paysign() {}

    /** The C functions, as in {@code paysign.h}; size_t is a C long on every Unix. */
    interface Lib extends Library {
        String paysign_version();

        int paysign_last_error(byte[] buf, NativeLong cap, NativeLongByReference len);

        int paysign_last_field(byte[] buf, NativeLong cap, NativeLongByReference len);

        int paysign_last_reason(byte[] buf, NativeLong cap, NativeLongByReference len);

        int paysign_x_pay_token(byte[] sharedSecret, byte[] resourcePath, byte[] queryString,
                                byte[] body, NativeLong bodyLen, long timestamp,
                                byte[] out, NativeLong outCap, NativeLongByReference outLen);

        int paysign_cybersource_signature(byte[] keyId, byte[] sharedSecret, byte[] merchantId,
                                          byte[] host, byte[] method, byte[] requestTarget,
                                          byte[] body, NativeLong bodyLen, byte[] date,
                                          byte[] out, NativeLong outCap, NativeLongByReference outLen);

        int paysign_paysimple_header(byte[] username, byte[] apiKey, byte[] timestamp,
                                     byte[] out, NativeLong outCap, NativeLongByReference outLen);

        int paysign_verify_x_pay_token(byte[] sharedSecret, byte[] token, byte[] resourcePath,
                                       byte[] queryString, byte[] body, NativeLong bodyLen,
                                       long now, long maxSkew);

        int paysign_verify_cybersource_signature(byte[] sharedSecret, byte[] headers, byte[] method,
                                                 byte[] requestTarget, byte[] body, NativeLong bodyLen,
                                                 long now, long maxSkew);

        int paysign_verify_paysimple_header(byte[] header, byte[] apiKey, long now, long maxSkew);

        int paysign_x_pay_sign_request(byte[] apiKey, byte[] sharedSecret, byte[] method, byte[] url,
                                       byte[] body, NativeLong bodyLen, long timestamp, int fullPath,
                                       byte[] outUrl, NativeLong outUrlCap, NativeLongByReference outUrlLen,
                                       byte[] outHeaders, NativeLong outHeadersCap,
                                       NativeLongByReference outHeadersLen);

        int paysign_cybersource_sign_request(byte[] merchantId, byte[] keyId, byte[] sharedSecret,
                                             byte[] method, byte[] url, byte[] body, NativeLong bodyLen,
                                             long unixTime,
                                             byte[] outUrl, NativeLong outUrlCap, NativeLongByReference outUrlLen,
                                             byte[] outHeaders, NativeLong outHeadersCap,
                                             NativeLongByReference outHeadersLen);

        int paysign_paysimple_sign_request(byte[] username, byte[] apiKey, byte[] method, byte[] url,
                                           byte[] body, NativeLong bodyLen, long unixTime, int nanos,
                                           byte[] outUrl, NativeLong outUrlCap, NativeLongByReference outUrlLen,
                                           byte[] outHeaders, NativeLong outHeadersCap,
                                           NativeLongByReference outHeadersLen);

        int paysign_hmac_sha256(byte[] key, NativeLong keyLen, byte[] data, NativeLong dataLen,
                                byte[] out, NativeLong outCap, NativeLongByReference outLen);
    }

    private static final int OK = 0, NULL_ARGUMENT = 1, INVALID_UTF8 = 2, INVALID_ARGUMENT = 3,
            BUFFER_TOO_SMALL = 4, VERIFICATION_FAILED = 5;

    private static final class Holder {
        static final Lib LIB = load();

        private static Lib load() {
            String path = System.getenv("PAYSIGN_LIB");
            return Native.load(path != null && !path.isEmpty() ? path : "paysign", Lib.class);
        }
    }

    private static Lib lib() {
        return Holder.LIB;
    }

    /** The library's version, e.g. {@code "0.1.0"}. */
    public static String version() {
        return lib().paysign_version();
    }

    // ---------------------------------------------------------------- signers

    /** The {@code x-pay-token} value over exactly these parts, now. */
    public static String xPayToken(String sharedSecret, String resourcePath, String queryString, byte[] body) {
        return xPayToken(sharedSecret, resourcePath, queryString, body, NOW);
    }

    /** The {@code x-pay-token} value {@code xv2:<timestamp>:<hex>} over exactly these parts. */
    public static String xPayToken(String sharedSecret, String resourcePath, String queryString, byte[] body,
                                   long timestamp) {
        byte[] s = text(sharedSecret, "shared_secret"), p = text(resourcePath, "resource_path"),
                q = text(queryString, "query_string"), b = bytes(body);
        return output(64, (out, cap, len) ->
                lib().paysign_x_pay_token(s, p, q, b, size(b), timestamp, out, cap, len));
    }

    /**
     * The CyberSource headers to send, in order: {@code v-c-merchant-id}, {@code Date},
     * {@code Host}, {@code Digest} (POST, PUT, PATCH) and {@code Signature}. {@code date} is
     * an IMF-fixdate ({@code "Thu, 18 Jul 2019 00:18:03 GMT"}) or {@code null} for now.
     */
    public static Map<String, String> cybersourceSignature(String keyId, String sharedSecret, String merchantId,
                                                           String host, String method, String requestTarget,
                                                           byte[] body, String date) {
        byte[] k = text(keyId, "key_id"), s = text(sharedSecret, "shared_secret"),
                m = text(merchantId, "merchant_id"), h = text(host, "host"), me = text(method, "method"),
                t = text(requestTarget, "request_target"), b = bytes(body), d = text(date, "date");
        return headers(output(512 + size(k, s, m, h, t), (out, cap, len) -> lib().paysign_cybersource_signature(
                k, s, m, h, me, t, b, size(b), d, out, cap, len)));
    }

    /** The CyberSource headers to send, dated now. */
    public static Map<String, String> cybersourceSignature(String keyId, String sharedSecret, String merchantId,
                                                           String host, String method, String requestTarget,
                                                           byte[] body) {
        return cybersourceSignature(keyId, sharedSecret, merchantId, host, method, requestTarget, body, null);
    }

    /**
     * The PaySimple {@code Authorization} value {@code PSSERVER accessid=...; timestamp=...; signature=...};
     * {@code timestamp} is ISO-8601 text signed as given, or {@code null} for now (UTC).
     */
    public static String paysimpleHeader(String username, String apiKey, String timestamp) {
        byte[] u = text(username, "username"), k = text(apiKey, "api_key"), t = text(timestamp, "timestamp");
        return output(128 + size(u, t), (out, cap, len) -> lib().paysign_paysimple_header(u, k, t, out, cap, len));
    }

    /** The PaySimple {@code Authorization} value, now. */
    public static String paysimpleHeader(String username, String apiKey) {
        return paysimpleHeader(username, apiKey, null);
    }

    /**
     * Signs a whole X-Pay request from its URL: the URL to send (query sorted, {@code apikey}
     * added) and the headers ({@code x-pay-token}, {@code Accept}, {@code Content-Type} with a
     * body). {@code fullPath} signs the whole path instead of dropping its first segment.
     */
    public static SignedRequest xPaySignRequest(String apiKey, String sharedSecret, String method, String url,
                                                byte[] body, boolean fullPath, long timestamp) {
        byte[] k = text(apiKey, "api_key"), s = text(sharedSecret, "shared_secret"), m = text(method, "method"),
                u = text(url, "url"), b = bytes(body);
        return outputs(size(k, u), (o1, c1, l1, o2, c2, l2) -> lib().paysign_x_pay_sign_request(
                k, s, m, u, b, size(b), timestamp, fullPath ? 1 : 0, o1, c1, l1, o2, c2, l2));
    }

    /** Signs a whole X-Pay request from its URL, now. */
    public static SignedRequest xPaySignRequest(String apiKey, String sharedSecret, String method, String url,
                                                byte[] body, boolean fullPath) {
        return xPaySignRequest(apiKey, sharedSecret, method, url, body, fullPath, NOW);
    }

    /** Signs a whole CyberSource request from its URL ({@code Host} and target from the URL). */
    public static SignedRequest cybersourceSignRequest(String merchantId, String keyId, String sharedSecret,
                                                       String method, String url, byte[] body, long unixTime) {
        byte[] m = text(merchantId, "merchant_id"), k = text(keyId, "key_id"),
                s = text(sharedSecret, "shared_secret"), me = text(method, "method"), u = text(url, "url"),
                b = bytes(body);
        return outputs(size(m, k, u), (o1, c1, l1, o2, c2, l2) -> lib().paysign_cybersource_sign_request(
                m, k, s, me, u, b, size(b), unixTime, o1, c1, l1, o2, c2, l2));
    }

    /** Signs a whole CyberSource request from its URL, dated now. */
    public static SignedRequest cybersourceSignRequest(String merchantId, String keyId, String sharedSecret,
                                                       String method, String url, byte[] body) {
        return cybersourceSignRequest(merchantId, keyId, sharedSecret, method, url, body, NOW);
    }

    /**
     * Signs a whole PaySimple request: the URL to send and {@code Authorization}, timestamped
     * {@code unixTime} + {@code nanos} (0..999999999) in UTC.
     */
    public static SignedRequest paysimpleSignRequest(String username, String apiKey, String method, String url,
                                                     byte[] body, long unixTime, int nanos) {
        byte[] n = text(username, "username"), k = text(apiKey, "api_key"), m = text(method, "method"),
                u = text(url, "url"), b = bytes(body);
        return outputs(size(n, u), (o1, c1, l1, o2, c2, l2) -> lib().paysign_paysimple_sign_request(
                n, k, m, u, b, size(b), unixTime, nanos, o1, c1, l1, o2, c2, l2));
    }

    /** Signs a whole PaySimple request, now. */
    public static SignedRequest paysimpleSignRequest(String username, String apiKey, String method, String url,
                                                     byte[] body) {
        return paysimpleSignRequest(username, apiKey, method, url, body, NOW, 0);
    }

    /** HMAC-SHA256 of {@code data} under {@code key}: 32 bytes. */
    public static byte[] hmacSha256(byte[] key, byte[] data) {
        byte[] k = bytes(key), d = bytes(data), out = new byte[32];
        NativeLongByReference len = new NativeLongByReference();
        check(lib().paysign_hmac_sha256(k, size(k), d, size(d), out, new NativeLong(out.length), len));
        return out;
    }

    // -------------------------------------------------------------- verifiers

    /**
     * Verifies a received X-Pay-Token against the request's parts at {@code now} (Unix seconds
     * or {@link #NOW}), within {@code maxSkew} seconds (or {@link #DEFAULT_MAX_SKEW}).
     *
     * @throws VerificationException when it does not verify; {@code reason()} says why
     */
    public static void verifyXPayToken(String sharedSecret, String token, String resourcePath, String queryString,
                                       byte[] body, long now, long maxSkew) {
        byte[] b = bytes(body);
        check(lib().paysign_verify_x_pay_token(text(sharedSecret, "shared_secret"), text(token, "token"),
                text(resourcePath, "resource_path"), text(queryString, "query_string"), b, size(b), now, maxSkew));
    }

    /** Verifies a received X-Pay-Token now, within the default window. */
    public static void verifyXPayToken(String sharedSecret, String token, String resourcePath, String queryString,
                                       byte[] body) {
        verifyXPayToken(sharedSecret, token, resourcePath, queryString, body, NOW, DEFAULT_MAX_SKEW);
    }

    /**
     * Verifies a received CyberSource request. {@code headers}: the received headers, names
     * in any case, other headers allowed.
     *
     * @throws VerificationException when it does not verify; {@code reason()} says why
     */
    public static void verifyCybersourceSignature(String sharedSecret, Map<String, String> headers, String method,
                                                  String requestTarget, byte[] body, long now, long maxSkew) {
        byte[] b = bytes(body);
        check(lib().paysign_verify_cybersource_signature(text(sharedSecret, "shared_secret"), block(headers),
                text(method, "method"), text(requestTarget, "request_target"), b, size(b), now, maxSkew));
    }

    /** Verifies a received CyberSource request now, within the default window. */
    public static void verifyCybersourceSignature(String sharedSecret, Map<String, String> headers, String method,
                                                  String requestTarget, byte[] body) {
        verifyCybersourceSignature(sharedSecret, headers, method, requestTarget, body, NOW, DEFAULT_MAX_SKEW);
    }

    /**
     * Verifies a received PaySimple {@code Authorization} value (used exactly, not trimmed).
     *
     * @throws VerificationException when it does not verify; {@code reason()} says why
     */
    public static void verifyPaysimpleHeader(String header, String apiKey, long now, long maxSkew) {
        check(lib().paysign_verify_paysimple_header(text(header, "header"), text(apiKey, "api_key"), now, maxSkew));
    }

    /** Verifies a received PaySimple {@code Authorization} value now, within the default window. */
    public static void verifyPaysimpleHeader(String header, String apiKey) {
        verifyPaysimpleHeader(header, apiKey, NOW, DEFAULT_MAX_SKEW);
    }

    // ------------------------------------------------------------- conversion

    /** Java text as NUL-terminated UTF-8; {@code null} stays NULL (the library names it). */
    private static byte[] text(String s, String field) {
        if (s == null) {
            return null;
        }
        if (s.indexOf('\0') >= 0) {
            throw new PaysignException(field + ": contains U+0000, which C text cannot carry", field);
        }
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(s));
        } catch (CharacterCodingException e) {
            throw new PaysignException(field + ": not valid Unicode (an unpaired surrogate)", field);
        }
        byte[] out = new byte[encoded.remaining() + 1];
        encoded.get(out, 0, out.length - 1);
        return out;
    }

    private static byte[] bytes(byte[] b) {
        return b == null || b.length == 0 ? null : b;
    }

    private static NativeLong size(byte[] b) {
        return new NativeLong(b == null ? 0 : b.length);
    }

    private static int size(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p == null ? 0 : p.length;
        }
        return n;
    }

    /** The received headers as the {@code Name: value\r\n} block the library reads. */
    private static byte[] block(Map<String, String> headers) {
        if (headers == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            String name = e.getKey(), value = e.getValue();
            if (name == null || value == null) {
                throw new NullPointerException("headers: a null name or value");
            }
            if (name.indexOf(':') >= 0 || lineBreak(name) || lineBreak(value)) {
                throw new PaysignException("headers: a name holds ':' or a line break, or a value a line break",
                        "headers");
            }
            sb.append(name).append(": ").append(value).append("\r\n");
        }
        return text(sb.toString(), "headers");
    }

    private static boolean lineBreak(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }

    /** A {@code Name: value\r\n} block as an ordered map. */
    private static Map<String, String> headers(String block) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : block.split("\r\n")) {
            int sep = line.indexOf(": ");
            if (sep > 0) {
                map.put(line.substring(0, sep), line.substring(sep + 2));
            }
        }
        return Collections.unmodifiableMap(map);
    }

    private interface Call {
        int run(byte[] out, NativeLong cap, NativeLongByReference len);
    }

    private interface Call2 {
        int run(byte[] out1, NativeLong cap1, NativeLongByReference len1,
                byte[] out2, NativeLong cap2, NativeLongByReference len2);
    }

    /** Calls with a buffer, and again with the size the library asks for if it was too small. */
    private static String output(int guess, Call call) {
        byte[] out = new byte[guess + 128];
        NativeLongByReference len = new NativeLongByReference();
        int status;
        while ((status = call.run(out, new NativeLong(out.length), len)) == BUFFER_TOO_SMALL) {
            out = new byte[(int) len.getValue().longValue() + 1];
        }
        check(status);
        return new String(out, 0, (int) len.getValue().longValue(), StandardCharsets.UTF_8);
    }

    private static SignedRequest outputs(int guess, Call2 call) {
        byte[] url = new byte[guess + 256], hdrs = new byte[guess + 1024];
        NativeLongByReference urlLen = new NativeLongByReference(), hdrsLen = new NativeLongByReference();
        int status;
        while ((status = call.run(url, new NativeLong(url.length), urlLen,
                hdrs, new NativeLong(hdrs.length), hdrsLen)) == BUFFER_TOO_SMALL) {
            url = new byte[(int) urlLen.getValue().longValue() + 1];
            hdrs = new byte[(int) hdrsLen.getValue().longValue() + 1];
        }
        check(status);
        return new SignedRequest(
                new String(url, 0, (int) urlLen.getValue().longValue(), StandardCharsets.UTF_8),
                headers(new String(hdrs, 0, (int) hdrsLen.getValue().longValue(), StandardCharsets.UTF_8)));
    }

    /** A status as an exception, with this thread's last failure (JNA calls stay on the calling thread). */
    private static void check(int status) {
        if (status == OK) {
            return;
        }
        String message = last(0), field = last(1);
        switch (status) {
            case NULL_ARGUMENT:
                throw new NullPointerException(message);
            case INVALID_UTF8:
            case INVALID_ARGUMENT:
                throw new PaysignException(message, field.isEmpty() ? null : field);
            case VERIFICATION_FAILED:
                throw new VerificationException(message, last(2));
            default:
                throw new IllegalStateException("paysign: status " + status + ": " + message);
        }
    }

    private static String last(int which) {
        byte[] buf = new byte[512];
        NativeLongByReference len = new NativeLongByReference();
        for (;;) {
            NativeLong cap = new NativeLong(buf.length);
            int status = which == 0 ? lib().paysign_last_error(buf, cap, len)
                    : which == 1 ? lib().paysign_last_field(buf, cap, len)
                    : lib().paysign_last_reason(buf, cap, len);
            if (status != BUFFER_TOO_SMALL) {
                return status == OK ? new String(buf, 0, (int) len.getValue().longValue(), StandardCharsets.UTF_8)
                        : "";
            }
            buf = new byte[(int) len.getValue().longValue() + 1];
        }
    }
}
