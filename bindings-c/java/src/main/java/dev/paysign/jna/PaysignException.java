package dev.paysign.jna;

/**
 * A bad argument: one paysign cannot use. The message is {@code "<field>: <problem>"};
 * {@link #field()} names the argument as the library does ({@code "key_id"}, {@code "date"},
 * {@code "url"}, ...). Messages never contain a secret.
 */
public class PaysignException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public PaysignException(String message, String field) {
        super(message);
        this.field = field;
    }

    /** The argument the failure is about, or {@code null} (always for a {@link VerificationException}). */
    public String field() {
        return field;
    }
}
