package org.granary.ingest.query;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GranuleQueryTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Renders every value as a bind parameter ({@code ?}), as statements run. */
    private static final DSLContext BOUND = DSL.using(SQLDialect.POSTGRES, new Settings().withParamType(ParamType.INDEXED));

    @Test
    void compilesNestedConditionsWithEveryValueBound() {
        GranuleQuery query = compile("""
                {"where": {"and": [{"field": "esdt", "op": "eq", "value": "OMTO3"},
                                   {"or": [{"field": "orbit", "op": "between", "value": [1100, 1200]},
                                           {"not": {"field": "source", "op": "in", "value": ["a", "b"]}}]}]},
                 "orderBy": [{"field": "startTime", "direction": "desc"}], "limit": 10}""");

        String sql = BOUND.render(query.condition());
        assertThat(sql).doesNotContain("OMTO3").doesNotContain("1100").contains("?");
        assertThat(query.limit()).isEqualTo(10);
        assertThat(query.orderBy()).hasSize(2);
    }

    @Test
    void aValueCarryingSqlStaysAValue() {
        GranuleQuery query = compile("{\"where\": {\"field\": \"esdt\", \"op\": \"eq\", \"value\": \"x'; DROP TABLE granule; --\"}}");

        String sql = BOUND.render(query.condition());
        assertThat(sql).doesNotContain("DROP");
    }

    @Test
    void refusesUnknownFieldsOpsKeysAndBadValuesSayingWhy() {
        assertThatThrownBy(() -> compile("{\"where\": {\"field\": \"esdt; DROP TABLE granule\", \"op\": \"eq\", \"value\": \"x\"}}"))
                .hasMessageContaining("unknown field 'esdt; DROP TABLE granule'").hasMessageContaining("fields are");
        assertThatThrownBy(() -> compile("{\"where\": {\"field\": \"esdt\", \"op\": \"regexp\", \"value\": \"x\"}}"))
                .hasMessageContaining("unknown op 'regexp'");
        assertThatThrownBy(() -> compile("{\"select\": \"*\"}")).hasMessageContaining("unknown key 'select'");
        assertThatThrownBy(() -> compile("{\"where\": {\"field\": \"orbit\", \"op\": \"eq\", \"value\": \"1132\"}}"))
                .hasMessageContaining("a whole number is expected");
        assertThatThrownBy(() -> compile("{\"where\": {\"field\": \"startTime\", \"op\": \"gt\", \"value\": \"yesterday\"}}"))
                .hasMessageContaining("UTC time");
        assertThatThrownBy(() -> compile("{\"orderBy\": [{\"field\": \"esdt\", \"direction\": \"sideways\"}]}"))
                .hasMessageContaining("asc or desc");
        assertThatThrownBy(() -> compile("{\"limit\": 100000}")).hasMessageContaining("from 1 to 1000");
    }

    @Test
    void refusesValuesTheDatabaseCouldNotTakeSayingWhichFieldAndWhy() {
        assertThatThrownBy(() -> compile("{\"where\": {\"field\": \"esdt\", \"op\": \"eq\", \"value\": \"OMTO3\\u0000\"}}"))
                .isInstanceOf(QueryException.class).hasMessageContaining("field 'esdt'").hasMessageContaining("control character U+0000");
        assertThatThrownBy(() -> compile("{\"where\": {\"field\": \"source\", \"op\": \"in\", \"value\": [\"a\", \"\\u0001\"]}}"))
                .hasMessageContaining("field 'source'").hasMessageContaining("control character U+0001");
        assertThatThrownBy(() -> compile("{\"where\": {\"field\": \"fileName\", \"op\": \"startsWith\", \"value\": \"\\u0000\"}}"))
                .hasMessageContaining("field 'fileName'");
        assertThatThrownBy(() -> compile("{\"where\": {\"field\": \"startTime\", \"op\": \"gt\", \"value\": \"+300000-01-01T00:00:00Z\"}}"))
                .hasMessageContaining("field 'startTime'").hasMessageContaining("outside the years 1 to 9999");
        assertThatThrownBy(() -> compile("{\"where\": {\"field\": \"orbit\", \"op\": \"eq\", \"value\": 100000000000000000000}}"))
                .hasMessageContaining("field 'orbit'").hasMessageContaining("a whole number from -2147483648 to 2147483647");
        assertThatThrownBy(() -> compile("{\"where\": {\"field\": \"orbit\", \"op\": \"eq\", \"value\": 2147483648}}"))
                .hasMessageContaining("field 'orbit'");
        assertThatThrownBy(() -> compile("{\"where\": {\"field\": \"id\", \"op\": \"between\", \"value\": [1, 100000000000000000000]}}"))
                .hasMessageContaining("field 'id'").hasMessageContaining("a whole number from -9223372036854775808");
        assertThatThrownBy(() -> compile("{\"limit\": 100000000000000000000}")).hasMessageContaining("'limit' is a whole number from 1 to 1000");
        assertThatThrownBy(() -> compile("{\"limit\": 4294967297}")).as("an int's overflow would read it as 1")
                .hasMessageContaining("'limit' is a whole number from 1 to 1000");
    }

    @Test
    void takesTheProductFields() {
        GranuleQuery query = compile("{\"where\": {\"and\": [{\"field\": \"productKey\", \"op\": \"eq\", \"value\": \"orbit:1132\"}, "
                + "{\"field\": \"part\", \"op\": \"eq\", \"value\": 1}]}}");

        assertThat(DSL.using(SQLDialect.POSTGRES).render(query.condition())).contains("product_key").contains("part");
    }

    @Test
    void refusesQueriesNestedWithoutBound() {
        String deep = "{\"field\": \"esdt\", \"op\": \"eq\", \"value\": \"x\"}";
        for (int i = 0; i < 12; i++) {
            deep = "{\"not\": " + deep + "}";
        }
        String query = "{\"where\": " + deep + "}";
        assertThatThrownBy(() -> compile(query)).hasMessageContaining("too deep");
    }

    private static GranuleQuery compile(String json) {
        return GranuleQuery.compile(JSON.readTree(json));
    }
}
