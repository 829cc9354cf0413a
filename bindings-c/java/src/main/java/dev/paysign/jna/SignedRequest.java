package dev.paysign.jna;

import java.util.Map;

/** What a request signer gives: the URL to send and the headers to add, in sending order. */
public final class SignedRequest {
    private final String url;
    private final Map<String, String> headers;

    SignedRequest(String url, Map<String, String> headers) {
        this.url = url;
        this.headers = headers;
    }

    /** The URL to send. */
    public String url() {
        return url;
    }

    /** The headers to add (an unmodifiable, ordered map). */
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public String toString() {
        return "SignedRequest[url=" + url + ", headers=" + headers.keySet() + "]";
    }
}
