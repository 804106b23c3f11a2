package org.granary.ingest.pdr;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A Product Acceptance Notification (PAN): what became of each file of a PDR. When every file
 * succeeded it is a short PAN with one disposition and the time the last file was done; otherwise
 * a long PAN lists every file, so that the provider can send again just the ones that failed.
 */
public record ProductAcceptanceNotification(List<FileAcceptance> files) {
    public ProductAcceptanceNotification {
        requireNonNull(files, "files is null");
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a PAN answers for at least one file");
        }
    }

    public boolean allSuccessful() {
        return files.stream().allMatch(file -> file.disposition() == PanDisposition.SUCCESSFUL);
    }

    public String messageType() {
        return allSuccessful() ? "SHORTPAN" : "LONGPAN";
    }

    /** The PAN text to leave for the provider. */
    public String render() {
        PvlWriter writer = new PvlWriter().statement("MESSAGE_TYPE", messageType());
        if (allSuccessful()) {
            Instant last = files.stream().map(FileAcceptance::timeStamp).max(Comparator.naturalOrder()).orElseThrow();
            return writer.quotedStatement("DISPOSITION", PanDisposition.SUCCESSFUL.text()).time("TIME_STAMP", last).toString();
        }
        writer.statement("NO_OF_FILES", Integer.toString(files.size()));
        for (FileAcceptance file : files) {
            writer.statement("FILE_DIRECTORY", file.directory())
                    .statement("FILE_NAME", file.fileName())
                    .quotedStatement("DISPOSITION", file.disposition().text())
                    .time("TIME_STAMP", file.timeStamp());
        }
        return writer.toString();
    }
}
