package org.granary.patches.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --component} and {@code --patches}, which every command takes: whose patches, in which folder. */
final class FolderOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    String component;

    @Option(names = "--patches", required = true, paramLabel = "DIR", description = "the component's patch folder, with patches_applied.txt")
    Path folder;

    @Option(names = "--component", required = true, paramLabel = "NAME",
            description = "the component (service) the patches belong to, as its ledger names it")
    void component(String name) {
        if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
            throw new ParameterException(command.commandLine(),
                    "--component must be lowercase letters, digits, - and _, as the ledger names it: " + name);
        }
        component = name;
    }
}
