package org.granary.platform.database;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.granary.postgres.TemporaryPostgres;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.table;

class RenderedStatementIT {
    private static final Table<Record> ITEM = table(name("item"));
    private static final Field<Long> ID = field(name("id"), Long.class);
    private static final Field<String> LABEL = field(name("label"), String.class);
    private static final Field<Long> SIZE = field(name("size_bytes"), Long.class);
    private static final Field<OffsetDateTime> SEEN = field(name("seen_at"), OffsetDateTime.class);
    private static final Field<String> NOTE = field(name("note"), String.class);
    private static DSLContext database;

    @BeforeAll
    static void createTable() {
        database = DSL.using(TemporaryPostgres.freshDatabase("rendered_statement"));
        database.execute("CREATE TABLE item (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label text NOT NULL UNIQUE,"
                + " size_bytes bigint NOT NULL CHECK (size_bytes >= 0), seen_at timestamptz, note text)");
    }

    @Test
    void bindsEachValueToItsNamedParameterWhateverTheOrderInTheSql() {
        RenderedStatement insert = RenderedStatement.of(database, database.insertInto(ITEM)
                .set(LABEL, param("label", String.class))
                .set(SIZE, param("size", Long.class))
                .set(SEEN, param("seen", OffsetDateTime.class))
                .set(NOTE, param("note", String.class))
                .returningResult(ID, LABEL, SIZE, SEEN, NOTE), "note", "seen", "size", "label");
        OffsetDateTime seen = OffsetDateTime.of(2004, 10, 1, 0, 3, 0, 0, ZoneOffset.UTC);

        Record first = insert.query(database, "first note", seen, 64L, "first").fetchSingle();
        Record second = insert.query(database, null, null, 0L, "second").fetchSingle();

        assertThat(first.get(LABEL)).isEqualTo("first");
        assertThat(first.get(SIZE)).isEqualTo(64L);
        assertThat(first.get(SEEN).toInstant()).isEqualTo(seen.toInstant());
        assertThat(first.get(NOTE)).isEqualTo("first note");
        assertThat(second.get(LABEL)).isEqualTo("second");
        assertThat(second.get(SEEN)).isNull();
        assertThat(second.get(NOTE)).isNull();
        assertThat(insert.sql()).doesNotContain("first", "second").contains("cast(? as timestamp");
        assertThat(database.render(insert.query(database, "a note", seen, 1L, "third"))).isEqualTo(insert.sql());
    }

    @Test
    void leavesLiteralsThatLookLikePlaceholdersAndCastsAlone() {
        Field<JSONB> document = field("{0}::jsonb", JSONB.class, param("document", String.class));
        RenderedStatement select = RenderedStatement.of(database,
                database.select(inline("what? {0} :label 'quoted'").as("literal"), document.as("document")), "document");

        Record row = select.query(database, "{\"orbit\": 1132}").fetchSingle();

        assertThat(row.get("literal", String.class)).isEqualTo("what? {0} :label 'quoted'");
        assertThat(row.get("document", String.class)).isEqualTo("{\"orbit\": 1132}");
    }

    @Test
    void showsItsValuesWhenRenderedInline() {
        RenderedStatement select = RenderedStatement.of(database, database.select(inline("what?").as("literal"), LABEL).from(ITEM)
                .where(LABEL.eq(param("label", String.class)).and(SIZE.gt(param("size", Long.class)))), "label", "size");

        String inlined = database.renderInlined(select.query(database, "it's", 42L));

        assertThat(inlined).contains("'what?'", "'it''s'", "42").doesNotContain("?)", "= ?");
    }

    @Test
    void executesAndFailsAsAnyJooqStatementDoes() {
        RenderedStatement insert = RenderedStatement.of(database, database.insertInto(ITEM)
                .set(LABEL, param("label", String.class))
                .set(SIZE, param("size", Long.class)), "label", "size");

        assertThat(insert.execute(database, "executed", 1L)).isEqualTo(1);
        assertThatThrownBy(() -> insert.execute(database, "negative", -1L)).isInstanceOf(DataAccessException.class)
                .hasMessageContaining("item_size_bytes_check");
        assertThat(database.fetchCount(ITEM, LABEL.eq("negative"))).isZero();
    }

    @Test
    void refusesStatementsWhoseValuesCouldBeBoundWrongly() {
        assertThatThrownBy(() -> RenderedStatement.of(database, database.selectOne().where(LABEL.eq("unnamed"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("named parameter");
        var twice = param("label", String.class);
        assertThatThrownBy(() -> RenderedStatement.of(database, database.selectOne().from(ITEM).where(LABEL.eq(twice).or(NOTE.eq(twice))), "label"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must appear once");
        assertThatThrownBy(() -> RenderedStatement.of(database, database.selectOne().from(ITEM).where(LABEL.eq(param("label", String.class))), "name"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not match");
        RenderedStatement select = RenderedStatement.of(database, database.selectOne().from(ITEM).where(LABEL.eq(param("label", String.class))), "label");
        assertThatThrownBy(() -> select.query(database)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 values expected");
    }
}
