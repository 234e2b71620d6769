package com.dataforge.application.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class UploadColumnsTest {

    static final Column N = column("n", ColumnType.Kind.BIGINT, false);
    static final Column SQUARE = column("square", ColumnType.Kind.BIGINT, true);
    static final Column LABEL = column("label", ColumnType.Kind.VARCHAR, true);
    static final TableSchema NUMBERS = new TableSchema(new Identifier("numbers"), null, List.of(N, SQUARE, LABEL),
            List.of(new Identifier("n")));

    static final ArrowType INT64 = new ArrowType.Int(64, true);

    static Column column(String name, ColumnType.Kind kind, boolean nullable) {
        return new Column(new Identifier(name), ColumnType.of(kind), nullable);
    }

    static Field field(String name, ArrowType type) {
        return Field.nullable(name, type);
    }

    static List<Column> match(Field... fields) {
        return UploadColumns.match(NUMBERS, new Schema(List.of(fields)));
    }

    static InvalidRequestException refused(String parameter, Field... fields) {
        InvalidRequestException refusal = assertThrows(InvalidRequestException.class, () -> match(fields));
        assertEquals(parameter, refusal.parameter(), refusal.getMessage());
        return refusal;
    }

    @Test
    void columnsAreMatchedByNameInTheUploadsOrder() {
        assertEquals(List.of(LABEL, N, SQUARE),
                match(field("label", ArrowType.Utf8.INSTANCE), field("n", INT64), field("square", INT64)));
    }

    @Test
    void nullableColumnsMayBeLeftOut() {
        assertEquals(List.of(N), match(field("n", INT64)));
    }

    @Test
    void anAllNullColumnFitsANullableColumnOnly() {
        assertEquals(List.of(N, LABEL), match(field("n", INT64), field("label", ArrowType.Null.INSTANCE)));
        refused("n", field("n", ArrowType.Null.INSTANCE));
    }

    @Test
    void anUnknownColumnIsNamedWithTheColumnsThereAre() {
        InvalidRequestException refusal = refused("nope", field("n", INT64), field("nope", INT64));

        assertTrue(refusal.getMessage().contains("[n, square, label]"), refusal.getMessage());
    }

    @Test
    void anUploadWithoutColumnsIsRefusedEvenWhenEveryColumnIsNullable() {
        TableSchema nullable = new TableSchema(new Identifier("notes"), null, List.of(SQUARE, LABEL), List.of());

        InvalidRequestException refusal = assertThrows(InvalidRequestException.class,
                () -> UploadColumns.match(nullable, new Schema(List.of())));

        assertEquals("body", refusal.parameter());
        assertTrue(refusal.getMessage().contains("no columns"), refusal.getMessage());
    }

    @Test
    void namesAreMatchedExactly() {
        refused("N", field("N", INT64));
    }

    @Test
    void aColumnSentTwiceIsRefused() {
        refused("square", field("n", INT64), field("square", INT64), field("square", INT64));
    }

    @Test
    void aMissingNotNullColumnIsNamed() {
        InvalidRequestException refusal = refused("n", field("square", INT64), field("label", ArrowType.Utf8.INSTANCE));

        assertTrue(refusal.getMessage().contains("NOT NULL"), refusal.getMessage());
    }

    /** The database fills a NOT NULL column that declares a default, so an upload may leave it out. */
    @Test
    void aMissingNotNullColumnWithADefaultIsLeftToItsDefault() {
        Column status = new Column(new Identifier("status"), ColumnType.of(ColumnType.Kind.VARCHAR), false,
                Optional.of("open"));
        TableSchema schema = new TableSchema(new Identifier("tasks"), null, List.of(N, status), List.of(N.name()));

        assertEquals(List.of(N), UploadColumns.match(schema, new Schema(List.of(field("n", INT64)))));
    }

    @Test
    void aTypeThatDoesNotConvertSafelyIsNamedWithWhatToSendInstead() {
        InvalidRequestException refusal = refused("square", field("n", INT64),
                field("square", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)));

        assertTrue(refusal.getMessage().contains(ArrowTypeCompatibility.describeAccepted(SQUARE.type())),
                refusal.getMessage());
    }

    @Test
    void aDictionaryEncodedColumnIsRefused() {
        DictionaryEncoding encoding = new DictionaryEncoding(0, false, new ArrowType.Int(32, true));
        Field labels = new Field("label", new FieldType(true, ArrowType.Utf8.INSTANCE, encoding), null);

        InvalidRequestException refusal = refused("label", field("n", INT64), labels);

        assertTrue(refusal.getMessage().contains("dictionary"), refusal.getMessage());
    }
}
