package org.granary.ingest.query;

import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;

/** A query that cannot be compiled; the message says which part and why. */
final class QueryException extends GranaryException {
    private static final long serialVersionUID = 1L;

    QueryException(String detail) {
        super(ErrorCode.INVALID_REQUEST, "invalid query: " + detail);
    }
}
