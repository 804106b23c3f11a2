package org.granary.dbmonitor.cluster;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON file of clusters: {@code {"clusters": [{"name", "stage", "nodes": [{"name", "host",
 * "port", "database", "user", "password", "role"}]}]}}. Read whole and checked whole: a file with
 * one mistake is refused, and what was read before stands. Written by replacing it atomically, so
 * that a reader never sees half a file.
 */
public final class ClustersFile {
    private static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT).build();
    static final long MAX_BYTES = 4L << 20;

    private final Path path;

    public ClustersFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    record Content(List<ClusterDefinition> clusters) {
        Content {
            clusters = clusters == null ? List.of() : List.copyOf(clusters);
            Set<String> names = new HashSet<>();
            for (ClusterDefinition cluster : clusters) {
                NodeDefinition.require(names.add(cluster.name()), "two clusters named " + cluster.name());
            }
        }
    }

    /** The clusters in the file; none when there is no file. */
    public List<ClusterDefinition> read() throws InvalidClustersFile {
        if (!Files.exists(path)) {
            return List.of();
        }
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new InvalidClustersFile(path + " is larger than " + (MAX_BYTES >> 20) + " MiB");
            }
            return parse(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new InvalidClustersFile(path + " cannot be read: " + e);
        }
    }

    static List<ClusterDefinition> parse(byte[] json) throws InvalidClustersFile {
        try {
            Content content = JSON.readValue(json, Content.class);
            if (content == null) {
                throw new InvalidClustersFile("the clusters file is empty");
            }
            return content.clusters();
        } catch (JacksonException e) {
            throw new InvalidClustersFile(reason(e));
        }
    }

    private static String reason(JacksonException e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        return cause instanceof IllegalArgumentException invalid ? invalid.getMessage() : e.getOriginalMessage();
    }

    /** Replaces the file with these clusters, durably (written beside it, forced, renamed). */
    public void write(List<ClusterDefinition> clusters) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".clusters", ".json");
        try {
            Files.write(temporary, JSON.writeValueAsBytes(new Content(clusters)));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The file is not what it must be; the message says where and what. */
    public static final class InvalidClustersFile extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidClustersFile(String message) {
            super(message);
        }
    }
}
