package org.granary.patches.lint;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ColumnTypesTest {
    @Test
    void spellsTypesTheWayFormatTypeDoes() {
        assertThat(ColumnTypes.normalise("VARCHAR (50)")).isEqualTo("character varying(50)");
        assertThat(ColumnTypes.normalise("pg_catalog.int8")).isEqualTo("bigint");
        assertThat(ColumnTypes.normalise("Numeric( 10 , 2 )")).isEqualTo("numeric(10,2)");
        assertThat(ColumnTypes.normalise("timestamptz")).isEqualTo("timestamp with time zone");
    }

    @Test
    void knowsTheChangesThatKeepEveryRow() {
        assertThat(ColumnTypes.changesWithoutRewrite("character varying(50)", "varchar(100)")).isTrue();
        assertThat(ColumnTypes.changesWithoutRewrite("character varying(50)", "varchar(50)")).isTrue();
        assertThat(ColumnTypes.changesWithoutRewrite("character varying(50)", "text")).isTrue();
        assertThat(ColumnTypes.changesWithoutRewrite("character varying(50)", "varchar")).isTrue();
        assertThat(ColumnTypes.changesWithoutRewrite("character varying", "text")).isTrue();
        assertThat(ColumnTypes.changesWithoutRewrite("numeric(10,2)", "numeric(12,2)")).isTrue();
        assertThat(ColumnTypes.changesWithoutRewrite("numeric(10,2)", "numeric")).isTrue();
        assertThat(ColumnTypes.changesWithoutRewrite("integer", "int4")).isTrue();
    }

    @Test
    void takesEveryOtherChangeForARewrite() {
        assertThat(ColumnTypes.changesWithoutRewrite("character varying(50)", "varchar(20)")).isFalse();
        assertThat(ColumnTypes.changesWithoutRewrite("character varying", "varchar(20)")).isFalse();
        assertThat(ColumnTypes.changesWithoutRewrite("text", "varchar(20)")).isFalse();
        assertThat(ColumnTypes.changesWithoutRewrite("integer", "bigint")).isFalse();
        assertThat(ColumnTypes.changesWithoutRewrite("numeric(10,2)", "numeric(12,3)")).isFalse();
        assertThat(ColumnTypes.changesWithoutRewrite("numeric", "numeric(12,2)")).isFalse();
        assertThat(ColumnTypes.changesWithoutRewrite("timestamp without time zone", "timestamptz")).isFalse();
    }
}
