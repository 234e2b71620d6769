/** DuckDB: opening the database, table DDL from the catalog, and Arrow export of tables. */
package com.dataforge.infrastructure.duckdb;
