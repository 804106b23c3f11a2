package org.granary.ingest.client;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The parts of an RFC 9457 problem answer a failure repeats: its stable code and what was wrong. */
record Problem(String code, String detail) {
    private static final int PLAIN_TEXT_LIMIT = 300;

    /** The answer as a problem; one that is not (plain text, a proxy's page) keeps its text, shortened, as the detail. */
    static Problem of(String answer, JsonMapper json) {
        if (!answer.isBlank()) {
            try {
                Problem problem = json.readValue(answer, Problem.class);
                if (problem != null && problem.detail() != null) {
                    return problem;
                }
            } catch (JacksonException notAProblem) {
                // shown as it is
            }
        }
        String plain = answer.strip();
        return new Problem(null, plain.length() <= PLAIN_TEXT_LIMIT ? plain : plain.substring(0, PLAIN_TEXT_LIMIT) + "...");
    }
}
