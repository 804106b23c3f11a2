package org.granary.dbmonitor.alert;

/**
 * How one attempt to notify went: delivered (a 2xx), or failed with why and whether trying again
 * may help (no answer, 5xx, 408, 429) or not (refused by the policy, another 4xx).
 */
record SendResult(boolean delivered, boolean retriable, String error) {
    SendResult {
        if (delivered == (error != null)) {
            throw new IllegalArgumentException("a failed send has an error, a delivered one none");
        }
    }

    static SendResult success() {
        return new SendResult(true, false, null);
    }

    static SendResult retriable(String error) {
        return new SendResult(false, true, error);
    }

    static SendResult permanent(String error) {
        return new SendResult(false, false, error);
    }
}
