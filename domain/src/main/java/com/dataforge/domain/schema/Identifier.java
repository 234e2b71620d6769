package com.dataforge.domain.schema;

import java.util.regex.Pattern;

/**
 * A schema or column name. Only names of this shape reach SQL, always taken from the catalog and always quoted,
 * so a request can never smuggle SQL through a name.
 */
public record Identifier(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public Identifier {
        if (!isValid(value)) {
            throw new IllegalArgumentException("'" + value + "' is not a valid name: use 1 to 63 letters, digits or"
                    + " underscores, starting with a letter or underscore");
        }
    }

    public static boolean isValid(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
