package org.granary.ingest.event;

/** How one attempt to deliver went: delivered (a 2xx answer), or failed with why. */
record SendResult(boolean delivered, String error) {
    SendResult {
        if (delivered == (error != null)) {
            throw new IllegalArgumentException("a failed send has an error, a delivered one none");
        }
    }

    static SendResult success() {
        return new SendResult(true, null);
    }

    static SendResult failure(String error) {
        return new SendResult(false, error);
    }
}
