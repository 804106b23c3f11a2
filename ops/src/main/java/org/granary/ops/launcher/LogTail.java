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
    private static final Pattern MESSAGE = Pattern.compile("\"message\":\"((?:[^\"\\\\]|\\\\.)*)\"");

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
        Matcher message = MESSAGE.matcher(line);
        if (!line.startsWith("{") || !message.find()) {
            return line;
        }
        Matcher timestamp = TIMESTAMP.matcher(line);
        Matcher level = LEVEL.matcher(line);
        String text = message.group(1).replace("\\n", "\n    ").replace("\\t", "  ").replace("\\\"", "\"").strip();
        return (timestamp.find() ? timestamp.group(1) + " " : "") + (level.find() ? level.group(1) + " " : "") + text;
    }
}
