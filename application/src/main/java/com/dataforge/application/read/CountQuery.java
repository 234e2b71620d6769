package com.dataforge.application.read;

import com.dataforge.domain.failure.InvalidRequestException;
import java.util.Objects;

/**
 * A request for the number of rows the filters match.
 *
 * @param schema the schema name as the client wrote it
 * @param selection filters only: a count covers every matching row, so limit, offset and order are refused rather
 *     than silently ignored
 */
public record CountQuery(String schema, SelectionParameters selection) {

    public CountQuery {
        Objects.requireNonNull(selection, "selection");
        refuse("limit", selection.limit().isPresent());
        refuse("offset", selection.offset().isPresent());
        refuse("order", selection.order().isPresent());
    }

    private static void refuse(String parameter, boolean given) {
        if (given) {
            throw new InvalidRequestException(parameter, "a count covers every row the filters match, so " + parameter
                    + " does not apply; give only column filters");
        }
    }
}
