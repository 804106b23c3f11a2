package org.granary.ops.legacy;

import java.nio.file.Path;
import java.util.List;
import org.granary.patches.ApplyResult;
import org.granary.patches.PatchSet;
import org.granary.patches.SchemaPatcher;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The legacy database's schema: component {@value #COMPONENT}, whose patches live with
 * metadata-sync (in {@code db/legacy/patches/legacy}, not {@code db/patches}, so that
 * metadata-sync does not apply them to its own database at start). {@code ops/granary up}
 * applies them to {@code granary_legacy}; an external legacy server is patched by its DBA.
 */
public final class LegacyDatabase {
    public static final String COMPONENT = "legacy";
    /** The tables the old applications write, in the order a row's removal cascades up to. */
    public static final List<String> TABLES = List.of("file_inventory", "file_qa", "file_lineage");

    private LegacyDatabase() {
    }

    /** The patch folder in a source tree. */
    public static Path patchFolder(Path root) {
        return root.resolve("metadata-sync/src/main/resources/db/legacy/patches").resolve(COMPONENT);
    }

    /** Applies the patches the database lacks (none when it is up to date). */
    public static ApplyResult patch(String jdbcUrl, Path folder) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        return SchemaPatcher.apply(dataSource, PatchSet.fromDirectory(COMPONENT, folder), SchemaPatcher.Options.defaults());
    }
}
