package org.granary.ingest.esdt;

/** A file name that could reach outside its directory or that no file system would store as given. */
public class UnsafeFileNameException extends IllegalArgumentException {
    public UnsafeFileNameException(String message) {
        super(message);
    }
}
