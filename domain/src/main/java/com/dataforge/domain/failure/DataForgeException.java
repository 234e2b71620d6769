package com.dataforge.domain.failure;

import java.util.Optional;

/**
 * A failure whose message is written for the client: it names the input that caused it and what to do. Where the
 * client can look the right input up, {@link #seeAlso()} says what to read, and the adapter that answers says how.
 */
public abstract sealed class DataForgeException extends RuntimeException
        permits ConflictException, ForbiddenException, InvalidRequestException, NotFoundException,
        ServiceUnavailableException, TooLargeException {

    private final SeeAlso seeAlso;

    protected DataForgeException(String message) {
        this(message, (SeeAlso) null);
    }

    protected DataForgeException(String message, SeeAlso seeAlso) {
        super(message);
        this.seeAlso = seeAlso;
    }

    protected DataForgeException(String message, Throwable cause) {
        super(message, cause);
        this.seeAlso = null;
    }

    public Optional<SeeAlso> seeAlso() {
        return Optional.ofNullable(seeAlso);
    }
}
