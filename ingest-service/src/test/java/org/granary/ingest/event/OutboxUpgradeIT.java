package org.granary.ingest.event;

import java.util.List;
import org.granary.patches.PatchSet;
import org.granary.patches.SchemaPatcher;
import org.granary.postgres.TemporaryPostgres;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An archive upgraded to the commit-order fan-out (patches 0004 and 0005) with events in its
 * outbox: those the old cursor had passed are not announced again, those after it are, once.
 */
class OutboxUpgradeIT {
    private static final int PATCHES_BEFORE_COMMIT_ORDER = 3;

    @Test
    void eventsAfterTheOldCursorAreFannedOutOnceAndThoseBeforeItNotAgain() {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(TemporaryPostgres.freshDatabase("outbox_upgrade"));
        PatchSet patches = PatchSet.fromClasspath("ingest-service", "db/patches/ingest-service", getClass().getClassLoader());
        SchemaPatcher.apply(database, new PatchSet(patches.component(), patches.patches().subList(0, PATCHES_BEFORE_COMMIT_ORDER)),
                SchemaPatcher.Options.defaults());
        JdbcClient sql = JdbcClient.create(database);
        sql.sql("INSERT INTO esdt (short_name, collection_version, processing_level, description, file_name_pattern, time_unit, "
                + "duplicate_policy) VALUES ('OMTO3', 3, '2', 'total ozone', 'OMTO3_{orbit:5}.he5', 'orbit', 'reject')").update();
        List<Long> events = List.of(OutboxRows.insertGranuleWithEvent(sql, "OMTO3", "first"),
                OutboxRows.insertGranuleWithEvent(sql, "OMTO3", "second"), OutboxRows.insertGranuleWithEvent(sql, "OMTO3", "third"));
        sql.sql("UPDATE outbox_cursor SET last_event_id = ? WHERE name = 'fan-out'").param(events.getFirst()).update();
        sql.sql("INSERT INTO subscription (callback_url, created_by) VALUES ('http://127.0.0.1:9/events', 'test')").update();

        SchemaPatcher.apply(database, patches, SchemaPatcher.Options.defaults());
        EventRepository repository = new EventRepository(DSL.using(database, SQLDialect.POSTGRES));
        int fannedOut = repository.fanOut(500);
        int again = repository.fanOut(500);

        assertThat(fannedOut).isEqualTo(2);
        assertThat(again).isZero();
        assertThat(sql.sql("SELECT event_id FROM delivery ORDER BY event_id").query(Long.class).list())
                .containsExactly(events.get(1), events.get(2));
        assertThat(repository.backlog()).as("pending deliveries, nothing left to fan out").isEqualTo(2);
    }
}
