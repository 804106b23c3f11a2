package org.granary.metadatasync.reconcile;

import java.sql.SQLException;
import java.util.List;
import org.granary.metadatasync.catalog.Catalogue;
import org.granary.metadatasync.legacy.LegacyDatabase;
import org.granary.metadatasync.record.CatalogState;

/** A second legacy-shaped database playing the catalogue for the apply path: writes land in its tables; it has no feed. */
final class LegacyShapedCatalogue implements Catalogue {
    private final LegacyDatabase database;

    LegacyShapedCatalogue(LegacyDatabase database) {
        this.database = database;
    }

    @Override
    public List<Outcome> apply(String origin, List<Write> writes) {
        try {
            database.write(writes.stream().map(write -> write.record() == null ? CatalogState.deleted(write.fileName())
                    : new CatalogState(write.fileName(), write.record(), null)).toList());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return writes.stream().map(write -> new Outcome(write.fileName(), write.record() == null ? "deleted" : "corrected", null, null)).toList();
    }

    @Override
    public ChangePage changes(String cursor, int limit) {
        return new ChangePage(List.of(), cursor);
    }
}
