package com.dataforge.domain.failure;

/** A failure whose message is written for the client: it names the input that caused it and what to do. */
public abstract sealed class DataForgeException extends RuntimeException
        permits ConflictException, ForbiddenException, InvalidRequestException, NotFoundException,
        ServiceUnavailableException, TooLargeException {

    protected DataForgeException(String message) {
        super(message);
    }

    protected DataForgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
