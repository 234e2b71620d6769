package com.dataforge.infrastructure.http;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.Identifier;
import java.util.Map;
import java.util.Optional;

/**
 * A matched route's path parameters. The {@code {schema}} segment is percent-decoded and validated as an
 * {@link Identifier} once, when the route is matched, and every later step (permission check, rate limit, audit,
 * metrics, the endpoint) reads that one value: a name checked in one spelling and used in another is how an encoded
 * name once slipped past a key's permissions. Other parameters are kept as sent, for endpoints that split a segment
 * on its raw separators before decoding each part.
 */
final class PathParameters {

    static final String SCHEMA = "schema";
    static final PathParameters NONE = new PathParameters(Map.of(), Optional.empty());

    private final Map<String, String> raw;
    private final Optional<Identifier> schema;

    private PathParameters(Map<String, String> raw, Optional<Identifier> schema) {
        this.raw = Map.copyOf(raw);
        this.schema = schema;
    }

    /**
     * @param raw the parameters as they appear in the path, still percent-encoded
     * @throws InvalidRequestException if the schema segment is malformed or does not decode to a valid name
     */
    static PathParameters resolve(Map<String, String> raw) {
        String segment = raw.get(SCHEMA);
        return new PathParameters(raw, segment == null ? Optional.empty() : Optional.of(schemaName(segment)));
    }

    private static Identifier schemaName(String segment) {
        String name = PercentDecoding.decode(segment, SCHEMA);
        if (!Identifier.isValid(name)) {
            throw new InvalidRequestException(SCHEMA, ClientText.quote(name)
                    + (name.equals(segment) ? "" : " (the path segment " + ClientText.quote(segment)
                            + ", percent-decoded once)")
                    + " is not a valid schema name: use 1 to 63 letters, digits or underscores, starting with a"
                    + " letter or underscore");
        }
        return new Identifier(name);
    }

    /** The schema the path names, if the route has a {@code {schema}} segment. */
    Optional<Identifier> schema() {
        return schema;
    }

    /** A parameter as sent, still percent-encoded. */
    String raw(String name) {
        String value = raw.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path parameter {" + name + "}");
        }
        return value;
    }

    /** A parameter percent-decoded; the schema as resolved. */
    String decoded(String name) {
        return name.equals(SCHEMA) && schema.isPresent() ? schema.get().value()
                : PercentDecoding.decode(raw(name), name);
    }
}
