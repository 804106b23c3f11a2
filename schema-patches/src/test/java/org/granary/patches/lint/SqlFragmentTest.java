package org.granary.patches.lint;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlFragmentTest {
    private static final Pattern DROP = SqlPatterns.compile("\\bDROP\\b");

    @Test
    void masksCommentsLiteralsDollarBodiesAndQuotedIdentifiers() {
        SqlFragment sql = SqlFragment.of("SELECT 'drop' /* drop */, $$drop$$, \"drop\", E'it\\'s drop' -- drop\n");

        assertThat(sql.matches(DROP)).isFalse();
        assertThat(sql.oneLine()).isEqualTo("SELECT 'drop' , $$drop$$, \"drop\", E'it\\'s drop'");
    }

    @Test
    void aQuotedIdentifierKeepsItsSpellingForNames() {
        SqlFragment sql = SqlFragment.of("ALTER TABLE \"Drop Me\" DROP COLUMN x");
        Matcher alter = sql.shape(SqlPatterns.compile("^ALTER\\s+TABLE\\s+({name})"));

        assertThat(alter.find()).isTrue();
        assertThat(sql.code(alter.start(1), alter.end(1))).isEqualTo("\"Drop Me\"");
        assertThat(sql.from(alter.end()).matches(DROP)).isTrue(); // the real DROP COLUMN
    }

    @Test
    void oneLineCollapsesWhitespaceOutsideLiteralsOnly() {
        SqlFragment sql = SqlFragment.of("CREATE INDEX\n    ON granule   (name)\n  WHERE name <> 'a  b'");

        assertThat(sql.oneLine()).isEqualTo("CREATE INDEX ON granule (name) WHERE name <> 'a  b'");
    }

    @Test
    void splitsAtTopLevelCommasOnly() {
        SqlFragment sql = SqlFragment.of("ADD CHECK (a IN (1, 2)), ADD COLUMN b numeric(10, 2) , DROP c");

        assertThat(sql.splitTopLevel()).extracting(SqlFragment::oneLine)
                .containsExactly("ADD CHECK (a IN (1, 2))", "ADD COLUMN b numeric(10, 2)", "DROP c");
    }

    @Test
    void theFirstLineIsTheFirstLineOfCode() {
        assertThat(SqlFragment.of("-- why\n/* more\n why */\n  CREATE INDEX\n ON t (a)").firstLine()).isEqualTo("CREATE INDEX");
    }
}
