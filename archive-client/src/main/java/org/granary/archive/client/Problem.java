package org.granary.archive.client;

import tools.jackson.core.JacksonException;

/** The part of a node's RFC 9457 problem answer that a failure message repeats. */
record Problem(String code, String detail) {
    private static final int PLAIN_TEXT_LIMIT = 300;

    /** The problem's detail, or the answer's own text (shortened) when it is not a problem. */
    static String detailOf(String answer) {
        if (answer.isBlank()) {
            return "";
        }
        try {
            Problem problem = NodeHttp.JSON.readValue(answer, Problem.class);
            if (problem != null && problem.detail() != null) {
                return problem.code() == null ? problem.detail() : problem.detail() + " (" + problem.code() + ")";
            }
        } catch (JacksonException notAProblem) {
            // plain text, HTML from a proxy: shown as it is
        }
        String plain = answer.strip();
        return plain.length() <= PLAIN_TEXT_LIMIT ? plain : plain.substring(0, PLAIN_TEXT_LIMIT) + "...";
    }
}
