package com.dataforge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dataforge.bench.Measurements.Run;
import com.dataforge.bootstrap.DataForge;
import com.dataforge.bootstrap.DataForgeServer;
import com.dataforge.bootstrap.TestDatabase;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.TableRead;
import com.dataforge.infrastructure.catalog.DeclaredSchemaCatalog;
import com.dataforge.infrastructure.duckdb.DemoDataLoader;
import com.dataforge.infrastructure.duckdb.DuckDbArrowTableReader;
import com.dataforge.infrastructure.duckdb.DuckDbDatabase;
import com.dataforge.infrastructure.duckdb.DuckDbTableManager;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PoolSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read section's yardsticks against a real DuckDB table, a real JDK server and a real Data Forge server. */
class ReadCeilingTest {

    /** Not a multiple of the batch size, so that the last batch differs from the first. */
    private static final long ROWS = 10_500;
    private static final int BATCH_ROWS = 1_000;

    @TempDir
    Path directory;

    @Test
    void theJdkServerAloneSendsAStreamOfTheTablesRowsAndSampledBytes() throws Exception {
        Path schemas = TestDatabase.schemas(directory);
        DeclaredSchemaCatalog catalog = DeclaredSchemaCatalog.load(schemas);
        TableSchema schema = catalog.find(new Identifier(Benchmark.TABLE)).orElseThrow();
        JdkServerCeiling.Sample sample;
        try (DuckDbDatabase database = DuckDbDatabase.open(new DuckDbDatabase.Settings(
                        Optional.of(directory.resolve("ceiling.duckdb")), Optional.empty(), Optional.empty()));
                ConnectionPool pool = new ConnectionPool("test", database.connectionFactory(),
                        new PoolSettings(1, Duration.ofSeconds(30), Duration.ZERO));
                BufferAllocator allocator = new RootAllocator()) {
            new DuckDbTableManager(database).ensureTables(List.of(schema), catalog::origin);
            new DemoDataLoader(pool).loadIfEmpty(schema, Benchmark.demoRows(), ROWS);
            sample = JdkServerCeiling.sample(new DuckDbArrowTableReader(pool, allocator, Long.MAX_VALUE),
                    new TableRead(schema, schema.columns(), BATCH_ROWS));
        }
        assertEquals(11, sample.batches());

        try (JdkServerCeiling ceiling = JdkServerCeiling.start(sample);
                BufferAllocator allocator = new RootAllocator()) {
            Run run = BulkReadBenchmark.fetch(ceiling.uri(), allocator);

            assertEquals(ROWS, run.rows());
            assertEquals(sample.bytes(), run.bytes());
        }
    }

    @Test
    void readersFromAddressesOfTheirOwnAreEachAdmittedAndCounted() throws Exception {
        // One stream per client: readers sharing an address would be refused at once, each on its own is admitted.
        try (DataForgeServer server = DataForge.builder().port(0).inMemoryDatabase()
                .schemas(TestDatabase.schemas(directory)).demoRows(ROWS).maxStreamsPerClient(1).start()) {
            ConcurrentReaders.Figures figures = new ConcurrentReaders(server.baseUri(), ROWS, BATCH_ROWS).run(6, true);

            assertEquals(0, figures.refused(), figures.firstFailure());
            assertEquals(0, figures.failed(), figures.firstFailure());
            assertEquals(6 * ROWS, figures.rows());
        }
    }
}
