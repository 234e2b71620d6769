package com.dataforge.domain.failure;

/** The request carries more than the server accepts in one go: {@link #limit()} names the limit that was hit. */
public final class TooLargeException extends DataForgeException {

    private final String limit;

    public TooLargeException(String limit, String message) {
        super(message);
        this.limit = limit;
    }

    public String limit() {
        return limit;
    }
}
