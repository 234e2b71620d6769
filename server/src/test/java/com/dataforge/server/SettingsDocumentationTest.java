package com.dataforge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * README's configuration table and the service's logging configuration say what {@link Setting} says: the same
 * flags, variables and defaults, in the same order. On a mismatch the failure prints the rows README should have.
 */
class SettingsDocumentationTest {

    private static final String TABLE_HEADER = "| Flag | Environment variable | Default | Meaning |";

    @Test
    void readmeConfigurationTableMatchesTheSettings() throws IOException {
        List<String> readme = readmeRows().stream().map(SettingsDocumentationTest::firstThreeCells).toList();
        List<String> expected = Arrays.stream(Setting.values()).map(SettingsDocumentationTest::row)
                .map(SettingsDocumentationTest::firstThreeCells).toList();
        assertEquals(expected, readme, () -> "README.md's configuration table (flag, variable, default) differs from"
                + " com.dataforge.bootstrap.Setting. Its rows should be:\n\n" + TABLE_HEADER
                + "\n| --- | --- | --- | --- |\n" + Arrays.stream(Setting.values())
                        .map(SettingsDocumentationTest::row).collect(Collectors.joining("\n")));
    }

    @Test
    void logbackDefaultsAreTheSettingsDefaults() throws IOException {
        String logback;
        try (InputStream in = Main.class.getResourceAsStream("/logback.xml")) {
            logback = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Setting setting : List.of(Setting.LOG_FORMAT, Setting.LOG_LEVEL)) {
            Matcher uses = Pattern.compile("\\$\\{" + setting.variable() + ":-([^}]*)}").matcher(logback);
            assertTrue(uses.find(), "logback.xml reads " + setting.variable());
            assertEquals(setting.defaultValue().orElseThrow(), uses.group(1), setting.variable());
        }
    }

    /** The row README should have for {@code setting}, in README's Markdown. */
    private static String row(Setting setting) {
        String flag = setting.flagWithValue().isEmpty() ? "" : "`" + setting.flagWithValue() + "`";
        String value = setting.defaultValue().map(literal -> "`" + literal + "`").orElse("");
        String note = setting.defaultText().substring(setting.defaultValue().map(String::length).orElse(0)).strip();
        String defaultCell = value.isEmpty() ? note : note.isEmpty() ? value : value + " " + note;
        String meaning = setting.meaning() + setting.systemProperty()
                .map(property -> " JVM-wide (`" + property + "`).").orElse("");
        return ("| " + String.join(" | ", flag, "`" + setting.variable() + "`", defaultCell, meaning) + " |")
                .replace("|  |", "| |");
    }

    /** {@code flag|variable|default} of a table row, each cell trimmed. */
    private static String firstThreeCells(String row) {
        String[] cells = row.strip().replaceAll("^\\||\\|$", "").split("(?<!\\\\)\\|", -1);
        return Arrays.stream(cells).limit(3).map(String::strip).collect(Collectors.joining("|"));
    }

    private static List<String> readmeRows() throws IOException {
        Path readme = Path.of(System.getProperty("dataforge.readme"));
        List<String> lines = Files.readAllLines(readme);
        int header = lines.indexOf(TABLE_HEADER);
        assertTrue(header >= 0, "README.md has a configuration table headed " + TABLE_HEADER);
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            rows.add(line);
        }
        return rows;
    }
}
