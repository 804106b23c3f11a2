package org.granary.patches.cli;

/**
 * An expected way for a command to end badly. Its message is for the DBA and is printed without a
 * stack trace; its exit code says which kind of bad it was.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    private CommandFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CommandFailure usage(String message) {
        return new CommandFailure(ExitCode.USAGE, message, null);
    }

    static CommandFailure inconsistent(String message) {
        return new CommandFailure(ExitCode.INCONSISTENT, message, null);
    }

    /** An applied patch's file edited or gone: {@value ExitCode#EDITED_PATCH}. */
    static CommandFailure editedPatch(String message) {
        return new CommandFailure(ExitCode.EDITED_PATCH, message, null);
    }

    static CommandFailure failed(String message, Throwable cause) {
        return new CommandFailure(ExitCode.FAILED, message, cause);
    }

    int exitCode() {
        return exitCode;
    }
}
