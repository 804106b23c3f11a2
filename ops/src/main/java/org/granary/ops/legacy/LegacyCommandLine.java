package org.granary.ops.legacy;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ops/granary legacy COMMAND}: the legacy metadata database of the platform
 * ({@code granary_legacy}, or the one {@code --db} names).
 */
@Command(name = "legacy", synopsisSubcommandLabel = "COMMAND", description = "the legacy metadata database (granary_legacy) that metadata-sync keeps in agreement",
        subcommands = {LegacyCommandLine.Write.class, HelpCommand.class},
        footerHeading = "%n", footer = "See metadata-sync/README.md, \"The legacy database\".")
public final class LegacyCommandLine {
    private final Supplier<String> platformLegacyUrl;
    private final PrintStream out;

    /** {@code platformLegacyUrl} is asked only when a command runs without {@code --db}. */
    public LegacyCommandLine(Supplier<String> platformLegacyUrl, PrintStream out) {
        this.platformLegacyUrl = platformLegacyUrl;
        this.out = out;
    }

    @Command(name = "write", description = {"play the old applications: new files, reprocessing overwrites, QA updates and deletes "
            + "(70/15/10/5 %) at RATE changes/s, saying every 5 s what was done"})
    static final class Write implements Callable<Integer> {
        @ParentCommand
        LegacyCommandLine legacy;
        @Option(names = "--rate", paramLabel = "N", required = true, description = "changes per second")
        int rate;
        @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
                description = "how long: 30s, 5m, 1h or seconds (default: until Ctrl-C)")
        Duration duration;
        @Option(names = "--db", paramLabel = "JDBC_URL", description = "another legacy database (default: the platform's granary_legacy)")
        String database;

        @Override
        public Integer call() throws Exception {
            String url = database != null ? database : legacy.platformLegacyUrl.get();
            new LegacyWriter(url, legacy.out).run(rate, Optional.ofNullable(duration));
            return 0;
        }
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, a number of seconds, or ISO-8601 ({@code PT30S}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.strip().toLowerCase(Locale.ROOT);
            try {
                if (text.startsWith("pt")) {
                    return positive(Duration.parse(text), value);
                }
                char unit = text.isEmpty() ? ' ' : text.charAt(text.length() - 1);
                String number = Character.isDigit(unit) ? text : text.substring(0, text.length() - 1);
                long amount = Long.parseLong(number);
                return positive(switch (unit) {
                    case 'h' -> Duration.ofHours(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 's' -> Duration.ofSeconds(amount);
                    default -> {
                        if (!Character.isDigit(unit)) {
                            throw new TypeConversionException("a duration is 30s, 5m, 1h or seconds, not " + value);
                        }
                        yield Duration.ofSeconds(amount);
                    }
                }, value);
            } catch (RuntimeException e) {
                if (e instanceof TypeConversionException) {
                    throw e;
                }
                throw new TypeConversionException("a duration is 30s, 5m, 1h or seconds, not " + value);
            }
        }

        private static Duration positive(Duration duration, String value) {
            if (duration.isNegative() || duration.isZero()) {
                throw new TypeConversionException("a duration above zero, not " + value);
            }
            return duration;
        }
    }
}
