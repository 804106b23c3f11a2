package org.granary.dbmonitor.annotation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.granary.dbmonitor.cluster.Clusters;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.jooq.DSLContext;

/** Writes and reads annotations of the clusters db-monitor watches. */
public final class AnnotationService {
    static final int LONGEST_TEXT = 2000;
    /** The most annotations one answer holds: a timeline's window rarely has a few dozen. */
    static final int MOST_LISTED = 1000;
    private static final Duration DEFAULT_SPAN = Duration.ofDays(7);
    private static final Duration LONGEST_SPAN = Duration.ofDays(400);
    /** Annotations may mark planned work ahead, or something found out long after, within reason. */
    private static final Duration FARTHEST = Duration.ofDays(3650);

    private final AnnotationRepository annotations;
    private final Clusters clusters;
    private final Clock clock;

    public AnnotationService(DSLContext sql, Clusters clusters, Clock clock) {
        this.annotations = new AnnotationRepository(sql);
        this.clusters = clusters;
        this.clock = clock;
    }

    /** Stores an annotation at {@code at} (now when null); 404 for a cluster not watched, 400 for an empty or too long text. */
    Annotation annotate(String cluster, Instant at, String text, String author) {
        requireCluster(cluster);
        if (text == null || text.isBlank()) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "text is required: what happened, 1 to " + LONGEST_TEXT + " characters");
        }
        int length = text.codePointCount(0, text.length());
        if (length > LONGEST_TEXT) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "text is at most " + LONGEST_TEXT + " characters, was " + length);
        }
        Instant now = clock.instant();
        Instant when = at == null ? now : at;
        if (Duration.between(when, now).abs().compareTo(FARTHEST) > 0) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "at is within 10 years of now, was " + when);
        }
        return annotations.insert(cluster, when, text, author, now);
    }

    /** A cluster's annotations between two instants (default: the last 7 days), oldest first, at most 1000. */
    List<Annotation> list(String cluster, Instant from, Instant to) {
        requireCluster(cluster);
        Instant end = to == null ? clock.instant() : to;
        Instant start = from == null ? end.minus(DEFAULT_SPAN) : from;
        if (!start.isBefore(end) || Duration.between(start, end).compareTo(LONGEST_SPAN) > 0) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "from must be before to, at most 400 days apart");
        }
        return annotations.between(cluster, start, end, MOST_LISTED);
    }

    private void requireCluster(String cluster) {
        if (clusters.find(cluster).isEmpty()) {
            throw new GranaryException(ErrorCode.NOT_FOUND, "no cluster " + cluster);
        }
    }
}
