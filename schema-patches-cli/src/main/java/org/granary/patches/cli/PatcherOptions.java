package org.granary.patches.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.patches.SchemaPatcher;

/** The patcher's options from {@code --lock-timeout} and {@code --statement-timeout}, shared by plan and apply. */
final class PatcherOptions {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|min|h)");

    private PatcherOptions() {
    }

    static SchemaPatcher.Options from(CommandLine line, String stage, boolean driftAllowed) {
        SchemaPatcher.Options defaults = SchemaPatcher.Options.defaults();
        Duration lockTimeout = line.value("lock-timeout").map(text -> duration("--lock-timeout", text)).orElse(defaults.lockTimeout());
        Duration statementTimeout = line.value("statement-timeout").map(text -> duration("--statement-timeout", text))
                .orElse(defaults.statementTimeout());
        return new SchemaPatcher.Options(lockTimeout, statementTimeout, defaults.appliedBy(), defaults.appliedFrom(), stage, driftAllowed);
    }

    /** {@code 500ms}, {@code 10s}, {@code 5min}, {@code 2h}: a unit is required, as a bare number means different things to different tools. */
    static Duration duration(String option, String text) {
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches()) {
            throw CommandFailure.usage(option + " takes a duration such as 500ms, 10s, 5min or 2h: " + text);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "min" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
