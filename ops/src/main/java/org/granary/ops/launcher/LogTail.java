package org.granary.ops.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last lines of a service log, made readable: services log one JSON object per line (for
 * log shippers); a person at a terminal wants time, level and message.
 */
final class LogTail {
    private static final Pattern TIMESTAMP = Pattern.compile("\"@timestamp\":\"([^\"]+)\"");
    private static final Pattern LEVEL = Pattern.compile("\"level\":\"([A-Z]+)\"");
    private static final String MESSAGE = "\"message\":\"";

    private LogTail() {
    }

    static String of(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()).stream().map(LogTail::readable).toList());
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static String readable(String line) {
        String message = line.startsWith("{") ? message(line) : null;
        if (message == null) {
            return line;
        }
        Matcher timestamp = TIMESTAMP.matcher(line);
        Matcher level = LEVEL.matcher(line);
        String text = message.replace("\\n", "\n    ").replace("\\t", "  ").replace("\\\"", "\"").strip();
        return (timestamp.find() ? timestamp.group(1) + " " : "") + (level.find() ? level.group(1) + " " : "") + text;
    }

    /**
     * The message's JSON string as written, escapes and all; null when the line has none. Scanned,
     * not matched: a regular expression with an alternation inside a repetition recursed once per
     * character and overflowed the stack on the long message of a service that failed to start,
     * just when the launcher had to show it.
     */
    private static String message(String line) {
        int start = line.indexOf(MESSAGE);
        if (start < 0) {
            return null;
        }
        start += MESSAGE.length();
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++; // the escaped character, whatever it is
            } else if (c == '"') {
                return line.substring(start, i);
            }
        }
        return null;
    }
}
