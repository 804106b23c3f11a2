package org.granary.patches.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.granary.patches.PatchSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code new NAME}: writes the next numbered patch file from a template that says how to write
 * one, and appends it to {@code patches_applied.txt}, so the new patch is pending at once.
 */
@Command(name = "new", description = "create the next numbered patch file from a template and list it in patches_applied.txt",
        footerHeading = "%n", footer = "Exit codes: 0; 1 failed, 64 bad usage or bad name")
final class NewPatchCommand implements Callable<Integer> {
    @ParentCommand
    PatchesCommand tool;
    @Mixin
    HelpOption help;
    @Mixin
    FolderOptions folderOptions;
    @Parameters(paramLabel = "NAME", description = "lowercase words joined by hyphens, such as add-granule-orbit")
    String patchName;

    @Override
    public Integer call() throws IOException {
        return run(tool.invocation(folderOptions, Optional.empty()), patchName);
    }

    static int run(Invocation invocation, String patchName) throws IOException {
        String words = name(patchName);
        String component = invocation.component();
        Path folderPath = invocation.patchesFolder();
        Files.createDirectories(folderPath);
        PatchFolder folder = PatchFolder.read(component, folderPath);
        int number = folder.nextNumber();
        if (number > 9999) {
            throw CommandFailure.inconsistent("patch numbers have four digits, and 9999 is taken");
        }
        String name = "%04d-%s.sql".formatted(number, words);
        Path file = folderPath.resolve(name);
        Files.writeString(file, template(name, component), StandardOpenOption.CREATE_NEW);
        appendToIndex(folderPath.resolve(PatchSet.INDEX_FILE), name);
        invocation.out().println("created " + file);
        invocation.out().println("listed " + name + " last in " + folderPath.resolve(PatchSet.INDEX_FILE));
        return ExitCode.OK;
    }

    /** The new patch file: how to write a patch, to be replaced by the patch. */
    private static String template(String name, String component) {
        return """
                -- %s: a schema patch of %s.
                --
                -- One change per patch. It runs in one transaction: if a statement fails, the database is left as
                -- before the patch (so no COMMIT, ROLLBACK or BEGIN in it: apply refuses them). Once it was applied
                -- anywhere, never edit it: write a new patch instead.
                -- Before applying: `lint` judges it against the target's table sizes, `plan` shows what `apply` runs.
                --
                -- Statements PostgreSQL refuses inside a transaction (CREATE INDEX CONCURRENTLY, ...) need a patch of
                -- their own with this marker as a line of its own, anywhere in the file (without the indent):
                --     -- patch: non-transactional
                -- Its statements then run one by one: after a failure, those before it stay applied.
                --
                -- Deploys are rolling: the running, older build restarts against the patched database. A patch it
                -- cannot live with (dropping or renaming what it uses) waits until that build is gone everywhere, and
                -- has this marker line, so that a straggler refuses to start instead of failing at its first query:
                --     -- patch: breaks-older-builds
                --
                -- Making a column of a large table NOT NULL without blocking it for a scan:
                --   this patch:  ALTER TABLE t ADD CONSTRAINT t_c_not_null CHECK (c IS NOT NULL) NOT VALID;
                --   next patch:  ALTER TABLE t VALIDATE CONSTRAINT t_c_not_null;  -- scans, but reads and writes go on
                --                ALTER TABLE t ALTER COLUMN c SET NOT NULL;       -- no scan: the check proves it
                --                ALTER TABLE t DROP CONSTRAINT t_c_not_null;

                """.formatted(name, component);
    }

    /** Lowercase words joined by hyphens, as the patch name rule wants; the number is the tool's to give. */
    static String name(String given) {
        String words = given.endsWith(".sql") ? given.substring(0, given.length() - 4) : given;
        if (words.matches("\\d{4}-.*")) {
            throw CommandFailure.usage("give the name without its number (the tool numbers patches): " + given);
        }
        if (!words.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw CommandFailure.usage("a patch name is lowercase words joined by hyphens, such as add-granule-orbit: " + given);
        }
        return words;
    }

    private static void appendToIndex(Path index, String name) throws IOException {
        String existing = Files.exists(index) ? Files.readString(index) : "";
        String separator = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
        Files.writeString(index, separator + name + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
