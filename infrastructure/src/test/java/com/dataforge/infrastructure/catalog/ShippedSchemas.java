package com.dataforge.infrastructure.catalog;

import java.nio.file.Path;

/** The repository's own schema files, found from the module's folder since tests run in a work directory of theirs. */
public final class ShippedSchemas {

    private ShippedSchemas() {
    }

    public static DeclaredSchemaCatalog catalog() {
        return DeclaredSchemaCatalog.load(Path.of(System.getProperty("basedir"), "..", "schemas"));
    }
}
