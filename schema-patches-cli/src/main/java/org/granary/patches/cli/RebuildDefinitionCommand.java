package org.granary.patches.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import org.granary.patches.PatchException;
import org.granary.patches.PatchSet;
import org.granary.patches.drift.SchemaDefinition;
import org.granary.patches.drift.ScratchDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code rebuild-definition}: writes {@code schema_definition.sql} from what all the listed
 * patches make in a scratch database on the server of {@code --db}; with {@code --check} compares
 * instead, and exits 3 when the committed file is stale, which is how the build catches a patch
 * committed without its definition.
 */
@Command(name = "rebuild-definition", description = "write schema_definition.sql in the patch folder from the listed patches",
        footerHeading = "%n", footer = {"The patches are applied to a scratch database on the server of --db, dropped after.",
                "Exit codes: 0, 3 stale (--check); 1 failed, 64 bad usage"})
final class RebuildDefinitionCommand implements Callable<Integer> {
    @ParentCommand
    PatchesCommand tool;
    @Mixin
    HelpOption help;
    @Mixin
    FolderOptions folderOptions;
    @Mixin
    DatabaseOption database;
    @Option(names = "--check", description = "compare instead of writing; exit 3 when the file is stale")
    boolean check;

    @Override
    public Integer call() throws IOException {
        return run(tool.invocation(folderOptions, database.url), check);
    }

    static int run(Invocation invocation, boolean check) throws IOException {
        PatchFolder folder = invocation.folder();
        String url = invocation.jdbcUrl();
        PatchSet patches = folder.patchSet();
        String definition;
        try {
            definition = SchemaDefinition.render(ScratchDatabase.expectedSchema(url, patches));
        } catch (PatchException | SQLException e) {
            throw CommandFailure.failed("cannot apply the patches to a scratch database beside " + Database.redact(url)
                    + " (its role needs CREATEDB): " + e.getMessage(), e);
        }
        Path file = folder.definitionFile();
        String committed = Files.exists(file) ? Files.readString(file) : null;
        String made = "what the " + patches.patches().size() + " listed patches make";
        if (check) {
            if (definition.equals(committed)) {
                invocation.out().println("up to date: " + file + " is " + made);
                return ExitCode.OK;
            }
            invocation.out().println("STALE: " + file + (committed == null ? " does not exist" : " is not " + made + "; "
                    + firstDifference(committed, definition)) + "; run rebuild-definition and commit the file");
            return ExitCode.INCONSISTENT;
        }
        if (definition.equals(committed)) {
            invocation.out().println("unchanged: " + file + " is " + made);
            return ExitCode.OK;
        }
        write(file, definition);
        invocation.out().println("wrote " + file + ": " + made);
        return ExitCode.OK;
    }

    static String firstDifference(String committed, String definition) {
        List<String> have = committed.lines().toList();
        List<String> want = definition.lines().toList();
        int line = 0;
        while (line < have.size() && line < want.size() && have.get(line).equals(want.get(line))) {
            line++;
        }
        return "first difference at line " + (line + 1) + ": the file has "
                + (line < have.size() ? "\"" + have.get(line) + "\"" : "nothing more") + ", the patches make "
                + (line < want.size() ? "\"" + want.get(line) + "\"" : "nothing more");
    }

    /** Whole or not at all: a reader (git, the build) never sees half a file. */
    private static void write(Path file, String text) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), ".schema_definition", ".tmp");
        try {
            Files.writeString(temporary, text);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
