package com.dataforge.infrastructure.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Permissions as a key file writes them, and which includes which. */
class PermissionTest {

    @ParameterizedTest
    @CsvSource({
        "READ, READ, true", "READ, WRITE, false", "READ, ADMIN, false",
        "WRITE, READ, true", "WRITE, WRITE, true", "WRITE, ADMIN, false",
        "ADMIN, READ, true", "ADMIN, WRITE, true", "ADMIN, ADMIN, true"})
    void eachLevelIncludesTheOnesBelowIt(Permission held, Permission needed, boolean included) {
        assertEquals(included, held.includes(needed));
    }

    @ParameterizedTest
    @CsvSource({"read, READ", "Write, WRITE", "ADMIN, ADMIN"})
    void parsesAnyCaseAndPrintsLowerCase(String text, Permission permission) {
        assertEquals(permission, Permission.parse(text));
        assertEquals(text.toLowerCase(), permission.toString());
    }

    @Test
    void anUnknownPermissionIsRefusedNamingTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Permission.parse("owner"));

        assertEquals("'owner' is not a permission; use read, write or admin", e.getMessage());
    }
}
