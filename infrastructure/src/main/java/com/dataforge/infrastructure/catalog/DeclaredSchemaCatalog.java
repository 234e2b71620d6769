package com.dataforge.infrastructure.catalog;

import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.domain.schema.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The schemas one server serves: those declared by the {@code *.json} files of a directory and those given in code
 * (as schema text or built), read and validated once at start-up and served from memory afterwards. Any bad
 * declaration stops start-up: serving some schemas while silently dropping others would hide the mistake until a
 * client asks for the missing one.
 */
public final class DeclaredSchemaCatalog implements SchemaCatalog {

    private final Map<Identifier, TableSchema> byName;
    private final List<TableSchema> ordered;
    private final Map<Identifier, String> origins;

    private DeclaredSchemaCatalog(List<TableSchema> schemas, Map<Identifier, String> origins) {
        this.ordered = schemas.stream().sorted(Comparator.comparing(s -> s.name().value())).toList();
        this.byName = schemas.stream().collect(Collectors.toUnmodifiableMap(TableSchema::name, s -> s));
        this.origins = Map.copyOf(origins);
    }

    /** The schemas of one directory's files: {@code builder().directory(directory).build()}. */
    public static DeclaredSchemaCatalog load(Path directory) {
        return builder().directory(directory).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<TableSchema> find(Identifier name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public List<TableSchema> all() {
        return ordered;
    }

    /**
     * Where the schema was declared, as messages name it for a person to go and change it: {@code schema file
     * /srv/schemas/t.json}, {@code schema 't' given in code} or {@code schema text 2}.
     */
    public String origin(Identifier name) {
        String origin = origins.get(name);
        if (origin == null) {
            throw new IllegalArgumentException("no schema '" + name + "' is declared");
        }
        return origin;
    }

    /** Gathers declarations, each with where it came from, for the messages that name a duplicate. */
    public static final class Builder {

        private record Declared(TableSchema schema, String origin) {
        }

        private final List<Declared> declared = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds the schemas of every {@code *.json} file of {@code directory}.
         *
         * @throws SchemaFileException naming the directory if it does not exist or holds no schema file (a server
         *     without schemas would answer 404 to every data request until restarted, and an empty directory is
         *     nearly always a path that points elsewhere than meant), or naming the file and field at fault
         */
        public Builder directory(Path directory) {
            if (!Files.isDirectory(directory)) {
                throw SchemaFileException.ofDirectory(directory, (Files.exists(directory)
                        ? "is a file, not a directory" : "does not exist") + "; point --schemas or DATAFORGE_SCHEMAS"
                        + " at the directory of schema files (*.json)");
            }
            List<Path> files = schemaFiles(directory);
            if (files.isEmpty()) {
                throw SchemaFileException.ofDirectory(directory, "holds no schema files (*.json)" + others(directory)
                        + ", so there would be no table to serve; put the schema files there, or point --schemas or"
                        + " DATAFORGE_SCHEMAS at the directory that holds them");
            }
            SchemaFileParser parser = new SchemaFileParser();
            for (Path file : files) {
                schema(parser.parse(file, read(file)), SchemaFileException.origin(file));
            }
            return this;
        }

        /** @param origin where the declaration came from, as a message about a duplicate names it */
        public Builder schema(TableSchema schema, String origin) {
            declared.add(new Declared(schema, origin));
            return this;
        }

        /**
         * @throws SchemaFileException naming both declarations of a name declared twice (names are case-insensitive,
         *     as DuckDB's tables are)
         * @throws IllegalStateException if nothing was declared
         */
        public DeclaredSchemaCatalog build() {
            if (declared.isEmpty()) {
                throw new IllegalStateException("no schema to serve: give a directory of schema files, or schemas"
                        + " in code");
            }
            Map<String, String> originByLowerName = new HashMap<>();
            for (Declared each : declared) {
                String earlier = originByLowerName.putIfAbsent(
                        each.schema().name().value().toLowerCase(Locale.ROOT), each.origin());
                if (earlier != null) {
                    throw new SchemaFileException(each.origin(), "name", "schema '" + each.schema().name()
                            + "' is already declared by " + earlier + " (names are case-insensitive, as DuckDB's"
                            + " tables are)");
                }
            }
            return new DeclaredSchemaCatalog(declared.stream().map(Declared::schema).toList(), declared.stream()
                    .collect(Collectors.toMap(each -> each.schema().name(), Declared::origin)));
        }
    }

    private static List<Path> schemaFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            throw SchemaFileException.ofDirectory(directory, "cannot be listed: " + e.getMessage(), e);
        }
    }

    /** What else the directory holds, e.g. schema files under a wrong extension: at most a few names. */
    private static String others(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            List<String> names = entries.map(entry -> entry.getFileName().toString()).sorted().limit(6).toList();
            return names.isEmpty() ? " and is empty" : ", only " + String.join(", ", names.subList(0,
                    Math.min(5, names.size()))) + (names.size() > 5 ? ", …" : "");
        } catch (IOException e) {
            return "";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new SchemaFileException(file, "cannot be read: " + e.getMessage(), e);
        }
    }
}
