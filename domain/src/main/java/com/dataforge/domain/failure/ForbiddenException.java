package com.dataforge.domain.failure;

/**
 * The request is understood but the caller may not do it: a write that would put a row outside the rows its key may
 * write. {@link #parameter()} names the column at fault. Nothing was written.
 */
public final class ForbiddenException extends DataForgeException {

    private final String parameter;

    public ForbiddenException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
