package org.granary.ingest.pdr;

/** One {@code NAME = value;} statement: the name upper-cased, the value trimmed and unquoted. */
record OdlParameter(String name, String value, int line) {
}
