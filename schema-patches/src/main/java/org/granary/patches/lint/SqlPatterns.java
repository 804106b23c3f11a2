package org.granary.patches.lint;

import java.util.regex.Pattern;

/**
 * Regular expressions over {@link SqlFragment} views, written with two placeholders:
 * {@code {ident}} for one identifier, plain or quoted, and {@code {name}} for a possibly
 * schema-qualified name. Matching ignores case, as PostgreSQL does for keywords.
 */
final class SqlPatterns {
    static final String IDENT = "(?:\"[^\"]*\"|[\\p{L}_][\\p{L}\\p{N}_$]*)";
    static final String NAME = IDENT + "(?:\\s*\\.\\s*" + IDENT + "){0,2}";

    private SqlPatterns() {
    }

    static Pattern compile(String regex) {
        return Pattern.compile(regex.replace("{ident}", IDENT).replace("{name}", NAME),
                Pattern.CASE_INSENSITIVE | Pattern.DOTALL | Pattern.UNICODE_CASE);
    }
}
