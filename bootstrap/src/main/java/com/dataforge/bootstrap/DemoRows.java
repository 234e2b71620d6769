package com.dataforge.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The demo schema's rows (--demo-rows): the query that the repository declares beside the schema, in
 * {@code schemas/well_production.demo.sql}, which the build puts beside this class.
 */
final class DemoRows {

    /** The demo schema, named as its file is. */
    static final String SCHEMA = "well_production";

    private DemoRows() {
    }

    /** A SELECT of the schema's columns whose one parameter is the number of rows. */
    static String query() {
        try (InputStream in = DemoRows.class.getResourceAsStream(SCHEMA + ".demo.sql")) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA + ".demo.sql is missing beside " + DemoRows.class.getName()
                        + "; the build copies it from the repository's schemas/");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
