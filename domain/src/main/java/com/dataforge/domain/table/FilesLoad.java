package com.dataforge.domain.table;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.TableSchema;
import java.util.List;
import java.util.Objects;

/**
 * Files loaded into one table in one transaction, each with the declared columns it carries (matched by name, in the
 * file's order; the table's other columns get their default or NULL). At most {@code maxRows} rows in all are
 * accepted. Every row must lie within {@code scope}, and with {@link ConflictPolicy#UPDATE} so must every stored row
 * it would overwrite.
 */
public record FilesLoad(TableSchema schema, List<FileColumns> files, ConflictPolicy onConflict, long maxRows,
        RowScope scope) {

    public FilesLoad {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(onConflict, "onConflict");
        Objects.requireNonNull(scope, "scope");
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a load needs at least one file");
        }
    }

    /** One file and the declared columns it carries, in the file's order. */
    public record FileColumns(DataFile file, List<Column> columns) {
        public FileColumns {
            Objects.requireNonNull(file, "file");
            columns = List.copyOf(columns);
        }
    }

    /** The insert of one of the files, under the load's rules. */
    public TableInsert insertOf(FileColumns file) {
        return new TableInsert(schema, file.columns(), onConflict, maxRows, scope);
    }
}
