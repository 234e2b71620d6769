package com.dataforge.domain.table;

import com.dataforge.domain.schema.TableSchema;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** Facts about a stored table that only the database knows. */
public interface TableStatistics {

    /** The table's row count and the Arrow schema a full read of it produces. */
    TableFacts facts(TableSchema schema);

    /** How many rows meet every one of {@code filters} (all rows when there are none). */
    long rowCount(TableSchema schema, List<RowFilter> filters);

    record TableFacts(long rowCount, Schema arrowSchema) {
    }
}
