package com.dataforge.application.write;

import com.dataforge.application.port.out.TableFileLoader;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.TableSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Matches an upload's fields, or a file's columns, to a table's declared columns by name, in any order, and refuses
 * before any row is read what cannot be stored: an unknown or repeated field, a missing NOT NULL column, a type that
 * does not convert safely. Every refusal names the column, as the {@code parameter} of the 400, and where the
 * columns came from.
 * Public for {@code import --url}, which checks each file by these rules before any row is sent, so that a
 * refusal names the file.
 */
public final class UploadColumns {

    private UploadColumns() {
    }

    /** The declared columns an Arrow upload carries, in the upload's order. */
    static List<Column> match(TableSchema schema, Schema upload) {
        return match(schema, upload, "the upload", "body", true);
    }

    /**
     * @param source where the columns come from, for messages: "the upload", "file 'a.parquet'"
     * @param parameter what a refusal that concerns no one column names
     * @param checkTypes false for a source whose values are text that the reader converts one by one (CSV)
     * @return the declared columns {@code source} carries, in its order
     */
    public static List<Column> match(TableSchema schema, Schema upload, String source, String parameter,
            boolean checkTypes) {
        if (upload.getFields().isEmpty()) {
            throw new InvalidRequestException(parameter, source + " has no columns; send at least one of"
                    + " schema '" + schema.name() + "': " + schema.columns().stream().map(c -> c.name().value()).toList());
        }
        List<Column> matched = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Field field : upload.getFields()) {
            String name = field.getName();
            if (!seen.add(name)) {
                throw new InvalidRequestException(name, source + " has column '" + name + "' twice");
            }
            Column column = schema.column(name).orElseThrow(() -> new InvalidRequestException(name,
                    "column '" + name + "' of " + source + " is not in schema '" + schema.name()
                            + "'; its columns are " + schema.columns().stream().map(c -> c.name().value()).toList()));
            if (field.getDictionary() != null) {
                throw new InvalidRequestException(name, "column '" + name + "' is dictionary-encoded; send its"
                        + " values plainly (pyarrow: cast the column to its value type)");
            }
            if (checkTypes) {
                checkType(column, field, source);
            }
            matched.add(column);
        }
        for (Column column : schema.columns()) {
            if (column.required() && !seen.contains(column.name().value())) {
                throw new InvalidRequestException(column.name().value(), "column '" + column.name()
                        + "' is NOT NULL in schema '" + schema.name() + "' but " + source + " does not have it");
            }
        }
        return matched;
    }

    /** A file's reader names its types in the database's words (metadata {@link TableFileLoader#TYPE_NAME}). */
    private static void checkType(Column column, Field field, String source) {
        ArrowType uploaded = field.getType();
        String typeName = field.getMetadata().get(TableFileLoader.TYPE_NAME);
        String given = typeName != null ? typeName + " (Arrow " + uploaded + ")" : "Arrow " + uploaded;
        if (uploaded instanceof ArrowType.Null) {
            if (!column.nullable()) {
                throw new InvalidRequestException(column.name().value(), "column '" + column.name()
                        + "' is NOT NULL but " + source + " has it as " + given + ", every value missing");
            }
            return;
        }
        if (!ArrowTypeCompatibility.accepts(column.type(), uploaded)) {
            throw new InvalidRequestException(column.name().value(), "column '" + column.name() + "' is "
                    + column.type() + " but " + source + " has it as " + given
                    + ", which does not convert safely; send " + ArrowTypeCompatibility.describeAccepted(column.type()));
        }
    }
}
