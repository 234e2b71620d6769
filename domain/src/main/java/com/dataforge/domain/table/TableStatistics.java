package com.dataforge.domain.table;

import com.dataforge.domain.schema.TableSchema;
import org.apache.arrow.vector.types.pojo.Schema;

/** Facts about a stored table that only the database knows. */
public interface TableStatistics {

    /** The table's row count and the Arrow schema a full read of it produces. */
    TableFacts facts(TableSchema schema);

    record TableFacts(long rowCount, Schema arrowSchema) {
    }
}
