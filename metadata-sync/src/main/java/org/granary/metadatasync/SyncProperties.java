package org.granary.metadatasync;

import java.time.Duration;
import java.util.Map;
import org.granary.metadatasync.apply.ConflictPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static java.util.Objects.requireNonNull;

/**
 * Settings of metadata-sync.
 *
 * @param legacyUrl the legacy database (JDBC URL of a role with REPLICATION); empty: the sync does not run
 * @param ingestUrl ingest-service, the catalogue's only door
 * @param contentUrlBase the base of the {@code archive_path} written for files the catalogue archived
 *     ({@code <base>/granules/<id>/content}); empty: the ingest URL
 * @param slotName the legacy database's replication slot and publication
 * @param conflictWindow two changes of one file, one on each side, this close are a conflict
 * @param conflictWinner per ESDT short name, {@code catalogue} where the catalogue wins a conflict (the legacy side wins elsewhere)
 * @param feedInterval how often the catalogue's change feed is read when it had nothing new
 * @param retryDelay the wait before a failed batch is tried again (a side down)
 * @param quarantineRetryInterval how often quarantined rows are tried again (their type may have been registered since)
 * @param initialLoad whether metadata-sync copies the legacy rows the stream cannot bring (those from before its slot) by itself
 * @param loadChunk legacy files per chunk of the initial load
 */
@ConfigurationProperties("granary.sync")
public record SyncProperties(
        @DefaultValue("") String legacyUrl,
        @DefaultValue("http://127.0.0.1:8080") String ingestUrl,
        @DefaultValue("") String contentUrlBase,
        @DefaultValue("granary_metadata_sync") String slotName,
        @DefaultValue("60s") Duration conflictWindow,
        @DefaultValue Map<String, ConflictPolicy.Side> conflictWinner,
        @DefaultValue("500ms") Duration feedInterval,
        @DefaultValue("2s") Duration retryDelay,
        @DefaultValue("30s") Duration quarantineRetryInterval,
        @DefaultValue("true") boolean initialLoad,
        @DefaultValue("2000") int loadChunk) {
    public SyncProperties {
        requireNonNull(legacyUrl, "legacyUrl is null");
        requireNonNull(ingestUrl, "granary.sync.ingest-url is required");
        conflictWinner = conflictWinner == null ? Map.of() : Map.copyOf(conflictWinner);
    }

    public boolean enabled() {
        return !legacyUrl.isBlank();
    }

    public String contentUrlBaseOrIngest() {
        return contentUrlBase.isBlank() ? ingestUrl : contentUrlBase;
    }
}
