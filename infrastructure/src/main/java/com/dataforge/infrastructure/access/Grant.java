package com.dataforge.infrastructure.access;

import com.dataforge.domain.table.RowScope;
import java.util.Objects;

/**
 * What a key may do with one schema: the {@code access} level, on the rows of {@code rows} ({@link RowScope#ALL},
 * every row, unless the key file gives a row filter).
 */
record Grant(Permission access, RowScope rows) {

    public Grant {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(rows, "rows");
    }
}
