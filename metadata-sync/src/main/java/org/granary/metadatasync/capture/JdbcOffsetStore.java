package org.granary.metadatasync.capture;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

/**
 * Debezium's position in the legacy WAL, kept in metadata-sync's own database (table
 * {@code capture_offset}) rather than a file: it is backed up, and goes with the service. Debezium
 * makes this class by name and configures it with the engine's properties, so it connects by the
 * URL in {@value #URL}. The engine saves after every batch metadata-sync has applied, so a restart
 * resumes at the first change not applied (a change applied but not yet saved comes again, and
 * applying it again changes nothing).
 */
public final class JdbcOffsetStore extends MemoryOffsetBackingStore {
    public static final String URL = "offset.storage.jdbc.url";
    private String url;

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        url = (String) config.originals().get(URL);
        if (url == null) {
            throw new ConnectException(URL + " is not set");
        }
    }

    @Override
    public synchronized void start() {
        super.start();
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement query = connection.prepareStatement("SELECT offset_key, offset_value FROM capture_offset");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                data.put(ByteBuffer.wrap(rows.getBytes(1)), ByteBuffer.wrap(rows.getBytes(2)));
            }
        } catch (SQLException e) {
            throw new ConnectException("cannot read the capture position from metadata-sync's database: " + e.getMessage(), e);
        }
    }

    @Override
    protected void save() {
        try (Connection connection = DriverManager.getConnection(url); PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO capture_offset (offset_key, offset_value) VALUES (?, ?)
                ON CONFLICT (offset_key) DO UPDATE SET offset_value = excluded.offset_value, updated_at = now()""")) {
            for (Map.Entry<ByteBuffer, ByteBuffer> entry : data.entrySet()) {
                upsert.setBytes(1, bytes(entry.getKey()));
                upsert.setBytes(2, bytes(entry.getValue()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        } catch (SQLException e) {
            throw new ConnectException("cannot save the capture position in metadata-sync's database: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
