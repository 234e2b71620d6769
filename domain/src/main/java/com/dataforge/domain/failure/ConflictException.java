package com.dataforge.domain.failure;

/** The request collides with data already stored, such as a row whose primary key exists. */
public final class ConflictException extends DataForgeException {

    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
