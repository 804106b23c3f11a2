package org.granary.planner.pge;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PGE's command: the executable (an absolute path) and its arguments, in which placeholders are
 * replaced for each job. No shell reads it: every argument reaches the PGE as one argument.
 *
 * <ul>
 * <li>{@code {job}}: the job's id; {@code {orbit}}: its orbit number (orbit PGEs only);
 * <li>{@code {start}}, {@code {end}}: the unit's bounds, ISO-8601 UTC; {@code {start:PATTERN}},
 * {@code {end:PATTERN}}: formatted with a {@link DateTimeFormatter} pattern in UTC;
 * <li>{@code {production}}, {@code {production:PATTERN}}: the job's production time, the same on
 * every attempt, so that a retried run names its outputs as the first did;
 * <li>{@code {outputDirectory}}: where the PGE writes its outputs (every file there is pushed);
 * {@code {workDirectory}}: the job's private directory;
 * <li>{@code {inputs}}, {@code {inputs:ESDT}}: the staged input files, one argument each; these stand alone in their argument.
 * </ul>
 */
public final class CommandTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)(?::([^}]*))?}");
    private static final Set<String> SIMPLE = Set.of("job", "orbit", "start", "end", "production", "outputDirectory", "workDirectory");
    private static final Set<String> FORMATTED = Set.of("start", "end", "production");

    private CommandTemplate() {
    }

    /** What one job puts into its command. */
    public record JobValues(long job, Integer orbit, Instant start, Instant end, Instant production, Path outputDirectory,
            Path workDirectory, Map<String, List<Path>> inputsByEsdt) {
    }

    /** Refuses a template that cannot be expanded: throws {@link IllegalArgumentException} saying why. */
    static void check(List<String> command, Set<String> inputEsdts) {
        if (command.isEmpty() || command.size() > 200) {
            throw new IllegalArgumentException("command has the executable and at most 199 arguments");
        }
        String executable = command.getFirst();
        if (executable == null || !executable.startsWith("/") || executable.contains("{")) {
            throw new IllegalArgumentException("command starts with the executable's absolute path, without placeholders: '" + executable + "'");
        }
        for (String argument : command) {
            if (argument == null || argument.length() > 4096 || argument.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("a command argument is 1 to 4096 characters without control characters");
            }
            Matcher placeholder = PLACEHOLDER.matcher(argument);
            while (placeholder.find()) {
                checkPlaceholder(argument, placeholder.group(1), placeholder.group(2), inputEsdts);
            }
        }
    }

    private static void checkPlaceholder(String argument, String name, String parameter, Set<String> inputEsdts) {
        if (name.equals("inputs")) {
            if (!argument.equals("{inputs}") && !argument.equals("{inputs:" + parameter + "}")) {
                throw new IllegalArgumentException("{inputs} stands alone in its argument: '" + argument + "'");
            }
            if (parameter != null && !inputEsdts.contains(parameter)) {
                throw new IllegalArgumentException("{inputs:" + parameter + "} names no input of the PGE; inputs are " + inputEsdts);
            }
            return;
        }
        if (!SIMPLE.contains(name)) {
            throw new IllegalArgumentException("unknown placeholder {" + name + "} in '" + argument + "'; placeholders are " + SIMPLE
                    + ", {inputs} and {inputs:ESDT}");
        }
        if (parameter != null) {
            if (!FORMATTED.contains(name)) {
                throw new IllegalArgumentException("{" + name + "} takes no pattern");
            }
            try {
                if (time(Instant.EPOCH, parameter).isEmpty()) {
                    throw new IllegalArgumentException("{" + name + ":" + parameter + "} formats a time as nothing");
                }
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                throw new IllegalArgumentException("{" + name + ":" + parameter + "} is not a date-time pattern: " + e.getMessage(), e);
            }
        }
    }

    /** The command of one job, every placeholder replaced. */
    public static List<String> expand(List<String> command, JobValues values) {
        List<String> expanded = new ArrayList<>();
        for (String argument : command) {
            if (argument.equals("{inputs}")) {
                values.inputsByEsdt().values().forEach(paths -> paths.forEach(path -> expanded.add(path.toString())));
            } else if (argument.startsWith("{inputs:")) {
                String esdt = argument.substring("{inputs:".length(), argument.length() - 1);
                values.inputsByEsdt().getOrDefault(esdt, List.of()).forEach(path -> expanded.add(path.toString()));
            } else {
                expanded.add(PLACEHOLDER.matcher(argument).replaceAll(match -> Matcher.quoteReplacement(value(match, values))));
            }
        }
        return expanded;
    }

    private static String value(java.util.regex.MatchResult match, JobValues values) {
        String parameter = match.group(2);
        return switch (match.group(1)) {
            case "job" -> String.valueOf(values.job());
            case "orbit" -> values.orbit() == null ? "" : String.valueOf(values.orbit());
            case "start" -> time(values.start(), parameter);
            case "end" -> time(values.end(), parameter);
            case "production" -> time(values.production(), parameter);
            case "outputDirectory" -> values.outputDirectory().toString();
            case "workDirectory" -> values.workDirectory().toString();
            default -> throw new IllegalStateException("unchecked placeholder " + match.group());
        };
    }

    private static String time(Instant time, String pattern) {
        return pattern == null ? time.toString() : DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC).format(time);
    }
}
