package dev.paysign.jna;

/**
 * A request that did not verify. {@link #reason()} is a stable code:
 * {@code malformed_header}, {@code missing_header}, {@code timestamp_out_of_window},
 * {@code signature_mismatch}, {@code digest_mismatch}, {@code headers_list_mismatch},
 * {@code unsupported_algorithm}, {@code unknown_key_id} or {@code unknown_access_id}.
 */
public class VerificationException extends PaysignException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public VerificationException(String message, String reason) {
        super(message, null);
        this.reason = reason;
    }

    /** Why the request did not verify, as a stable code. */
    public String reason() {
        return reason;
    }
}
