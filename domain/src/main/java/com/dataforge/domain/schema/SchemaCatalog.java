package com.dataforge.domain.schema;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.NotFoundException;
import java.util.List;
import java.util.Optional;

/** The declared schemas. Every table and column name used in a query comes from here. */
public interface SchemaCatalog {

    Optional<TableSchema> find(Identifier name);

    /** All schemas, ordered by name. */
    List<TableSchema> all();

    /**
     * The schema a request names.
     *
     * @throws InvalidRequestException if the name is not a valid identifier
     * @throws NotFoundException if no schema has that name
     */
    default TableSchema require(String name) {
        if (!Identifier.isValid(name)) {
            throw new InvalidRequestException("schema", "'" + name + "' is not a valid schema name: use letters,"
                    + " digits and underscores, starting with a letter or underscore");
        }
        return find(new Identifier(name)).orElseThrow(() -> NotFoundException.schema(name));
    }
}
