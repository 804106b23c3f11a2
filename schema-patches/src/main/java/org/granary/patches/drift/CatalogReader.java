package org.granary.patches.drift;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.granary.patches.drift.CatalogObject.Column;
import org.granary.patches.drift.CatalogObject.Constraint;
import org.granary.patches.drift.CatalogObject.DefaultPrivileges;
import org.granary.patches.drift.CatalogObject.Extension;
import org.granary.patches.drift.CatalogObject.Index;
import org.granary.patches.drift.CatalogObject.Policy;
import org.granary.patches.drift.CatalogObject.Publication;
import org.granary.patches.drift.CatalogObject.Routine;
import org.granary.patches.drift.CatalogObject.Schema;
import org.granary.patches.drift.CatalogObject.Sequence;
import org.granary.patches.drift.CatalogObject.Table;
import org.granary.patches.drift.CatalogObject.Trigger;
import org.granary.patches.drift.CatalogObject.UserType;
import org.granary.patches.drift.CatalogObject.View;

/**
 * The catalog queries behind {@link CatalogSnapshot#read}. They run in one repeatable-read
 * transaction, so the snapshot is of one moment, with the settings that change how PostgreSQL
 * prints definitions pinned as {@code pg_dump} pins them: an empty {@code search_path} makes
 * every name in a definition schema-qualified whatever the caller's path.
 *
 * <p>Owners are read as {@link CatalogObject.Owned} says: null for the patches' role, the owner of
 * {@code granary_patches.ledger} (or, in a database without a ledger, the current user).
 */
final class CatalogReader {
    private CatalogReader() {
    }

