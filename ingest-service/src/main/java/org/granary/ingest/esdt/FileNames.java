package org.granary.ingest.esdt;

import java.nio.charset.StandardCharsets;

import static java.util.Objects.requireNonNull;

/**
 * Checks on a file name handed to us by a provider, before it is joined to any directory. The name
 * must be a single name: a path separator or {@code ..} could place the file elsewhere, a control
 * character can forge log lines and breaks tools, and names over 255 bytes do not fit ext4 or XFS.
 */
public final class FileNames {
    /** The longest file name, in UTF-8 bytes, that common Linux file systems store. */
    public static final int MAX_BYTES = 255;

    private FileNames() {
    }

    /** Returns the name if it is safe to use as one file name in a directory, else throws {@link UnsafeFileNameException}. */
    public static String requireSafe(String name) {
        requireNonNull(name, "file name is null");
        if (name.isEmpty()) {
            throw new UnsafeFileNameException("file name is empty");
        }
        requireNoControlCharacter(name);
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            throw new UnsafeFileNameException("file name '" + name + "' contains a path separator; it must be a single name");
        }
        if (name.equals(".") || name.contains("..")) {
            throw new UnsafeFileNameException("file name '" + name + "' contains '.' or '..', which could name a directory");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new UnsafeFileNameException("file name is " + bytes + " bytes in UTF-8; the limit is " + MAX_BYTES);
        }
        return name;
    }

    private static void requireNoControlCharacter(String name) {
        for (int i = 0; i < name.length(); i += Character.charCount(name.codePointAt(i))) {
            int codePoint = name.codePointAt(i);
            if (Character.isISOControl(codePoint)) {
                throw new UnsafeFileNameException("file name '" + printable(name) + "' contains control character "
                        + String.format("U+%04X", codePoint) + " at character " + (i + 1));
            }
            // codePointAt returns a lone surrogate as itself: half of a character, which no file system stores as UTF-8.
            if (Character.getType(codePoint) == Character.SURROGATE) {
                throw new UnsafeFileNameException("file name '" + printable(name) + "' is not valid Unicode at character " + (i + 1));
            }
        }
    }

    /** The text with control characters written as {@code \\uXXXX}, so that it can go into a message or a log line. */
    static String printable(String text) {
        StringBuilder printable = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char character = text.charAt(i);
            if (Character.isISOControl(character)) {
                printable.append(String.format("\\u%04X", (int) character));
            } else {
                printable.append(character);
            }
        }
        return printable.toString();
    }
}
