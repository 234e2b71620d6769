package com.dataforge.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntityTagTest {

    @Test
    void theTagIsOfTheBytes(@TempDir Path directory) throws IOException {
        Path a = Files.write(directory.resolve("a"), new byte[] {1, 2, 3});
        Path sameBytes = Files.write(directory.resolve("b"), new byte[] {1, 2, 3});
        Path other = Files.write(directory.resolve("c"), new byte[] {1, 2, 4});

        String tag = EntityTag.of(a);
        assertTrue(tag.matches("\"[A-Za-z0-9_-]{22}\""), tag);
        assertEquals(tag, EntityTag.of(sameBytes));
        assertNotEquals(tag, EntityTag.of(other));
    }

    @Test
    void ifNoneMatchComparesWeaklyAndTakesAListOrAStar() {
        String tag = "\"abc\"";
        assertTrue(EntityTag.noneMatchNames("\"abc\"", tag));
        assertTrue(EntityTag.noneMatchNames("\"x\", W/\"abc\"", tag));
        assertTrue(EntityTag.noneMatchNames("*", tag));
        assertFalse(EntityTag.noneMatchNames("\"abd\"", tag));
        assertFalse(EntityTag.noneMatchNames(null, tag));
    }

    @Test
    void ifRangeComparesStronglyAndADateNeverMatches() {
        String tag = "\"abc\"";
        assertTrue(EntityTag.ifRangeAllows(null, tag));
        assertTrue(EntityTag.ifRangeAllows(" \"abc\" ", tag));
        assertFalse(EntityTag.ifRangeAllows("W/\"abc\"", tag));
        assertFalse(EntityTag.ifRangeAllows("Tue, 01 Dec 2026 20:00:00 GMT", tag));
    }
}
