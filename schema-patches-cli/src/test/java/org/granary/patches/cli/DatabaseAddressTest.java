package org.granary.patches.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseAddressTest {
    @Test
    void theSameDatabaseWrittenWithOtherParametersHostCaseOrTheDefaultPortIsOneDatabase() {
        assertThat(DatabaseAddress.same("jdbc:postgresql://DB.example:5432/ops?user=dba",
                "jdbc:postgresql://db.example/ops?ssl=true&user=other&password=secret")).isTrue();
        assertThat(DatabaseAddress.same("jdbc:postgresql://a:5433,b/ops", "jdbc:postgresql://A:5433,B:5432/ops?user=x")).isTrue();
    }

    @Test
    void anotherDatabaseNameHostOrPortIsAnotherDatabase() {
        assertThat(DatabaseAddress.same("jdbc:postgresql://db:5432/ops", "jdbc:postgresql://db:5432/testing")).isFalse();
        assertThat(DatabaseAddress.same("jdbc:postgresql://db:5432/ops", "jdbc:postgresql://db2:5432/ops")).isFalse();
        assertThat(DatabaseAddress.same("jdbc:postgresql://db:5432/ops", "jdbc:postgresql://db:5433/ops")).isFalse();
    }

    @Test
    void namesAreNotResolvedAndAnUnreadableUrlMatchesNothing() {
        assertThat(DatabaseAddress.same("jdbc:postgresql://localhost/ops", "jdbc:postgresql://127.0.0.1/ops")).isFalse();
        assertThat(DatabaseAddress.same("not a url", "not a url")).isFalse();
    }
}
