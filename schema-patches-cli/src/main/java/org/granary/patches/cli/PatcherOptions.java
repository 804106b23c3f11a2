package org.granary.patches.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.patches.SchemaPatcher;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --lock-timeout} and {@code --statement-timeout}, shared by plan and apply: the patcher's options. */
final class PatcherOptions {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|min|h)");

    @Option(names = "--lock-timeout", paramLabel = "D", converter = DurationConverter.class,
            description = "per statement, how long to wait for a lock (default 10s); D: 500ms, 10s, 5min, 2h")
    Optional<Duration> lockTimeout = Optional.empty();

    @Option(names = "--statement-timeout", paramLabel = "D", converter = DurationConverter.class,
            description = "per statement, how long it may run (default 30min)")
    Optional<Duration> statementTimeout = Optional.empty();

    SchemaPatcher.Options options(String stage, boolean driftAllowed) {
        SchemaPatcher.Options defaults = SchemaPatcher.Options.defaults();
        return new SchemaPatcher.Options(lockTimeout.orElse(defaults.lockTimeout()), statementTimeout.orElse(defaults.statementTimeout()),
                defaults.appliedBy(), defaults.appliedFrom(), stage, driftAllowed);
    }

    /** {@code 500ms}, {@code 10s}, {@code 5min}, {@code 2h}: a unit is required, as a bare number means different things to different tools. */
    static Duration duration(String text) {
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches()) {
            throw new TypeConversionException("a duration such as 500ms, 10s, 5min or 2h is needed, not " + text);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "min" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            return duration(text);
        }
    }
}
