package com.dataforge.domain.failure;

/** The request is malformed: {@link #parameter()} names the parameter, path segment or body part at fault. */
public final class InvalidRequestException extends DataForgeException {

    private final String parameter;

    public InvalidRequestException(String parameter, String message) {
        this(parameter, message, null);
    }

    public InvalidRequestException(String parameter, String message, SeeAlso seeAlso) {
        super(message, seeAlso);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
