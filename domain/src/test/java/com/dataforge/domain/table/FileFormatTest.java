package com.dataforge.domain.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A file's format from its name, as import and export choose it. */
class FileFormatTest {

    @ParameterizedTest
    @CsvSource({"wells.parquet, PARQUET", "WELLS.PARQUET, PARQUET", "wells.pq, PARQUET", "a.b.csv, CSV", "rows.ndjson, NDJSON",
        "rows.jsonl, NDJSON", "rows.json, ", "parquet, ", "rows.csv.gz, ", "rows.arrows, "})
    void theExtensionNamesTheFormat(String name, FileFormat format) {
        assertEquals(Optional.ofNullable(format), FileFormat.ofFileName(name));
    }
}
