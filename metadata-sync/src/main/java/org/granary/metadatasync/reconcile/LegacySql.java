package org.granary.metadatasync.reconcile;

/**
 * The legacy columns mapped to the canonical record in SQL, field by field as {@code LegacyMapping}
 * maps them in Java, so that the legacy database hashes its ranges itself. A row that cannot be
 * mapped gets a text of its own that no catalogue record can have: it is hashed, and so shows as
 * a difference, instead of stopping the reconciliation.
 */
final class LegacySql {
    /** The legacy tables: a file and its QA flag. */
    static final String FROM = "file_inventory f LEFT JOIN file_qa q ON q.file_name = f.file_name";
    private static final String CODE = "btrim(f.esdt_code)";
    /** What follows the code's last '.' (the whole code when it has none); string functions, as regular expressions cost several times more. */
    private static final String SUFFIX = "reverse(split_part(reverse(" + CODE + "), '.', 1))";
    private static final String DIGITS = "'0123456789'";
    /** The short name before the last '.', as {@code OMTO3} of {@code OMTO3.003}. */
    static final String ESDT = "left(" + CODE + ", length(" + CODE + ") - length(" + SUFFIX + ") - 1)";
    /** The collection after the last '.', as 3 of {@code OMTO3.003}; only where {@link #CODE_MAPS}. */
    static final String COLLECTION = "(" + SUFFIX + ")::integer";
    /** Whether the code is a short name, '.', and 1 to 9 digits. */
    static final String CODE_MAPS = "(position('.' in " + CODE + ") > 1 AND length(" + SUFFIX + ") BETWEEN 1 AND 9 AND ltrim(" + SUFFIX + ", "
            + DIGITS + ") = '' AND length(" + CODE + ") - length(" + SUFFIX + ") > 1)";
    /** {@link #ESDT} where the code maps, else null. */
    static final String ESDT_OR_NULL = "CASE WHEN " + CODE_MAPS + " THEN " + ESDT + " END";
    /** {@link #COLLECTION} where the code maps, else null (the cast would fail). */
    static final String COLLECTION_OR_NULL = "CASE WHEN " + CODE_MAPS + " THEN " + COLLECTION + " END";
    /**
     * The collection as its text without leading zeros, computed without a cast, which would fail on
     * a malformed code: such a code leaves letters here, which no catalogue record has.
     */
    private static final String COLLECTION_TEXT = "coalesce(nullif(ltrim(" + SUFFIX + ", '0'), ''), '0')";
    static final String MD5 = "lower(btrim(f.md5_checksum))";
    static final String STATE = "CASE f.status_code WHEN 'A' THEN 'archived' WHEN 'S' THEN 'superseded' END";
    static final String QA_FLAG = "CASE q.qa_flag WHEN 'G' THEN 'good' WHEN 'S' THEN 'suspect' WHEN 'B' THEN 'bad' WHEN 'U' THEN 'unchecked' END";
    /** Whether the row maps: the same tests as {@code LegacyMapping.toRecord}. */
    static final String MAPPABLE = "coalesce(" + CODE_MAPS + " AND (f.start_time IS NULL OR f.stop_time IS NULL"
            + " OR f.stop_time >= f.start_time) AND length(" + MD5 + ") = 32 AND ltrim(" + MD5 + ", '0123456789abcdef') = ''"
            + " AND f.file_size >= 0 AND f.status_code IN ('A', 'S') AND (q.qa_flag IS NULL OR q.qa_flag IN ('G', 'S', 'B', 'U')), false)";
    private static final String TIME_FORMAT = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'";
    /** The contract's canonical text: the fields joined with '|', a null as empty, times as they are (UTC by convention). */
    static final String TEXT = "f.file_name || '|' || " + ESDT + " || '|' || " + COLLECTION_TEXT + " || '|' || " + time("f.start_time")
            + " || '|' || " + time("f.stop_time") + " || '|' || " + time("f.production_time") + " || '|' || coalesce(f.orbit_number::text, '')"
            + " || '|' || f.file_size || '|' || " + MD5 + " || '|' || coalesce(f.cksum_value::text, '') || '|' || " + STATE
            + " || '|' || coalesce(" + QA_FLAG + ", '')";
    /** What an unmappable row is hashed as: its raw columns behind a mark no canonical esdt can start with. */
    static final String UNMAPPABLE_TEXT = "f.file_name || '|!unmappable|' || concat_ws('|', f.esdt_code, f.start_time, f.stop_time,"
            + " f.file_size, f.md5_checksum, f.cksum_value, f.status_code, q.qa_flag)";
    /**
     * The text a row is hashed as. Mappability is not tested row by row, which would double the
     * cost of a hash: a row the mapping refuses either has no canonical text (a malformed ESDT code:
     * then its raw columns behind a mark) or one that no catalogue record can have, since the
     * catalogue validates what the mapping tests (hexadecimal MD5, end not before start, the codes).
     * Either way it differs, and the row by row comparison says why.
     */
    static final String CANONICAL = "coalesce(" + TEXT + ", " + UNMAPPABLE_TEXT + ")";
    /** A text's term of the range hash: its MD5's first 60 bits. */
    static final String TERM = "('x' || substr(md5(%s), 1, 15))::bit(60)::bigint";

    private LegacySql() {
    }

    private static String time(String column) {
        return "coalesce(to_char(" + column + ", " + TIME_FORMAT + "), '')";
    }
}
