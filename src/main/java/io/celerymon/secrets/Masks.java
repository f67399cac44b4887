package io.celerymon.secrets;

/** What a hidden secret is shown as. */
public final class Masks {
    /** A hidden value under a secret key, as in Celery's {@code conf} censoring. */
    public static final String VALUE = "********";
    /** A hidden password in a URL, a parameter or a line of text. */
    public static final String PASSWORD = "****";

    private Masks() {
    }
}
