package org.granary.dbmonitor.poll;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerLogTest {
    @Test
    void findsEachDeadlockWithTheLinesThatFollowIt() {
        String log = """
                2026-12-06 10:00:00.100 UTC [41] postgres@ops LOG:  checkpoint starting: time
                2026-12-06 10:00:01.123 UTC [1234] postgres@ops ERROR:  deadlock detected
                2026-12-06 10:00:01.123 UTC [1234] postgres@ops DETAIL:  Process 1234 waits for ShareLock on transaction 789; blocked by process 1235.
                \tProcess 1235 waits for ShareLock on transaction 788; blocked by process 1234.
                \tProcess 1234: UPDATE granule SET name = 'a' WHERE id = 2
                \tProcess 1235: UPDATE granule SET name = 'b' WHERE id = 1
                2026-12-06 10:00:01.123 UTC [1234] postgres@ops HINT:  See server log for query details.
                2026-12-06 10:00:01.123 UTC [1234] postgres@ops CONTEXT:  while updating tuple (0,3) in relation "granule"
                2026-12-06 10:00:01.123 UTC [1234] postgres@ops STATEMENT:  UPDATE granule SET name = 'a' WHERE id = 2
                2026-12-06 10:00:02.000 UTC [41] postgres@ops LOG:  checkpoint complete
                2026-12-06 10:00:03.000 UTC [77] postgres@ops ERROR:  deadlock detected
                2026-12-06 10:00:03.000 UTC [77] postgres@ops DETAIL:  Process 77 waits for ExclusiveLock on tuple (0,1); blocked by process 78.
                """;
        List<String> deadlocks = ServerLog.deadlocks(log);
        assertThat(deadlocks).hasSize(2);
        assertThat(deadlocks.get(0)).startsWith("2026-12-06 10:00:01.123 UTC [1234] postgres@ops ERROR:  deadlock detected")
                .contains("Process 1235: UPDATE granule SET name = 'b' WHERE id = 1").endsWith("WHERE id = 2").doesNotContain("checkpoint");
        assertThat(deadlocks.get(1)).contains("blocked by process 78.");
    }

    @Test
    void aLogWithoutDeadlocksHasNone() {
        assertThat(ServerLog.deadlocks("LOG:  checkpoint starting\n")).isEmpty();
        assertThat(ServerLog.deadlocks("")).isEmpty();
    }
}
