package org.granary.archive.volume;

import java.util.HashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import static org.granary.archive.schema.Tables.VOLUME_STATE;
import static org.jooq.impl.DSL.currentOffsetDateTime;

/** The states operators gave this node's volumes; a volume without one is active. */
@Repository
class VolumeStates {
    private final DSLContext database;

    VolumeStates(DSLContext database) {
        this.database = database;
    }

    Map<String, VolumeState> all() {
        Map<String, VolumeState> states = new HashMap<>();
        database.selectFrom(VOLUME_STATE).fetch().forEach(row -> states.put(row.getVolume(), VolumeState.fromWireName(row.getState())));
        return states;
    }

    void save(String volume, VolumeState state) {
        database.insertInto(VOLUME_STATE).set(VOLUME_STATE.VOLUME, volume).set(VOLUME_STATE.STATE, state.wireName())
                .onConflict(VOLUME_STATE.VOLUME).doUpdate().set(VOLUME_STATE.STATE, state.wireName())
                .set(VOLUME_STATE.CHANGED_AT, currentOffsetDateTime())
                .execute();
    }
}
