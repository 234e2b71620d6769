package com.dataforge.domain.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.Identifier;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RowScopeTest {

    static final Column CODE = new Column(new Identifier("code"), ColumnType.of(ColumnType.Kind.BIGINT), false);
    static final Column NAME = new Column(new Identifier("name"), ColumnType.of(ColumnType.Kind.VARCHAR), true);
    static final RowFilter CODE_IN = new RowFilter(CODE, FilterOperator.IN, List.of(1L, 2L));
    static final RowFilter NAME_LIKE = new RowFilter(NAME, FilterOperator.LIKE, List.of("N%"));
    static final RowFilter CODE_GTE = new RowFilter(CODE, FilterOperator.GTE, List.of(5L));

    @Test
    void narrowsASelectionWithItsFiltersFirstAndKeepsItsOrderAndPaging() {
        RowScope scope = new RowScope(List.of(CODE_IN, NAME_LIKE), "code=in.(1,2)&name=like.N*");
        RowSelection asked = new RowSelection(List.of(CODE_GTE), List.of(new SortKey(NAME, true)),
                OptionalLong.of(10), 20);

        RowSelection narrowed = scope.restrict(asked);

        assertEquals(List.of(CODE_IN, NAME_LIKE, CODE_GTE), narrowed.filters());
        assertEquals(asked.order(), narrowed.order());
        assertEquals(asked.limit(), narrowed.limit());
        assertEquals(asked.offset(), narrowed.offset());
        assertEquals(List.of(CODE_IN, NAME_LIKE), scope.restrict(List.of()));
    }

    @Test
    void everyRowLeavesASelectionAsItIs() {
        RowSelection asked = new RowSelection(List.of(CODE_GTE), List.of(), OptionalLong.empty(), 0);

        assertEquals(asked, RowScope.ALL.restrict(asked));
        assertSame(asked.filters(), RowScope.ALL.restrict(asked.filters()));
        assertEquals("all rows", RowScope.ALL.toString());
    }

    @Test
    void itsTextDescribesItsFilters() {
        assertThrows(IllegalArgumentException.class, () -> new RowScope(List.of(CODE_IN), ""));
        assertThrows(IllegalArgumentException.class, () -> new RowScope(List.of(), "code=in.(1,2)"));
        assertEquals("code=in.(1,2)", new RowScope(List.of(CODE_IN), "code=in.(1,2)").toString());
    }
}
