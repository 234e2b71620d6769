package com.dataforge.application.port.out;

import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.RowFilter;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** Facts about a stored table that only the database knows. */
public interface TableStatistics {

    /** How many rows meet every one of {@code filters}, and the Arrow schema a full read of the table produces. */
    TableFacts facts(TableSchema schema, List<RowFilter> filters);

    /** How many rows meet every one of {@code filters} (all rows when there are none). */
    long rowCount(TableSchema schema, List<RowFilter> filters);

    record TableFacts(long rowCount, Schema arrowSchema) {
    }
}
