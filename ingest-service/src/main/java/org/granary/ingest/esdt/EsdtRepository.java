package org.granary.ingest.esdt;

import java.time.Period;
import java.util.List;
import java.util.Locale;
import org.granary.ingest.schema.tables.records.EsdtRecord;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import static org.granary.ingest.schema.Tables.ESDT;
import static org.jooq.impl.DSL.currentOffsetDateTime;

/** The ESDT table: the registry as it survives restarts. */
@Repository
class EsdtRepository {
    private final DSLContext database;

    EsdtRepository(DSLContext database) {
        this.database = database;
    }

    List<Esdt> all() {
        return database.selectFrom(ESDT).orderBy(ESDT.SHORT_NAME, ESDT.COLLECTION_VERSION).fetch(EsdtRepository::toEsdt);
    }

    /**
     * Inserts or replaces the ESDTs, each by short name and collection, in one transaction: a
     * catalogue loads whole or not at all.
     */
    void save(List<Esdt> esdts) {
        database.transaction(configuration -> {
            for (Esdt esdt : esdts) {
                configuration.dsl().insertInto(ESDT)
                        .set(record(esdt))
                        .onConflict(ESDT.SHORT_NAME, ESDT.COLLECTION_VERSION).doUpdate()
                        .set(record(esdt))
                        .set(ESDT.UPDATED_AT, currentOffsetDateTime())
                        .execute();
            }
        });
    }

    private static EsdtRecord record(Esdt esdt) {
        EsdtRecord record = new EsdtRecord();
        record.setShortName(esdt.shortName());
        record.setCollectionVersion(esdt.collectionVersion());
        record.setProcessingLevel(esdt.processingLevel());
        record.setDescription(esdt.description());
        record.setFileNamePattern(esdt.fileNamePattern().text());
        record.setTimeUnit(esdt.timeUnit().name().toLowerCase(Locale.ROOT));
        record.setDuplicatePolicy(esdt.duplicatePolicy().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        record.setRetention(esdt.retention() == null ? null : esdt.retention().toString());
        record.touched(ESDT.UPDATED_AT, false);
        return record;
    }

    private static Esdt toEsdt(EsdtRecord row) {
        return new Esdt(row.getShortName(), row.getCollectionVersion(), row.getProcessingLevel(), row.getDescription(),
                FileNamePattern.compile(row.getFileNamePattern()), TimeUnit.valueOf(row.getTimeUnit().toUpperCase(Locale.ROOT)),
                DuplicatePolicy.valueOf(row.getDuplicatePolicy().toUpperCase(Locale.ROOT).replace('-', '_')),
                row.getRetention() == null ? null : Period.parse(row.getRetention()));
    }
}
