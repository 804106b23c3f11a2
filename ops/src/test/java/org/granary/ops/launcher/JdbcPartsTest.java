package org.granary.ops.launcher;

import java.util.Map;
import org.granary.ops.launcher.PlatformDatabase.JdbcParts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcPartsTest {
    @Test
    void readsHostPortDatabaseAndParametersAndKeepsTheParametersForAnotherDatabase() {
        JdbcParts parts = JdbcParts.parse("jdbc:postgresql://db1.example:6432/postgres?user=granary&password=secret&ssl=true");

        assertThat(parts.host()).isEqualTo("db1.example");
        assertThat(parts.port()).isEqualTo(6432);
        assertThat(parts.database()).isEqualTo("postgres");
        assertThat(parts.parameters()).containsExactly(Map.entry("user", "granary"), Map.entry("password", "secret"), Map.entry("ssl", "true"));
        assertThat(parts.withDatabase("granary_ingest"))
                .isEqualTo("jdbc:postgresql://db1.example:6432/granary_ingest?user=granary&password=secret&ssl=true");
        assertThat(parts.libpq()).isEqualTo("host=db1.example port=6432 dbname=postgres user=granary password=secret");
    }

    @Test
    void takesPostgresOnItsDefaultPortWhenTheUrlNamesNeither() {
        JdbcParts parts = JdbcParts.parse("jdbc:postgresql://db1.example/");

        assertThat(parts.port()).isEqualTo(5432);
        assertThat(parts.database()).isEqualTo("postgres");
        assertThat(parts.parameters()).isEmpty();
        assertThat(parts.withDatabase("granary_auth")).isEqualTo("jdbc:postgresql://db1.example:5432/granary_auth");
    }

    @Test
    void skipsEmptyParametersLeftByStrayAmpersands() {
        JdbcParts parts = JdbcParts.parse("jdbc:postgresql://db1.example:5432/postgres?&user=granary&&ssl&");

        assertThat(parts.parameters()).containsExactly(Map.entry("user", "granary"), Map.entry("ssl", ""));
        assertThat(parts.withDatabase("granary_planner")).isEqualTo("jdbc:postgresql://db1.example:5432/granary_planner?user=granary&ssl=");
    }

    @Test
    void refusesAUrlThatIsNotPostgresql() {
        assertThatThrownBy(() -> JdbcParts.parse("jdbc:mysql://db1.example/granary"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GRANARY_DB_URL must look like jdbc:postgresql://");
    }
}
