package org.granary.platform.problem;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemAdviceTest {
    @Test
    void postgresDataExceptionsAreTheCallers() {
        for (String state : new String[] {"22021", "22P05", "22008", "22003", "22P02"}) {
            DataIntegrityViolationException translated = new DataIntegrityViolationException("SELECT ...",
                    new SQLException("a value of the request", state));

            assertThat(ProblemAdvice.dataException(translated)).as(state).isPresent();
        }
    }

    @Test
    void otherDatabaseFailuresAreNot() {
        assertThat(ProblemAdvice.dataException(new SQLException("connection lost", "08006"))).isEmpty();
        assertThat(ProblemAdvice.dataException(new SQLException("duplicate key", "23505"))).isEmpty();
        assertThat(ProblemAdvice.dataException(new SQLException("no state"))).isEmpty();
        assertThat(ProblemAdvice.dataException(new IllegalStateException("not a database failure"))).isEmpty();
    }
}
