package org.granary.planner.execution.slurm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.granary.planner.execution.ExecutionException;

/**
 * The files a Slurm run leaves in its work directory, named with the job id so that attempts
 * sharing a directory do not read each other's: the exit code the batch script records, and the
 * mark {@link SlurmExecutor#cancel} sets before {@code scancel} so that its cancellation can be
 * told from anyone else's.
 */
record RunFiles(Path workDirectory, String jobId) {
    static final String EXIT_CODE_PREFIX = ".granary-exit-code-";
    static final String CANCELLED_PREFIX = ".granary-cancelled-";

    Path exitCodeFile() {
        return workDirectory.resolve(EXIT_CODE_PREFIX + jobId);
    }

    Path cancelledMark() {
        return workDirectory.resolve(CANCELLED_PREFIX + jobId);
    }

    /** The command's exit code, when the batch script lived to record it. */
    OptionalInt recordedExitCode() {
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(exitCodeFile(), StandardCharsets.US_ASCII).strip()));
        } catch (NoSuchFileException notRecorded) {
            return OptionalInt.empty();
        } catch (NumberFormatException unreadable) {
            // The script writes it whole and renames it into place: only a hand-edited file gets here.
            return OptionalInt.empty();
        } catch (IOException e) {
            throw new ExecutionException("cannot read " + exitCodeFile(), true, e);
        }
    }

    boolean cancelledByGranary() {
        return Files.exists(cancelledMark());
    }

    /** Sets the mark; without the work directory (cleaned up after the run) there is nothing to mark. */
    void markCancelled() {
        try {
            Files.createFile(cancelledMark());
        } catch (FileAlreadyExistsException | NoSuchFileException nothingToDo) {
            // cancelled before, or the run and its directory are long gone
        } catch (IOException e) {
            throw new ExecutionException("cannot mark job " + jobId + " cancelled in " + workDirectory, true, e);
        }
    }
}
