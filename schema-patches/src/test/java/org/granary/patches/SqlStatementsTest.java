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

    @Test
    void keepsEscapedQuotesInsideEscapeStrings() {
        String script = "SELECT E'it\\'s; fine';\nSELECT e'back\\\\slash; ', E'doubled''; too';\nSELECT 3;";
        assertThat(SqlStatements.split(script)).containsExactly(
                "SELECT E'it\\'s; fine'", "SELECT e'back\\\\slash; ', E'doubled''; too'", "SELECT 3");
    }

    @Test
    void anOrdinaryStringEndingInABackslashStillEnds() {
        assertThat(SqlStatements.split("SELECT 'C:\\'; SELECT 2;")).containsExactly("SELECT 'C:\\'", "SELECT 2");
    }

    @Test
    void keepsSqlStandardFunctionBodiesWhole() {
        String script = """
                CREATE FUNCTION size_class(bytes bigint) RETURNS text LANGUAGE sql
                BEGIN ATOMIC
                    SELECT CASE WHEN bytes > 1000 THEN 'large' ELSE 'small' END;
                END;
                CREATE OR REPLACE PROCEDURE touch() LANGUAGE sql
                BEGIN ATOMIC
                    UPDATE a SET x = x + 1;
                    INSERT INTO a VALUES (CASE WHEN true THEN 1 END);
                END;
                CREATE TABLE after_them (x int);
                """;
        assertThat(SqlStatements.split(script)).hasSize(3).satisfiesExactly(
                first -> assertThat(first).startsWith("CREATE FUNCTION").endsWith("END"),
                second -> assertThat(second).startsWith("CREATE OR REPLACE PROCEDURE").contains("UPDATE a").endsWith("END"),
                third -> assertThat(third).isEqualTo("CREATE TABLE after_them (x int)"));
    }

    @Test
    void aCaseOutsideABodyAndTransactionBlocksDoNotHoldStatementsTogether() {
        String script = """
                CREATE FUNCTION one() RETURNS int LANGUAGE sql RETURN CASE WHEN true THEN 1 END;
                BEGIN;
                SELECT CASE WHEN true THEN 1 END;
                END;
                """;
        assertThat(SqlStatements.split(script)).containsExactly(
                "CREATE FUNCTION one() RETURNS int LANGUAGE sql RETURN CASE WHEN true THEN 1 END",
                "BEGIN", "SELECT CASE WHEN true THEN 1 END", "END");
    }
}
