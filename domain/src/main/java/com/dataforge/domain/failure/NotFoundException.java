package com.dataforge.domain.failure;

/** The request names something that does not exist, such as a schema. */
public final class NotFoundException extends DataForgeException {

    public NotFoundException(String message) {
        super(message);
    }

    public static NotFoundException schema(String name) {
        return new NotFoundException("schema '" + name + "' does not exist; GET /api/v1/schemas lists the schemas served");
    }
}
