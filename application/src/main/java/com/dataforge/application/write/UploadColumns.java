package com.dataforge.application.write;

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
 * Matches an upload's fields to a table's declared columns by name, in any order, and refuses before any row is
 * read what cannot be stored: an unknown or repeated field, a missing NOT NULL column, a type that does not convert
 * safely. Every refusal names the column, as the {@code parameter} of the 400. Public so that {@code import} can
 * check each file by these same rules before any row is sent, and name the file.
 */
public final class UploadColumns {

    private UploadColumns() {
    }

    /** The declared columns the upload carries, in the upload's order. */
    public static List<Column> match(TableSchema schema, Schema upload) {
        List<Column> matched = matchNames(schema, upload.getFields().stream().map(Field::getName).toList());
        for (int i = 0; i < matched.size(); i++) {
            Field field = upload.getFields().get(i);
            if (field.getDictionary() != null) {
                throw new InvalidRequestException(field.getName(), "column '" + field.getName() + "' is"
                        + " dictionary-encoded; send its values plainly (pyarrow: cast the column to its value type)");
            }
            checkType(matched.get(i), field.getType());
        }
        return matched;
    }

    /**
     * The declared columns named, in the given order, checked by name only: for text formats (CSV, JSON) whose
     * values are converted to the declared types as they are read.
     */
    public static List<Column> matchNames(TableSchema schema, List<String> names) {
        if (names.isEmpty()) {
            throw new InvalidRequestException("body", "the upload's schema has no columns; send at least one of"
                    + " schema '" + schema.name() + "': " + schema.columns().stream().map(c -> c.name().value()).toList());
        }
        List<Column> matched = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new InvalidRequestException(name, "the upload has column '" + name + "' twice");
            }
            Column column = schema.column(name).orElseThrow(() -> new InvalidRequestException(name,
                    "column '" + name + "' is not in schema '" + schema.name() + "'; its columns are "
                            + schema.columns().stream().map(c -> c.name().value()).toList()));
            matched.add(column);
        }
        for (Column column : schema.columns()) {
            if (!column.nullable() && !seen.contains(column.name().value())) {
                throw new InvalidRequestException(column.name().value(), "column '" + column.name()
                        + "' is NOT NULL in schema '" + schema.name() + "' but the upload does not have it");
            }
        }
        return matched;
    }

    private static void checkType(Column column, ArrowType uploaded) {
        if (uploaded instanceof ArrowType.Null) {
            if (!column.nullable()) {
                throw new InvalidRequestException(column.name().value(), "column '" + column.name()
                        + "' is NOT NULL but the upload's column has Arrow type null (every value missing)");
            }
            return;
        }
        if (!ArrowTypeCompatibility.accepts(column.type(), uploaded)) {
            throw new InvalidRequestException(column.name().value(), "column '" + column.name() + "' is "
                    + column.type() + " but the upload's column is Arrow " + uploaded
                    + ", which does not convert safely; send " + ArrowTypeCompatibility.describeAccepted(column.type()));
        }
    }
}
