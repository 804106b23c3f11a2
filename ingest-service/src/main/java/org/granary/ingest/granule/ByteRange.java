package org.granary.ingest.granule;

import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;

/** One range of a {@code Range: bytes=...} header, resolved against the content's size. */
record ByteRange(long first, long last) {
    long length() {
        return last - first + 1;
    }

    String header() {
        return "bytes=" + first + "-" + last;
    }

    /** Parses {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}; several ranges are not served. */
    static ByteRange parse(String header, long size) {
        String spec = header.strip();
        if (!spec.startsWith("bytes=") || spec.contains(",")) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "only one range of the form bytes=first-last is served: " + header);
        }
        String[] bounds = spec.substring("bytes=".length()).split("-", -1);
        try {
            if (bounds.length != 2 || bounds[0].isEmpty() && bounds[1].isEmpty()) {
                throw new NumberFormatException();
            }
            if (bounds[0].isEmpty()) {
                long suffix = Long.parseLong(bounds[1]);
                return checked(Math.max(0, size - suffix), size - 1, size, header);
            }
            long first = Long.parseLong(bounds[0]);
            long last = bounds[1].isEmpty() ? size - 1 : Math.min(Long.parseLong(bounds[1]), size - 1);
            return checked(first, last, size, header);
        } catch (NumberFormatException e) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "not a byte range: " + header);
        }
    }

    private static ByteRange checked(long first, long last, long size, String header) {
        if (first < 0 || first > last || first >= size) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "range " + header + " is outside the " + size + " bytes of the file");
        }
        return new ByteRange(first, last);
    }
}