    static CatalogSnapshot read(Connection connection) throws SQLException {
        return Transactions.readOnly(connection, () -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL search_path = ''");
                statement.execute("SET LOCAL DateStyle = 'ISO, YMD'");
                statement.execute("SET LOCAL IntervalStyle = 'postgres'");
                statement.execute("SET LOCAL extra_float_digits = 3");
                statement.execute("SET LOCAL quote_all_identifiers = off");
            }
            Found objects = new Found();
            readSchemas(connection, objects);
            readExtensions(connection, objects);
            readTypes(connection, objects);
            readRoutines(connection, objects);
            readSequences(connection, objects);
            readTables(connection, objects);
            readColumns(connection, objects);
            readConstraints(connection, objects);
            readIndexes(connection, objects);
            readViews(connection, objects);
            readTriggers(connection, objects);
            readPolicies(connection, objects);
            readPublications(connection, objects);
            readDefaultPrivileges(connection, objects);
            return new CatalogSnapshot(objects.list, objects.creationOrder, patchesRole(connection));
        });
    }

    private static void readSchemas(Connection connection, Found objects) throws SQLException {
        query(connection, "SELECT quote_ident(n.nspname), " + owner("n.nspowner") + ", " + grants("n.nspacl", "n.nspowner", "n")
                + ", obj_description(n.oid, 'pg_namespace'), n.oid AS creation_order FROM pg_namespace n WHERE " + userSchema("n"),
                objects, row -> new Schema(row.getString(1), row.getString(2), row.getString(3), row.getString(4)));
    }

    private static void readExtensions(Connection connection, Found objects) throws SQLException {
        query(connection, """
                SELECT quote_ident(e.extname), quote_ident(n.nspname), e.extversion, e.oid AS creation_order
                FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace""",
                objects, row -> new Extension(row.getString(1), row.getString(2), row.getString(3)));
    }

    private static void readTypes(Connection connection, Found objects) throws SQLException {
        query(connection, """
                SELECT format('%%I.%%I', n.nspname, t.typname),
                       CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'c' THEN 'composite' ELSE 'range' END,
                       CASE t.typtype
                       WHEN 'e' THEN (SELECT 'ENUM (' || coalesce(string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder), '') || ')'
                                      FROM pg_enum e WHERE e.enumtypid = t.oid)
                       WHEN 'd' THEN format_type(t.typbasetype, t.typtypmod)
                            || coalesce(' COLLATE ' || (SELECT format('%%I.%%I', cn.nspname, co.collname)
                                                        FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
                                                        JOIN pg_type bt ON bt.oid = t.typbasetype
                                                        WHERE co.oid = t.typcollation AND t.typcollation <> bt.typcollation), '')
                            || coalesce(' DEFAULT ' || pg_get_expr(t.typdefaultbin, 0), '')
                            || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END
                            || coalesce((SELECT string_agg(' CONSTRAINT ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid), '' ORDER BY k.conname)
                                         FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype <> 'n'), '')
                       WHEN 'c' THEN (SELECT '(' || string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) || ')'
                                      FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)
                       ELSE (SELECT 'RANGE (SUBTYPE = ' || format_type(r.rngsubtype, NULL) || ')' FROM pg_range r WHERE r.rngtypid = t.oid)
                       END,
                       %s, %s, obj_description(t.oid, 'pg_type'),
                       t.oid AS creation_order
                FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))
                  AND\s""".formatted(owner("t.typowner"), grants("t.typacl", "t.typowner", "T"))
                        + userSchema("n") + " AND " + notInExtension("pg_type", "t.oid"),
                objects, row -> new UserType(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), row.getString(6)));
    }

    private static void readRoutines(Connection connection, Found objects) throws SQLException {
        // Aggregates are left out: pg_get_functiondef cannot print them. A range type's constructor
        // functions (an internal dependency) are part of the type.
        query(connection, """
                SELECT (pg_identify_object('pg_proc'::regclass, p.oid, 0)).identity,
                       CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
                       p.prosqlbody IS NOT NULL, pg_get_functiondef(p.oid), %s, %s, obj_description(p.oid, 'pg_proc'),
                       p.oid AS creation_order
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE p.prokind <> 'a'
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'i')
                  AND\s""".formatted(owner("p.proowner"), grants("p.proacl", "p.proowner", "f"))
                        + userSchema("n") + " AND " + notInExtension("pg_proc", "p.oid"),
                objects, row -> new Routine(row.getString(1), row.getString(2), row.getBoolean(3), row.getString(4),
                        row.getString(5), row.getString(6), row.getString(7)));
    }

    private static void readSequences(Connection connection, Found objects) throws SQLException {
        // An identity column's sequence (dependency 'i') is part of that column, not an object of its own.
        query(connection, """
                SELECT format('%%I.%%I', n.nspname, c.relname), format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,
                       s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
                       (SELECT format('%%I.%%I.%%I', tn.nspname, tc.relname, a.attname)
                        FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
                        JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a'),
                       %s, %s, obj_description(c.oid, 'pg_class'),
                       c.oid AS creation_order
                FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i')
                  AND\s""".formatted(owner("c.relowner"), grants("c.relacl", "c.relowner", "s"))
                        + userSchema("n") + " AND " + notInExtension("pg_class", "c.oid"),
                objects, row -> new Sequence(row.getString(1), row.getString(2), row.getLong(3), row.getLong(4),
                        row.getLong(5), row.getLong(6), row.getLong(7), row.getBoolean(8), row.getString(9),
                        row.getString(10), row.getString(11), row.getString(12)));
    }

    private static void readTables(Connection connection, Found objects) throws SQLException {
        query(connection, """
                SELECT format('%%I.%%I', n.nspname, c.relname), CASE c.relkind WHEN 'p' THEN 'partitioned table' ELSE 'table' END,
                       c.relpersistence = 'u', pg_get_partkeydef(c.oid),
                       (SELECT format('%%I.%%I', pn.nspname, pc.relname) FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent
                        JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid AND c.relispartition),
                       pg_get_expr(c.relpartbound, c.oid),
                       CASE WHEN c.relrowsecurity THEN 'enabled' ELSE 'disabled' END,
                       CASE WHEN c.relforcerowsecurity THEN 'forced' ELSE 'not forced' END,
                       %s,
                       CASE c.relreplident WHEN 'n' THEN 'nothing' WHEN 'f' THEN 'full'
                            WHEN 'i' THEN (SELECT 'using index ' || quote_ident(ic.relname) FROM pg_index i
                                           JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = c.oid AND i.indisreplident)
                            ELSE 'default' END,
                       %s, %s, obj_description(c.oid, 'pg_class'),
                       c.oid AS creation_order
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND\s""".formatted(storageParameters("c"), owner("c.relowner"),
                        grants("c.relacl", "c.relowner", "r")) + userSchema("n") + " AND " + notInExtension("pg_class", "c.oid"),
                objects, row -> new Table(row.getString(1), row.getString(2), row.getBoolean(3), row.getString(4),
                        row.getString(5), row.getString(6), row.getString(7), row.getString(8), row.getString(9),
                        row.getString(10), row.getString(11), row.getString(12), row.getString(13)));
    }

    private static void readColumns(Connection connection, Found objects) throws SQLException {
        // attnum is deliberately not read: a column added later is the same column as one made with the table.
        query(connection, """
                SELECT format('%%I.%%I', n.nspname, c.relname), quote_ident(a.attname), format_type(a.atttypid, a.atttypmod),
                       (SELECT format('%%I.%%I', cn.nspname, co.collname) FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
                        WHERE co.oid = a.attcollation AND a.attcollation <> t.typcollation),
                       a.attnotnull,
                       CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
                       CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END,
                       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END,
                       nullif(a.attstattarget, -1),
                       CASE WHEN a.attstorage <> t.typstorage THEN CASE a.attstorage WHEN 'p' THEN 'PLAIN' WHEN 'm' THEN 'MAIN'
                            WHEN 'e' THEN 'EXTERNAL' ELSE 'EXTENDED' END END,
                       CASE a.attcompression WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' END,
                       %s, col_description(c.oid, a.attnum),
                       a.attnum AS creation_order
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                  AND\s""".formatted(grants("a.attacl", "c.relowner", null)) + userSchema("n") + " AND " + notInExtension("pg_class", "c.oid"),
                objects, row -> new Column(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getBoolean(5), row.getString(6), row.getString(7), row.getString(8),
                        row.getObject(9, Integer.class), row.getString(10), row.getString(11), row.getString(12),
                        row.getString(13)));
    }

    private static void readConstraints(Connection connection, Found objects) throws SQLException {
        // A partition's copies of its parent's constraints (conparentid, or inherited and not local)
        // come with the parent's; NOT NULL is a column's nullability; constraint triggers are triggers.
        query(connection, """
                SELECT format('%I.%I', n.nspname, c.relname), quote_ident(k.conname),
                       CASE k.contype WHEN 'c' THEN 'check' WHEN 'f' THEN 'foreign key' WHEN 'p' THEN 'primary key'
                                      WHEN 'u' THEN 'unique' ELSE 'exclusion' END,
                       pg_get_constraintdef(k.oid), obj_description(k.oid, 'pg_constraint'), k.oid AS creation_order
                FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE k.contype IN ('c', 'f', 'p', 'u', 'x') AND k.conparentid = 0 AND k.conislocal
                  AND\s""" + userSchema("n") + " AND " + notInExtension("pg_class", "c.oid"),
                objects, row -> new Constraint(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5)));
    }

    private static void readIndexes(Connection connection, Found objects) throws SQLException {
        query(connection, """
                SELECT format('%I.%I', n.nspname, ic.relname), format('%I.%I', tn.nspname, tc.relname),
                       pg_get_indexdef(i.indexrelid), i.indisvalid, obj_description(ic.oid, 'pg_class'), ic.oid AS creation_order
                FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
                JOIN pg_class tc ON tc.oid = i.indrelid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
                WHERE NOT ic.relispartition
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid
                                  AND k.contype IN ('p', 'u', 'x'))
                  AND\s""" + userSchema("n") + " AND " + notInExtension("pg_class", "tc.oid"),
                objects, row -> new Index(row.getString(1), row.getString(2), row.getString(3), row.getBoolean(4), row.getString(5)));
    }

    private static void readViews(Connection connection, Found objects) throws SQLException {
        query(connection, """
                SELECT format('%%I.%%I', n.nspname, c.relname), c.relkind = 'm', pg_get_viewdef(c.oid), %s, %s, %s,
                       obj_description(c.oid, 'pg_class'), c.oid AS creation_order
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('v', 'm') AND\s""".formatted(storageParameters("c"), owner("c.relowner"),
                        grants("c.relacl", "c.relowner", "r")) + userSchema("n") + " AND " + notInExtension("pg_class", "c.oid"),
                objects, row -> new View(row.getString(1), row.getBoolean(2), row.getString(3), row.getString(4),
                        row.getString(5), row.getString(6), row.getString(7)));
    }

    private static void readTriggers(Connection connection, Found objects) throws SQLException {
        query(connection, """
                SELECT format('%I.%I', n.nspname, c.relname), quote_ident(t.tgname), pg_get_triggerdef(t.oid),
                       CASE t.tgenabled WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica' WHEN 'A' THEN 'always' ELSE 'enabled' END,
                       obj_description(t.oid, 'pg_trigger'), t.oid AS creation_order
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE NOT t.tgisinternal AND t.tgparentid = 0
                  AND\s""" + userSchema("n") + " AND " + notInExtension("pg_class", "c.oid"),
                objects, row -> new Trigger(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5)));
    }

    private static void readPolicies(Connection connection, Found objects) throws SQLException {
        query(connection, """
                SELECT format('%I.%I', n.nspname, c.relname), quote_ident(p.polname),
                       CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
                       CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                       (SELECT string_agg(r.name, ', ' ORDER BY r.name) FROM (SELECT CASE WHEN role = 0 THEN 'PUBLIC'
                               ELSE quote_ident(pg_get_userbyid(role)) END AS name FROM unnest(p.polroles) AS role) r),
                       pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid), p.oid AS creation_order
                FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE\s""" + userSchema("n") + " AND " + notInExtension("pg_class", "c.oid"),
                objects, row -> new Policy(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), row.getString(6), row.getString(7)));
    }

    /** Column lists, row filters and schemas of a publication came with PostgreSQL 15. */
    private static void readPublications(Connection connection, Found objects) throws SQLException {
        boolean since15 = connection.getMetaData().getDatabaseMajorVersion() >= 15;
        String columnsAndFilter = since15 ? """
                 || coalesce(' (' || (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a
                                      WHERE a.attrelid = r.prrelid AND a.attnum = ANY (r.prattrs::int2[])) || ')', '')
                 || coalesce(' WHERE (' || pg_get_expr(r.prqual, r.prrelid) || ')', '')""" : "";
        String schemas = since15 ? """
                (SELECT string_agg(quote_ident(sn.nspname), ', ' ORDER BY sn.nspname) FROM pg_publication_namespace pn
                 JOIN pg_namespace sn ON sn.oid = pn.pnnspid WHERE pn.pnpubid = p.oid)""" : "NULL";
        query(connection, """
                SELECT quote_ident(p.pubname), p.puballtables,
                       concat_ws(', ', CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,
                                 CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END),
                       p.pubviaroot,
                       (SELECT string_agg(entry, ', ' ORDER BY entry) FROM (
                            SELECT format('%%I.%%I', tn.nspname, tc.relname) %s AS entry
                            FROM pg_publication_rel r JOIN pg_class tc ON tc.oid = r.prrelid
                            JOIN pg_namespace tn ON tn.oid = tc.relnamespace WHERE r.prpubid = p.oid) t),
                       %s, %s, obj_description(p.oid, 'pg_publication'), p.oid AS creation_order
                FROM pg_publication p""".formatted(columnsAndFilter, schemas, owner("p.pubowner")),
                objects, row -> new Publication(row.getString(1), row.getBoolean(2), row.getString(3), row.getBoolean(4),
                        row.getString(5), row.getString(6), row.getString(7), row.getString(8)));
    }

    private static void readDefaultPrivileges(Connection connection, Found objects) throws SQLException {
        // The grants of the role itself are the owner's of each new object, as on an object.
        query(connection, """
                SELECT %s, quote_ident(n.nspname),
                       CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                                            WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' ELSE 'large objects' END,
                       %s, d.oid AS creation_order
                FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
                WHERE (d.defaclnamespace = 0 OR\s""".formatted(owner("d.defaclrole"), grants("d.defaclacl", "d.defaclrole", null))
                        + userSchema("n") + ")",
                objects, row -> new DefaultPrivileges(row.getString(1), row.getString(2), row.getString(3), row.getString(4)));
    }

    /** The owner of the ledger, or the current user where there is none. */
    private static String patchesRole(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("SELECT " + PATCHES_ROLE)) {
            row.next();
            return row.getString(1);
        }
    }

    private static final String PATCHES_ROLE = """
            coalesce((SELECT quote_ident(pg_get_userbyid(relowner)) FROM pg_class
                      WHERE oid = to_regclass('granary_patches.ledger')), quote_ident(current_user))""";

    /** An owner as {@link CatalogObject.Owned} records it: null when it is the patches' role. */
    private static String owner(String ownerOid) {
        return "nullif(quote_ident(pg_get_userbyid(" + ownerOid + ")), " + PATCHES_ROLE.strip() + ")";
    }

    /**
     * The grants to roles other than the owner, as {@link Grants} reads them. A null ACL is the
     * default one ({@code acldefault}), so an object whose privileges were granted and revoked back
     * reads as one never touched. {@code kind} is null where a null ACL means no grants at all.
     */
    private static String grants(String acl, String ownerOid, String kind) {
        String effective = kind == null ? acl : "coalesce(" + acl + ", acldefault('" + kind + "', " + ownerOid + "))";
        return """
                (SELECT string_agg(entry, '; ' ORDER BY entry) FROM (
                     SELECT CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END
                            || CASE WHEN g.is_grantable THEN ' (with grant option)' ELSE '' END
                            || ': ' || string_agg(g.privilege_type, ', ' ORDER BY g.privilege_type) AS entry
                     FROM aclexplode(%s) g WHERE g.grantee <> %s GROUP BY g.grantee, g.is_grantable) e)"""
                .formatted(effective, ownerOid);
    }

    /** Sorted {@code reloptions}, or null. */
    private static String storageParameters(String alias) {
        return "(SELECT string_agg(o, ', ' ORDER BY o) FROM unnest(" + alias + ".reloptions) o)";
    }

    /** The schemas that are not the user's: system ones, temporary ones, and the patch tool's own. */
    private static String userSchema(String alias) {
        return """
                (%1$s.nspname NOT IN ('pg_catalog', 'information_schema', 'granary_patches')
                 AND %1$s.nspname NOT LIKE 'pg\\_toast%%' AND %1$s.nspname NOT LIKE 'pg\\_temp\\_%%')""".formatted(alias);
    }

    /** Objects an extension made are the extension's: they come and go with {@code CREATE EXTENSION}. */
    private static String notInExtension(String catalog, String oid) {
        return "NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '" + catalog + "'::regclass AND x.objid = " + oid
                + " AND x.deptype = 'e')";
    }

    /** What the queries found, with the order it was made in: object ids, and column numbers within a table. */
    private static final class Found {
        final List<CatalogObject> list = new ArrayList<>();
        final Map<String, Long> creationOrder = new HashMap<>();
    }

    private interface RowMapper {
        CatalogObject map(ResultSet row) throws SQLException;
    }

    private static void query(Connection connection, String sql, Found objects, RowMapper mapper) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                CatalogObject object = mapper.map(rows);
                objects.list.add(object);
                objects.creationOrder.put(CatalogSnapshot.key(object), rows.getLong("creation_order"));
            }
        }
    }
}
