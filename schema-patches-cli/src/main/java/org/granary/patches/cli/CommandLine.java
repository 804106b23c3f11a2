package org.granary.patches.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The arguments after the command's name: {@code --name value} (or {@code --name=value}),
 * {@code --flag}, and positional words. Each command says which options it knows, so a mistyped
 * one is an error rather than silently ignored.
 */
record CommandLine(String command, Map<String, String> values, Set<String> flags, List<String> positionals) {
    CommandLine {
        requireNonNull(command, "command is null");
        values = Map.copyOf(values);
        flags = Set.copyOf(flags);
        positionals = List.copyOf(positionals);
    }

    static CommandLine parse(String command, List<String> arguments, Set<String> valueOptions, Set<String> flagOptions) {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        List<String> positionals = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (!argument.startsWith("--")) {
                positionals.add(argument);
                continue;
            }
            int equals = argument.indexOf('=');
            String name = argument.substring(2, equals < 0 ? argument.length() : equals);
            if (flagOptions.contains(name) && equals < 0) {
                flags.add(name);
            } else if (valueOptions.contains(name)) {
                String value = equals >= 0 ? argument.substring(equals + 1) : ++i < arguments.size() ? arguments.get(i) : null;
                if (value == null || value.isEmpty()) {
                    throw CommandFailure.usage("--" + name + " needs a value");
                }
                if (values.put(name, value) != null) {
                    throw CommandFailure.usage("--" + name + " is given twice");
                }
            } else {
                throw CommandFailure.usage("unknown option " + argument + " for " + command);
            }
        }
        return new CommandLine(command, values, flags, positionals);
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String required(String name) {
        return value(name).orElseThrow(() -> CommandFailure.usage(command + " needs --" + name));
    }

    boolean flag(String name) {
        return flags.contains(name);
    }
}
