/** A small, bounded pool of DuckDB connections duplicated from one database. */
package com.dataforge.infrastructure.duckdb.pool;
