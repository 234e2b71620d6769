package com.dataforge.application.write;

import com.dataforge.domain.table.ConflictPolicy;
import com.dataforge.domain.table.DataFile;
import java.util.List;
import java.util.Objects;

/**
 * A request to load files into a table.
 *
 * @param schema the schema name as the caller wrote it
 * @param files the files, loaded in this order (with on_conflict=update, a later file's row wins)
 * @param onConflict what to do with rows whose primary key is already stored
 */
public record LoadFilesCommand(String schema, List<DataFile> files, ConflictPolicy onConflict) {

    public LoadFilesCommand {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(onConflict, "onConflict");
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("name at least one file to load");
        }
    }
}
