package com.dataforge.application.schema;

import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.domain.schema.TableSchema;
import java.util.List;

/** The schemas this service serves, ordered by name. */
public final class ListSchemas {

    private final SchemaCatalog catalog;

    public ListSchemas(SchemaCatalog catalog) {
        this.catalog = catalog;
    }

    public List<TableSchema> list() {
        return catalog.all();
    }
}
