package com.dataforge.infrastructure.access;

import java.util.Locale;

/** What a key may do with a schema; each level includes the ones below it. */
public enum Permission {
    READ, WRITE, ADMIN;

    boolean includes(Permission other) {
        return compareTo(other) >= 0;
    }

    static Permission parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a permission; use read, write or admin");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
