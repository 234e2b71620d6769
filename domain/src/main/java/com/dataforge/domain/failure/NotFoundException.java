package com.dataforge.domain.failure;

/** The request names something that does not exist, such as a schema. */
public final class NotFoundException extends DataForgeException {

    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, SeeAlso seeAlso) {
        super(message, seeAlso);
    }

    public static NotFoundException schema(String name) {
        return new NotFoundException("schema '" + name + "' does not exist", SeeAlso.schemas());
    }
}
