package org.granary.archive.cluster;

import java.util.Optional;
import org.granary.archive.client.ClusterMap;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import static org.granary.archive.schema.Tables.CLUSTER_MAP;

/** Every map this node has known, by epoch. */
@Repository
class ClusterMaps {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final DSLContext database;

    ClusterMaps(DSLContext database) {
        this.database = database;
    }

    Optional<ClusterMap> latest() {
        return database.select(CLUSTER_MAP.MAP).from(CLUSTER_MAP).orderBy(CLUSTER_MAP.EPOCH.desc()).limit(1)
                .fetchOptional(CLUSTER_MAP.MAP)
                .map(json -> JSON.readValue(json.data(), ClusterMap.class));
    }

    /** Stores a map unless this epoch is known already; true when it was stored. */
    boolean store(ClusterMap map, String changedBy) {
        return database.insertInto(CLUSTER_MAP)
                .set(CLUSTER_MAP.EPOCH, map.epoch())
                .set(CLUSTER_MAP.MAP, JSONB.valueOf(JSON.writeValueAsString(map)))
                .set(CLUSTER_MAP.CHANGED_BY, changedBy)
                .onConflictDoNothing()
                .execute() == 1;
    }
}
