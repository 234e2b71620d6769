package com.dataforge.bootstrap;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@code serve}, read from flags and DATAFORGE_* environment variables as {@link Setting} declares
 * them: a flag beats its variable, which beats the default. Parsing sets nothing: the server settings go to a
 * {@link DataForge} builder, and the JVM-wide ones are returned for the process that owns the JVM to apply.
 */
public final class ServeOptions {

    /** Help's layout: flags in the first column, meanings wrapped in the second. */
    private static final int NAME_WIDTH = 26;
    private static final int LINE_WIDTH = 110;

    /** Options that lanes replaced; refused rather than ignored, so an operator's setting is never lost silently. */
    private static final List<String> RETIRED = List.of("--pool-size", "--max-bulk-in-flight");

    private final DataForge server;
    private final Map<String, String> jvmWideProperties;
    private final Set<Setting> given;

    private ServeOptions(DataForge server, Map<String, String> jvmWideProperties, Set<Setting> given) {
        this.server = server;
        this.jvmWideProperties = jvmWideProperties;
        this.given = given;
    }

    /** @throws IllegalArgumentException naming the flag or variable at fault */
    public static ServeOptions parse(String[] args, Map<String, String> environment) {
        refuseRetired(args, environment);
        ServeOptions options = new ServeOptions(DataForge.builder(), new LinkedHashMap<>(),
                EnumSet.noneOf(Setting.class));
        for (Setting setting : Setting.values()) {
            if (setting.scope() == Setting.Scope.JVM_WIDE) {
                options.jvmWideProperties.put(setting.systemProperty().orElseThrow(), setting.defaultValue()
                        .orElseThrow());
            }
        }
        for (Setting setting : Setting.values()) {
            String value = environment.get(setting.variable());
            if (value != null && !value.isBlank()) {
                options.apply(setting, value, setting.variable());
            }
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            String flag = equals < 0 ? arg : arg.substring(0, equals);
            Setting setting = Setting.byFlag(flag);
            String value;
            if (setting.isSwitch()) {
                value = equals < 0 ? "true" : arg.substring(equals + 1);
            } else if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            options.apply(setting, value, flag);
        }
        return options;
    }

    private static void refuseRetired(String[] args, Map<String, String> environment) {
        for (String flag : RETIRED) {
            String variable = "DATAFORGE_" + flag.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
            String given = environment.containsKey(variable) ? variable
                    : Arrays.stream(args).anyMatch(arg -> arg.equals(flag) || arg.startsWith(flag + "=")) ? flag
                    : null;
            if (given != null) {
                throw new IllegalArgumentException(given + " is gone: DuckDB connections are now per lane; set"
                        + " --max-streams, --max-streams-per-client and --max-short-queries instead");
            }
        }
    }

    /** The server as the options configure it. */
    public DataForge server() {
        return server;
    }

    /**
     * The system properties of the JDK's HTTP server that the options set (defaults included), which a process
     * that owns its JVM applies before its first server starts; an embedding leaves them to its host.
     */
    public Map<String, String> jvmWideProperties() {
        return Map.copyOf(jvmWideProperties);
    }

    /** Whether a flag or variable gave {@code setting}, as opposed to its default. */
    public boolean given(Setting setting) {
        return given.contains(setting);
    }

    private void apply(Setting setting, String value, String source) {
        try {
            switch (setting.scope()) {
                case SERVER -> setting.applyTo(server, value);
                case JVM_WIDE -> {
                    if (Long.parseLong(value) < 1 || Long.parseLong(value) > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("must be from 1 to " + Integer.MAX_VALUE + ", got "
                                + value);
                    }
                    jvmWideProperties.put(setting.systemProperty().orElseThrow(), value);
                }
                case SERVICE -> {
                    // Read by the service's logging configuration and launcher, not here.
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": '" + value + "' is not a number");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
        given.add(setting);
    }

    /** The help of {@code serve}: every setting of the table, with its variable and default. */
    public static String usage() {
        StringBuilder text = new StringBuilder("""
                Usage: dataforge serve [options]

                Each flag may also be set with its environment variable; a flag wins over its variable, which wins
                over the default.

                """);
        for (Setting setting : Setting.values()) {
            if (setting.scope() != Setting.Scope.SERVICE) {
                describe(text, setting.flagWithValue(), setting, setting.variable()
                        + (setting.isSwitch() ? "=true" : "") + ", default " + setting.defaultText());
            }
        }
        describe(text, "--help", null, "");
        text.append("\nEnvironment only (read by the service's logging and its launchers):\n");
        for (Setting setting : Setting.values()) {
            if (setting.scope() == Setting.Scope.SERVICE) {
                describe(text, setting.variable(), setting,
                        setting.defaultValue().map(value -> "default " + value).orElse(""));
            }
        }
        return text.toString();
    }

    private static void describe(StringBuilder text, String name, Setting setting, String source) {
        String meaning = setting == null ? "This text." : setting.meaning() + setting.systemProperty()
                .map(property -> " JVM-wide (" + property + "): applied only when Data Forge owns the process.")
                .orElse("");
        String indent = " ".repeat(NAME_WIDTH);
        StringBuilder line = new StringBuilder("  " + name);
        if (line.length() >= NAME_WIDTH) {
            text.append(line).append('\n');
            line = new StringBuilder(indent);
        }
        line.append(" ".repeat(NAME_WIDTH - line.length()));
        for (String word : meaning.split(" ")) {
            if (line.length() + 1 + word.length() > LINE_WIDTH && line.length() > NAME_WIDTH) {
                text.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(indent);
            }
            line.append(line.length() > NAME_WIDTH ? " " : "").append(word);
        }
        text.append(line.toString().stripTrailing()).append('\n');
        if (!source.isEmpty()) {
            text.append(indent).append(source).append('\n');
        }
    }
}
