package org.granary.dbmonitor.annotation;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A note on a cluster's timeline.
 *
 * @param id its number
 * @param cluster the cluster it is about
 * @param at the moment of the timeline it marks
 * @param text what the operator wrote, 1 to 2000 characters
 * @param author the label of the token that wrote it
 * @param createdAt when it was written
 */
public record Annotation(long id, String cluster, Instant at, String text, String author, Instant createdAt) {
    public Annotation {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(at, "at is null");
        requireNonNull(text, "text is null");
        requireNonNull(author, "author is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
