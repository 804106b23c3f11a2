package org.granary.ingest.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.granary.ingest.granule.Granule;
import org.granary.ingest.granule.GranuleRepository;
import org.granary.ingest.granule.GranuleRows;
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
import org.jooq.Select;
import org.jooq.Table;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static org.granary.ingest.schema.Tables.GRANULE;
import static org.granary.ingest.schema.Tables.PDR_DELIVERY;
import static org.granary.ingest.schema.Tables.PDR_FILE;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.trueCondition;

/** Deliveries and their files. */
@Repository
class DeliveryRepository {
    private static final String AWAITED = "awaited_";
    private static final String OF_PRODUCT = "of_product_";
    private static final String OF_FILE = "of_file_";
    private final DSLContext database;
    private final JdbcClient jdbc;
    /** Every push asks it; rendered to SQL once, here, and run through JDBC (see {@link #arrival}). */
    private final String arrivalSql;

    DeliveryRepository(DSLContext database, JdbcClient jdbc) {
        this.database = database;
        this.jdbc = jdbc;
        this.arrivalSql = database.renderNamedParams(arrivalQuery(database));
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
        return jdbc.sql(arrivalSql)
                .param("file_name", fileName)
                .param("esdt", product.esdt())
                .param("collection", product.collection())
                .param("product_key", product.key())
                .param("part", product.part(), Types.INTEGER)
                .query((row, number) -> new Arrival(awaited(row),
                        new Predecessors(GranuleRows.read(row, OF_PRODUCT), GranuleRows.read(row, OF_FILE))))
                .single();
    }

    /**
     * The arrival's three lookups side by side in one row, each null when it finds nothing, with a
     * named parameter for each value: built with jOOQ once; rendering it at every push had been a
     * good part of the fifth of ingest's CPU that jOOQ's rendering took (JFR).
     */
    private static Select<?> arrivalQuery(DSLContext database) {
        Field<String> fileName = param("file_name", PDR_FILE.FILE_NAME);
        Field<String> esdt = param("esdt", GRANULE.ESDT);
        Field<Integer> collection = param("collection", GRANULE.COLLECTION);
        Table<?> awaited = database.select(PDR_FILE.fields()).from(PDR_FILE)
                .join(PDR_DELIVERY).on(PDR_DELIVERY.ID.eq(PDR_FILE.DELIVERY_ID))
                .where(PDR_FILE.FILE_NAME.eq(fileName).and(PDR_FILE.DISPOSITION.isNull()).and(PDR_DELIVERY.STATE.eq(inline("open"))))
                .orderBy(PDR_FILE.DELIVERY_ID.desc()).limit(inline(1)).asTable("awaited");
        Table<?> ofProduct = GranuleRepository.newestOfProduct(database, esdt, collection, param("product_key", GRANULE.PRODUCT_KEY),
                param("part", GRANULE.PART)).asTable("of_product");
        Table<?> ofFile = GranuleRepository.newestOfFile(database, esdt, collection, fileName).asTable("of_file");
        List<Field<?>> columns = new ArrayList<>();
        for (Field<?> column : PDR_FILE.fields()) {
            columns.add(awaited.field(column).as(AWAITED + column.getName()));
        }
        for (Field<?> column : GRANULE.fields()) {
            columns.add(ofProduct.field(column).as(OF_PRODUCT + column.getName()));
            columns.add(ofFile.field(column).as(OF_FILE + column.getName()));
        }
        return database.select(columns).from(selectOne().asTable("one"))
                .leftJoin(awaited).on(trueCondition()).leftJoin(ofProduct).on(trueCondition()).leftJoin(ofFile).on(trueCondition());
    }

    private static Optional<AwaitedFile> awaited(ResultSet row) throws SQLException {
        long deliveryId = row.getLong(AWAITED + PDR_FILE.DELIVERY_ID.getName());
        if (row.wasNull()) {
            return Optional.empty();
        }
        String checksumType = row.getString(AWAITED + PDR_FILE.CHECKSUM_TYPE.getName());
        return Optional.of(new AwaitedFile(deliveryId, row.getString(AWAITED + PDR_FILE.FILE_NAME.getName()),
                row.getString(AWAITED + PDR_FILE.DIRECTORY.getName()), row.getLong(AWAITED + PDR_FILE.SIZE_BYTES.getName()),
                checksumType == null ? null : ChecksumType.valueOf(checksumType), row.getString(AWAITED + PDR_FILE.CHECKSUM_VALUE.getName()),
                GranuleRows.instant(row, AWAITED + PDR_FILE.BEGINNING.getName()), GranuleRows.instant(row, AWAITED + PDR_FILE.ENDING.getName())));
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
