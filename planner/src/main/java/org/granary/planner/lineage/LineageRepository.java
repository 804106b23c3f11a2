package org.granary.planner.lineage;

import java.util.List;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** Provenance read both ways, transitively (recursive queries over job inputs and outputs). */
@Repository
class LineageRepository {
    private static final int DEEPEST = 50;

    private final DSLContext sql;

    LineageRepository(DSLContext sql) {
        this.sql = sql;
    }

    /** Every granule the granule was made from, and what those were made from. */
    List<LineageEntry> inputs(long granuleId) {
        return sql.resultQuery("""
                WITH RECURSIVE up(granule_id, job_id, depth) AS (
                    SELECT i.granule_id, o.job_id, 1 FROM job_output o JOIN job_input i ON i.job_id = o.job_id WHERE o.granule_id = ?
                    UNION
                    SELECT i.granule_id, o.job_id, up.depth + 1 FROM up
                    JOIN job_output o ON o.granule_id = up.granule_id JOIN job_input i ON i.job_id = o.job_id
                    WHERE up.depth < ?
                )
                SELECT DISTINCT ON (up.granule_id) up.granule_id, coalesce(g.esdt, ''), coalesce(g.file_name, ''), up.job_id, j.pge_name, up.depth
                FROM up LEFT JOIN granule g ON g.id = up.granule_id JOIN job j ON j.id = up.job_id
                ORDER BY up.granule_id, up.depth
                """, granuleId, DEEPEST).fetch(LineageRepository::entry).stream()
                .sorted(java.util.Comparator.comparingInt(LineageEntry::depth).thenComparingLong(LineageEntry::granule)).toList();
    }

    /** Every granule made from the granule, and what was made from those: what must be remade if it was bad. */
    List<LineageEntry> derived(long granuleId) {
        return sql.resultQuery("""
                WITH RECURSIVE down(granule_id, job_id, depth) AS (
                    SELECT o.granule_id, o.job_id, 1 FROM job_input i JOIN job_output o ON o.job_id = i.job_id WHERE i.granule_id = ?
                    UNION
                    SELECT o.granule_id, o.job_id, down.depth + 1 FROM down
                    JOIN job_input i ON i.granule_id = down.granule_id JOIN job_output o ON o.job_id = i.job_id
                    WHERE down.depth < ?
                )
                SELECT DISTINCT ON (down.granule_id) down.granule_id, coalesce(g.esdt, ''), coalesce(g.file_name, ''), down.job_id, j.pge_name,
                       down.depth
                FROM down LEFT JOIN granule g ON g.id = down.granule_id JOIN job j ON j.id = down.job_id
                ORDER BY down.granule_id, down.depth
                """, granuleId, DEEPEST).fetch(LineageRepository::entry).stream()
                .sorted(java.util.Comparator.comparingInt(LineageEntry::depth).thenComparingLong(LineageEntry::granule)).toList();
    }

    boolean known(long granuleId) {
        return sql.fetchExists(sql.selectOne().from(org.granary.planner.schema.Tables.GRANULE)
                .where(org.granary.planner.schema.Tables.GRANULE.ID.eq(granuleId)));
    }

    private static LineageEntry entry(org.jooq.Record row) {
        return new LineageEntry(row.get(0, Long.class), row.get(1, String.class), row.get(2, String.class), row.get(3, Long.class),
                row.get(4, String.class), row.get(5, Integer.class));
    }
}
