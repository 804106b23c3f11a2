package org.granary.ingest.sync;

import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;

/**
 * A position in the change feed: the transaction id and event id of the last event handed out.
 * Opaque to consumers; written {@code <transaction>.<event>}.
 */
record ChangeCursor(long transactionId, long eventId) {
    static final ChangeCursor START = new ChangeCursor(0, 0);

    static ChangeCursor parse(String text) {
        if (text == null || text.isEmpty()) {
            return START;
        }
        int dot = text.indexOf('.');
        try {
            if (dot > 0) {
                ChangeCursor cursor = new ChangeCursor(Long.parseLong(text.substring(0, dot)), Long.parseLong(text.substring(dot + 1)));
                if (cursor.transactionId() >= 0 && cursor.eventId() >= 0) {
                    return cursor;
                }
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new GranaryException(ErrorCode.INVALID_REQUEST, "'after' is a cursor that GET /granules/changes answered as 'next'");
    }

    String text() {
        return transactionId + "." + eventId;
    }
}
