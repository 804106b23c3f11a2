package org.granary.patches.drift;

import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScratchDatabaseTest {
    @Test
    void replacesTheDatabaseOfAUrlKeepingHostsPortsAndParameters() {
        assertThat(ScratchDatabase.withDatabase("jdbc:postgresql://db.example:5432/archive?user=dba&password=s%3Bcret&ssl=true", "scratch"))
                .isEqualTo("jdbc:postgresql://db.example:5432/scratch?user=dba&password=s%3Bcret&ssl=true");
        assertThat(ScratchDatabase.withDatabase("jdbc:postgresql://one:5432,two:5433/archive?targetServerType=primary", "scratch"))
                .isEqualTo("jdbc:postgresql://one:5432,two:5433/scratch?targetServerType=primary");
        assertThat(ScratchDatabase.withDatabase("jdbc:postgresql://[::1]:5432/archive", "scratch"))
                .isEqualTo("jdbc:postgresql://[::1]:5432/scratch");
    }

    @Test
    void addsADatabaseToAUrlThatNamesNone() {
        assertThat(ScratchDatabase.withDatabase("jdbc:postgresql://db.example?user=dba", "scratch"))
                .isEqualTo("jdbc:postgresql://db.example/scratch?user=dba");
        assertThat(ScratchDatabase.withDatabase("jdbc:postgresql://db.example/", "scratch"))
                .isEqualTo("jdbc:postgresql://db.example/scratch");
        assertThat(ScratchDatabase.withDatabase("jdbc:postgresql:archive?user=dba", "scratch"))
                .isEqualTo("jdbc:postgresql:scratch?user=dba");
    }

    @Test
    void refusesAUrlOfAnotherDatabase() {
        assertThatThrownBy(() -> ScratchDatabase.withDatabase("jdbc:mysql://db/archive", "scratch"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PostgreSQL JDBC URL");
    }

    @Test
    void readsTheCreationTimeFromTheNameAndIgnoresNamesWithoutOne() {
        assertThat(ScratchDatabase.createdAt("granary_scratch_1700000000_0a1b2c3d")).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
        assertThat(ScratchDatabase.createdAt("granary_scratch_notes")).isNull();
        assertThat(ScratchDatabase.createdAt("archive")).isNull();
    }
}
