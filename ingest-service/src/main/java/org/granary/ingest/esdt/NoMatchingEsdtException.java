package org.granary.ingest.esdt;

/** A file name that follows the pattern of no ESDT in the catalogue; the closest pattern's mismatch is the cause. */
public class NoMatchingEsdtException extends IllegalArgumentException {
    public NoMatchingEsdtException(String fileName, FileNameMismatchException closest) {
        super("no ESDT pattern matches '" + FileNames.printable(fileName) + "'"
                + (closest == null ? ": the catalogue is empty" : "; the closest: " + closest.getMessage()), closest);
    }
}
