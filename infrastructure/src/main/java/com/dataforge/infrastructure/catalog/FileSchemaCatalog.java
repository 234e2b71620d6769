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
 * The schemas declared by the {@code *.json} files of one directory, read and validated once at start-up and served
 * from memory afterwards. Any bad file stops start-up: serving some schemas while silently dropping others would
 * hide the mistake until a client asks for the missing one.
 */
public final class FileSchemaCatalog implements SchemaCatalog {

    private final Map<Identifier, TableSchema> byName;
    private final List<TableSchema> ordered;
    private final Map<Identifier, Path> files;

    private FileSchemaCatalog(List<TableSchema> schemas, Map<Identifier, Path> files) {
        this.ordered = schemas.stream().sorted(Comparator.comparing(s -> s.name().value())).toList();
        this.byName = schemas.stream().collect(Collectors.toUnmodifiableMap(TableSchema::name, s -> s));
        this.files = Map.copyOf(files);
    }

    /**
     * @throws SchemaFileException naming the directory if it does not exist or holds no schema file (a server
     *     without schemas would answer 404 to every data request until restarted, and an empty directory is nearly
     *     always a path that points elsewhere than meant), or naming the file and field at fault
     */
    public static FileSchemaCatalog load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw SchemaFileException.ofDirectory(directory, (Files.exists(directory) ? "is a file, not a directory"
                    : "does not exist") + "; point --schemas or DATAFORGE_SCHEMAS at the directory of schema files"
                    + " (*.json)");
        }
        List<Path> files = schemaFiles(directory);
        if (files.isEmpty()) {
            throw SchemaFileException.ofDirectory(directory, "holds no schema files (*.json)" + others(directory)
                    + ", so there would be no table to serve; put the schema files there, or point --schemas or"
                    + " DATAFORGE_SCHEMAS at the directory that holds them");
        }
        SchemaFileParser parser = new SchemaFileParser();
        List<TableSchema> schemas = new ArrayList<>();
        Map<String, Path> fileByLowerName = new HashMap<>();
        Map<Identifier, Path> fileByName = new HashMap<>();
        for (Path file : files) {
            TableSchema schema = parser.parse(file, read(file));
            Path earlier = fileByLowerName.putIfAbsent(schema.name().value().toLowerCase(Locale.ROOT), file);
            if (earlier != null) {
                throw new SchemaFileException(file, "name", "schema '" + schema.name() + "' is already declared by "
                        + earlier + " (names are case-insensitive, as DuckDB's tables are)");
            }
            schemas.add(schema);
            fileByName.put(schema.name(), file);
        }
        return new FileSchemaCatalog(schemas, fileByName);
    }

    @Override
    public Optional<TableSchema> find(Identifier name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public List<TableSchema> all() {
        return ordered;
    }

    /** The file that declares the schema, for messages that send a person to it. */
    public Path file(Identifier name) {
        Path file = files.get(name);
        if (file == null) {
            throw new IllegalArgumentException("no schema file declares '" + name + "'");
        }
        return file;
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
