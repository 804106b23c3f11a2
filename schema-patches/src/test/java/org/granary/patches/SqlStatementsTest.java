package org.granary.patches;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlStatementsTest {
    @Test
    void splitsAtTopLevelSemicolons() {
        assertThat(SqlStatements.split("CREATE TABLE a (x int);\nCREATE TABLE b (y int);"))
                .containsExactly("CREATE TABLE a (x int)", "CREATE TABLE b (y int)");
    }

    @Test
    void keepsSemicolonsInsideQuotesIdentifiersAndComments() {
        String script = """
                INSERT INTO a VALUES ('one; two', 'it''s; fine');
                CREATE TABLE "odd;name" (x int); -- trailing; comment
                /* block; /* nested; */ still comment; */ SELECT 1;
                """;
        assertThat(SqlStatements.split(script)).containsExactly(
                "INSERT INTO a VALUES ('one; two', 'it''s; fine')",
                "CREATE TABLE \"odd;name\" (x int)",
                "-- trailing; comment\n/* block; /* nested; */ still comment; */ SELECT 1");
    }

    @Test
    void keepsFunctionBodiesInDollarQuotesWhole() {
        String script = """
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$
                BEGIN PERFORM 1; RETURN 2; END;
                $body$;
                CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $$ SELECT 3; $$;
                """;
        assertThat(SqlStatements.split(script)).hasSize(2)
                .allSatisfy(statement -> assertThat(statement).startsWith("CREATE FUNCTION"));
    }

    @Test
    void dropsCommentOnlyAndEmptyPieces() {
        assertThat(SqlStatements.split("-- patch: non-transactional\n;;  \n/* nothing */")).isEmpty();
    }

    @Test
    void positionalParametersAreNotDollarQuotes() {
        assertThat(SqlStatements.split("PREPARE p AS SELECT $1; EXECUTE p(1);"))
                .containsExactly("PREPARE p AS SELECT $1", "EXECUTE p(1)");
    }
}
