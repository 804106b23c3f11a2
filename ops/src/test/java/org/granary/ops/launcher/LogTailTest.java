package org.granary.ops.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailTest {
    @Test
    void showsTimeLevelAndMessageOfAStructuredLine() {
        String line = "{\"@timestamp\":\"2026-11-23T10:53:29Z\",\"log\":{\"level\":\"ERROR\",\"logger\":\"x\"},"
                + "\"message\":\"\\n\\nAPPLICATION FAILED TO START\\n\\nPort 8081 was \\\"already\\\" in use.\",\"tags\":[]}";

        assertThat(LogTail.readable(line))
                .startsWith("2026-11-23T10:53:29Z ERROR APPLICATION FAILED TO START")
                .contains("Port 8081 was \"already\" in use.")
                .doesNotContain("\"tags\"");
    }

    @Test
    void showsTheLongMessageOfAServiceThatFailedToStart() {
        // Spring's "Error creating bean ... Unsatisfied dependency ..." chains run to thousands of characters.
        String cause = "Error creating bean with name 'dataSource': Unsatisfied dependency expressed through \\\"constructor\\\" parameter 0: ";
        String message = cause.repeat(400) + "FATAL: the database system is shutting down";
        String line = "{\"@timestamp\":\"2026-12-02T15:09:16Z\",\"log\":{\"level\":\"ERROR\"},\"message\":\"" + message + "\",\"error\":{}}";

        assertThat(LogTail.readable(line))
                .startsWith("2026-12-02T15:09:16Z ERROR Error creating bean with name 'dataSource'")
                .endsWith("FATAL: the database system is shutting down")
                .contains("through \"constructor\" parameter");
    }

    @Test
    void leavesPlainLinesAsTheyAre() {
        assertThat(LogTail.readable("---- starting planner")).isEqualTo("---- starting planner");
    }
}
