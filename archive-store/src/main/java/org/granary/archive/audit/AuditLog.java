package org.granary.archive.audit;

import java.util.List;
import org.granary.archive.ArchiveProperties;
import org.granary.archive.schema.tables.records.AuditEventRecord;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.RequestCaller;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertSetMoreStep;
import org.springframework.stereotype.Repository;

import static org.granary.archive.schema.Tables.AUDIT_EVENT;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.val;

/** The audit log of this node. Entries are only ever added. */
@Repository
public class AuditLog {
    private final DSLContext database;
    private final String node;

    public AuditLog(DSLContext database, ArchiveProperties properties) {
        this.database = database;
        this.node = properties.nodeId();
    }

    public void record(DSLContext transaction, String volume, String checksum, AuditAction action, String cause, String detail) {
        entry(transaction, volume, checksum, action, cause, detail).execute();
    }

    private InsertSetMoreStep<AuditEventRecord> entry(DSLContext transaction, String volume, String checksum, AuditAction action,
            String cause, String detail) {
        return entry(transaction, val(volume, AUDIT_EVENT.VOLUME), val(checksum, AUDIT_EVENT.CHECKSUM),
                val(action.wireName(), AUDIT_EVENT.ACTION), val(cause, AUDIT_EVENT.CAUSE), val(detail, AUDIT_EVENT.DETAIL),
                val(actor(), AUDIT_EVENT.ACTOR));
    }

    /** The insert of one entry, for a caller that makes it part of a larger statement (with parameters for the values, say). */
    public InsertSetMoreStep<AuditEventRecord> entry(DSLContext transaction, Field<String> volume, Field<String> checksum,
            Field<String> action, Field<String> cause, Field<String> detail, Field<String> actor) {
        return transaction.insertInto(AUDIT_EVENT)
                .set(AUDIT_EVENT.NODE, inline(node))
                .set(AUDIT_EVENT.VOLUME, volume)
                .set(AUDIT_EVENT.CHECKSUM, checksum)
                .set(AUDIT_EVENT.ACTION, action)
                .set(AUDIT_EVENT.CAUSE, cause)
                .set(AUDIT_EVENT.DETAIL, detail)
                .set(AUDIT_EVENT.ACTOR, actor);
    }

    /**
     * Who does what is being recorded: the label of the token of the request this thread serves
     * (ingest-service, a peer node's archive-store, an operator's admin token), or this node itself
     * for its background work (scrubs, rebalancing, repairs, deliveries).
     */
    public String actor() {
        return RequestCaller.current().map(Caller::label).orElse(node);
    }

    public void record(String volume, String checksum, AuditAction action, String cause, String detail) {
        record(database, volume, checksum, action, cause, detail);
    }

    public List<AuditEvent> forChecksum(String checksum) {
        return database.selectFrom(AUDIT_EVENT).where(AUDIT_EVENT.CHECKSUM.eq(checksum)).orderBy(AUDIT_EVENT.ID)
                .fetch(row -> new AuditEvent(row.getId(), row.getOccurredAt().toInstant(), row.getNode(), row.getVolume(),
                        row.getChecksum(), AuditAction.fromWireName(row.getAction()), row.getCause(), row.getDetail(), row.getActor()));
    }
}
