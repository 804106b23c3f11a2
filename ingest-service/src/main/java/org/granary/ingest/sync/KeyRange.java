package org.granary.ingest.sync;

/** A half-open range [from, to) of file names compared byte for byte; a null bound is open. */
record KeyRange(String from, String to) {
}
