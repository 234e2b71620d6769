package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's minimal host is this module's sources, so that it compiles as printed: each code block that README marks
 * with a source file's path, as
 * {@code <!-- examples/embedded/src/main/java/module-info.java -->}, must be that file, character for character.
 */
class EmbeddingReadmeTest {

    static final List<String> HOST = List.of("examples/embedded/src/main/java/module-info.java",
            "examples/embedded/src/main/java/com/dataforge/example/embedded/Main.java");
    private static final Pattern MARKED_BLOCK = Pattern.compile(
            "<!-- (examples/embedded/[^ ]+) -->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theHostThatReadmePrintsIsTheExampleApplication() throws IOException {
        Path root = Path.of(System.getProperty("dataforge.root"));
        List<String> printed = new ArrayList<>();
        for (String document : List.of("README.md")) {
            Path file = root.resolve(document);
            Matcher block = MARKED_BLOCK.matcher(Files.readString(file));
            while (block.find()) {
                String source = block.group(1);
                assertEquals(Files.readString(root.resolve(source)), block.group(2),
                        document + " prints " + source + " otherwise than it is");
                printed.add(source);
            }
        }
        assertTrue(printed.containsAll(HOST), "README prints the whole host (" + HOST + "), found " + printed);
    }
}
