package org.granary.ingest.pdr;

/** Text that is not ODL: the message gives the line (1-based) and what was wrong there. */
class OdlSyntaxException extends Exception {
    OdlSyntaxException(String message) {
        super(message);
    }

    OdlSyntaxException(int line, String message) {
        super("line " + line + ": " + message);
    }
}
