package org.granary.patches.drift;

import org.granary.patches.drift.CatalogObject.Column;

/**
 * A schema snapshot as text, like a schema-only dump: a file to keep beside the patches and to
 * read in a code review, whose diff shows what a patch does to the schema. It holds nothing that
 * varies between two databases of equal schemas (no date, no database name, no name of the role
 * that applied the patches, no column positions), so equal schemas render byte for byte the same.
 * Beyond the {@code CREATE} statements it shows what the patches set on objects: owners other than
 * the patches' role, grants, comments, row-level security, storage parameters and so on.
 */
public final class SchemaDefinition {
    static final String HEADER = """
            -- Schema definition, generated from a database's catalog by Granary's schema-patches.
            -- Do not edit: change the schema with a new patch, then generate this file again.
            -- Objects are sorted by kind and name; a table's columns are in name order.
            """;

    private SchemaDefinition() {
    }

    public static String render(CatalogSnapshot snapshot) {
        StringBuilder text = new StringBuilder(HEADER);
        for (CatalogObject object : snapshot.objects()) {
            if (object instanceof Column) {
                continue; // written inside their table's CREATE TABLE
            }
            text.append("\n-- ").append(object.objectType()).append(' ').append(object.qualifiedName()).append('\n')
                    .append(Ddl.create(object, snapshot)).append('\n');
        }
        return text.toString();
    }
}
