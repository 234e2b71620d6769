package com.dataforge.application.write;

import com.dataforge.application.port.out.TableFileLoader;
import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.DataFile;
import com.dataforge.domain.table.FilesLoad;
import com.dataforge.domain.table.InsertOutcome;
import com.dataforge.domain.table.RowScope;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads Parquet, CSV or NDJSON files into a schema's table in one transaction, under the rules of an Arrow upload:
 * columns matched by name, every file's columns checked against the table's before any row is read (types too,
 * for Parquet), missing nullable columns left to their default or NULL, unknown columns refused.
 */
public final class LoadFiles {

    private final SchemaCatalog catalog;
    private final TableFileLoader loader;
    private final long maxRows;

    /**
     * @param maxRows the most rows one load may insert, all files together
     */
    public LoadFiles(SchemaCatalog catalog, TableFileLoader loader, long maxRows) {
        this.catalog = catalog;
        this.loader = loader;
        this.maxRows = maxRows;
    }

    /**
     * @param scope the rows the caller may write: every loaded row, and every stored row it would overwrite, must lie
     *     within it
     */
    public InsertOutcome load(LoadFilesCommand command, RowScope scope) {
        TableSchema schema = catalog.require(command.schema());
        BulkInsertFromArrow.requireKeyFor(command.onConflict(), schema);
        List<FilesLoad.FileColumns> files = new ArrayList<>(command.files().size());
        for (DataFile file : command.files()) {
            files.add(new FilesLoad.FileColumns(file, UploadColumns.match(schema, loader.describe(file),
                    file.name(), file.parameter(), file.format().typed())));
        }
        return loader.load(new FilesLoad(schema, files, command.onConflict(), maxRows, scope));
    }
}
