package org.granary.ingest.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.granary.ingest.granule.Granule;
import org.granary.ingest.granule.GranuleRepository;
import org.granary.ingest.granule.Predecessors;
import org.granary.ingest.granule.ProductIdentity;
import org.granary.ingest.pdr.ChecksumType;
import org.granary.ingest.pdr.FileGroup;
import org.granary.ingest.pdr.FileSpec;
import org.granary.ingest.pdr.ProductDeliveryRecord;
import org.granary.ingest.schema.tables.records.PdrDeliveryRecord;
import org.granary.ingest.schema.tables.records.PdrFileRecord;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.springframework.stereotype.Repository;

import static org.granary.ingest.schema.Tables.GRANULE;
import static org.granary.ingest.schema.Tables.PDR_DELIVERY;
import static org.granary.ingest.schema.Tables.PDR_FILE;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.trueCondition;

/** Deliveries and their files. */
@Repository
class DeliveryRepository {
    private static final String AWAITED = "awaited_";
    private static final String OF_PRODUCT = "of_product_";
    private static final String OF_FILE = "of_file_";
    private final DSLContext database;

    DeliveryRepository(DSLContext database) {
        this.database = database;
    }

    /** Records a delivery and its files; empty when this station already sent a PDR of this name. */
    Optional<Long> insert(String pdrName, String station, String pdrSha256, ProductDeliveryRecord pdr) {
        return database.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            Optional<Long> id = transaction.insertInto(PDR_DELIVERY)
                    .set(PDR_DELIVERY.PDR_NAME, pdrName).set(PDR_DELIVERY.STATION, station).set(PDR_DELIVERY.PDR_SHA256, pdrSha256)
                    .onConflictDoNothing().returning(PDR_DELIVERY.ID).fetchOptional(PDR_DELIVERY.ID);
            id.ifPresent(deliveryId -> {
                for (FileGroup group : pdr.fileGroups()) {
                    for (FileSpec file : group.fileSpecs()) {
                        transaction.insertInto(PDR_FILE)
                                .set(PDR_FILE.DELIVERY_ID, deliveryId).set(PDR_FILE.FILE_NAME, file.fileId())
                                .set(PDR_FILE.DIRECTORY, file.directory()).set(PDR_FILE.DATA_TYPE, group.dataType())
                                .set(PDR_FILE.SIZE_BYTES, file.size())
                                .set(PDR_FILE.CHECKSUM_TYPE, file.checksumType() == null ? null : file.checksumType().name())
                                .set(PDR_FILE.CHECKSUM_VALUE, file.checksumType() == null ? null : file.checksumType().normalise(file.checksumValue()))
                                .set(PDR_FILE.BEGINNING, offset(group.beginning())).set(PDR_FILE.ENDING, offset(group.ending()))
                                .execute();
                    }
                }
            });
            return id;
        });
    }

    Optional<PdrDelivery> byStationAndName(String station, String pdrName) {
        return database.selectFrom(PDR_DELIVERY).where(PDR_DELIVERY.STATION.eq(station).and(PDR_DELIVERY.PDR_NAME.eq(pdrName)))
                .fetchOptional().map(DeliveryRepository::toDelivery);
    }

    Optional<PdrDelivery> delivery(long id) {
        return database.selectFrom(PDR_DELIVERY).where(PDR_DELIVERY.ID.eq(id)).fetchOptional().map(DeliveryRepository::toDelivery);
    }

    /** The newest delivery of a PDR name, whichever station sent it. */
    Optional<PdrDelivery> newestNamed(String pdrName) {
        return database.selectFrom(PDR_DELIVERY).where(PDR_DELIVERY.PDR_NAME.eq(pdrName)).orderBy(PDR_DELIVERY.ID.desc()).limit(1)
                .fetchOptional().map(DeliveryRepository::toDelivery);
    }

    /**
     * The newest open delivery that awaits a file of this name, the newest version of its product
     * and the newest granule of the file, in one round trip.
     */
    Arrival arrival(ProductIdentity product, String fileName) {
        Table<?> awaited = database.select(PDR_FILE.fields()).from(PDR_FILE)
                .join(PDR_DELIVERY).on(PDR_DELIVERY.ID.eq(PDR_FILE.DELIVERY_ID))
                .where(PDR_FILE.FILE_NAME.eq(fileName).and(PDR_FILE.DISPOSITION.isNull()).and(PDR_DELIVERY.STATE.eq("open")))
                .orderBy(PDR_FILE.DELIVERY_ID.desc()).limit(1).asTable("awaited");
        Table<?> ofProduct = GranuleRepository.newestOfProduct(database, product).asTable("of_product");
        Table<?> ofFile = GranuleRepository.newestOfFile(database, product.esdt(), product.collection(), fileName).asTable("of_file");
        List<Field<?>> columns = new ArrayList<>();
        for (Field<?> column : PDR_FILE.fields()) {
            columns.add(awaited.field(column).as(AWAITED + column.getName()));
        }
        for (Field<?> column : GRANULE.fields()) {
            columns.add(ofProduct.field(column).as(OF_PRODUCT + column.getName()));
            columns.add(ofFile.field(column).as(OF_FILE + column.getName()));
        }
        // One row always: each side is null when it finds nothing.
        Record row = database.select(columns).from(selectOne().asTable("one"))
                .leftJoin(awaited).on(trueCondition()).leftJoin(ofProduct).on(trueCondition()).leftJoin(ofFile).on(trueCondition())
                .fetchSingle();
        Optional<AwaitedFile> awaitedFile = row.get(AWAITED + PDR_FILE.DELIVERY_ID.getName()) == null ? Optional.empty()
                : Optional.of(toAwaited(part(row, PDR_FILE, AWAITED)));
        return new Arrival(awaitedFile, new Predecessors(granule(row, OF_PRODUCT), granule(row, OF_FILE)));
    }

    private Optional<Granule> granule(Record row, String prefix) {
        return row.get(prefix + GRANULE.ID.getName()) == null ? Optional.empty()
                : Optional.of(GranuleRepository.toGranule(part(row, GRANULE, prefix)));
    }

    /** The columns of {@code table} that a row holds under {@code prefix}, as a record of that table. */
    private <R extends TableRecord<R>> R part(Record row, Table<R> table, String prefix) {
        R record = database.newRecord(table);
        for (Field<?> column : table.fields()) {
            copy(row, record, prefix, column);
        }
        return record;
    }

    private static <T> void copy(Record from, Record to, String prefix, Field<T> column) {
        to.set(column, from.get(prefix + column.getName(), column.getType()));
    }

    List<AwaitedFile> awaitedOf(long deliveryId) {
        return database.selectFrom(PDR_FILE).where(PDR_FILE.DELIVERY_ID.eq(deliveryId).and(PDR_FILE.DISPOSITION.isNull()))
                .fetch(DeliveryRepository::toAwaited);
    }

    List<DeliveryView.FileView> files(long deliveryId) {
        return database.selectFrom(PDR_FILE).where(PDR_FILE.DELIVERY_ID.eq(deliveryId)).orderBy(PDR_FILE.FILE_NAME)
                .fetch(row -> new DeliveryView.FileView(row.getFileName(), row.getSizeBytes(), row.getChecksumType(),
                        row.getDisposition(), row.getGranuleId()));
    }

    /**
     * Settles a file and, when no other is awaited, completes the delivery with its PAN (made from
     * the settled files), in one transaction: a crash between the two would leave every file
     * settled and the delivery open for ever, as no push would settle anything again. The
     * delivery's row lock orders concurrent settles, so exactly the last one completes it. A
     * granule without times (level 0 data pushed before its PDR) takes the PDR's in the same
     * transaction, with the event that announces them. True when this call completed the delivery.
     *
     * @param granule the granule the file became, null when it failed
     */
    boolean settle(long deliveryId, String fileName, String disposition, Granule granule, Function<List<SettledFile>, String> pan) {
        return database.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            transaction.selectFrom(PDR_DELIVERY).where(PDR_DELIVERY.ID.eq(deliveryId)).forUpdate().fetchSingle();
            Optional<PdrFileRecord> settled = transaction.update(PDR_FILE).set(PDR_FILE.DISPOSITION, disposition)
                    .set(PDR_FILE.GRANULE_ID, granule == null ? null : granule.id())
                    .set(PDR_FILE.SETTLED_AT, currentOffsetDateTime())
                    .where(PDR_FILE.DELIVERY_ID.eq(deliveryId).and(PDR_FILE.FILE_NAME.eq(fileName)).and(PDR_FILE.DISPOSITION.isNull()))
                    .returning().fetchOptional();
            if (granule != null && granule.startTime() == null) {
                settled.filter(file -> file.getBeginning() != null).ifPresent(file ->
                        GranuleRepository.takeTimes(transaction, granule.id(), instant(file.getBeginning()), instant(file.getEnding())));
            }
            if (transaction.fetchExists(PDR_FILE, PDR_FILE.DELIVERY_ID.eq(deliveryId).and(PDR_FILE.DISPOSITION.isNull()))) {
                return false;
            }
            List<SettledFile> files = transaction.selectFrom(PDR_FILE).where(PDR_FILE.DELIVERY_ID.eq(deliveryId))
                    .orderBy(PDR_FILE.FILE_NAME).fetch(file -> new SettledFile(file.getDirectory(), file.getFileName(), file.getDisposition()));
            return transaction.update(PDR_DELIVERY).set(PDR_DELIVERY.STATE, "complete").set(PDR_DELIVERY.PAN, pan.apply(files))
                    .set(PDR_DELIVERY.COMPLETED_AT, currentOffsetDateTime())
                    .where(PDR_DELIVERY.ID.eq(deliveryId).and(PDR_DELIVERY.STATE.eq("open"))).execute() == 1;
        });
    }

    private static PdrDelivery toDelivery(PdrDeliveryRecord row) {
        return new PdrDelivery(row.getId(), row.getPdrName(), row.getStation(), row.getPdrSha256(), row.getState(),
                row.getReceivedAt().toInstant(), instant(row.getCompletedAt()), row.getPan());
    }

    private static AwaitedFile toAwaited(PdrFileRecord row) {
        return new AwaitedFile(row.getDeliveryId(), row.getFileName(), row.getDirectory(), row.getSizeBytes(),
                row.getChecksumType() == null ? null : ChecksumType.valueOf(row.getChecksumType()), row.getChecksumValue(), instant(row.getBeginning()), instant(row.getEnding()));
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
