package org.granary.dbmonitor.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClustersTest {
    private static final String TWO_NODES = """
            {"clusters": [{"name": "ops", "stage": "operations", "nodes": [
              {"name": "ops-1", "host": "db1.example.org", "port": 5432, "user": "monitor", "password": "env:OPS_PASSWORD", "role": "primary"},
              {"name": "ops-2", "host": "db2.example.org", "port": 5432, "user": "monitor", "password": "env:OPS_PASSWORD", "role": "standby"}]}]}""";

    @TempDir
    Path folder;

    @Test
    void readsTheFileAndItsChanges() throws Exception {
        Path file = Files.writeString(folder.resolve("clusters.json"), TWO_NODES);
        Clusters clusters = new Clusters(new ClustersFile(file));
        ClusterDefinition ops = clusters.find("ops").orElseThrow();
        assertThat(ops.primary().name()).isEqualTo("ops-1");
        assertThat(ops.nodes().get(1).database()).isEqualTo("postgres");
        Files.writeString(file, TWO_NODES.replace("\"ops\"", "\"operations\""));
        clusters.reloadIfChanged();
        assertThat(clusters.all()).extracting(ClusterDefinition::name).containsExactly("operations");
        assertThat(clusters.fileProblem()).isEmpty();
    }

    @Test
    void anInvalidFileIsRefusedAndWhatWasReadStands() throws Exception {
        Path file = Files.writeString(folder.resolve("clusters.json"), TWO_NODES);
        Clusters clusters = new Clusters(new ClustersFile(file));
        Files.writeString(file, TWO_NODES.replace("\"role\": \"standby\"", "\"role\": \"primary\""));
        clusters.reloadIfChanged();
        assertThat(clusters.all()).extracting(ClusterDefinition::name).containsExactly("ops");
        assertThat(clusters.fileProblem()).hasValue("cluster ops: exactly one node has the role primary");
        Files.writeString(file, "{\"clusters\": [");
        clusters.reloadIfChanged();
        assertThat(clusters.all()).hasSize(1);
        assertThat(clusters.fileProblem()).isPresent();
        assertThatThrownBy(() -> clusters.put(clusters.all().getFirst())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fix it before editing");
    }

    @Test
    void editsAreWrittenToTheFileAndReadBack() throws Exception {
        Path file = folder.resolve("clusters.json");
        Clusters clusters = new Clusters(new ClustersFile(file));
        assertThat(clusters.all()).isEmpty();
        NodeDefinition node = new NodeDefinition("dev-1", "127.0.0.1", 5433, null, "postgres", new Credential("file:/etc/granary/dev"),
                NodeRole.PRIMARY);
        clusters.put(new ClusterDefinition("dev", Stage.DEVELOPMENT, List.of(node)));
        assertThat(Files.readString(file)).contains("\"password\" : \"file:/etc/granary/dev\"");
        assertThat(new Clusters(new ClustersFile(file)).find("dev")).hasValueSatisfying(dev -> assertThat(dev.nodes()).containsExactly(node));
        assertThat(clusters.remove("dev")).isTrue();
        assertThat(clusters.remove("dev")).isFalse();
        assertThat(new Clusters(new ClustersFile(file)).all()).isEmpty();
    }

    @Test
    void aPasswordIsOnlyEverAReference() {
        assertThatThrownBy(() -> new Credential("hunter2")).hasMessageContaining("never the password itself");
        assertThatThrownBy(() -> new Credential("env:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Credential("file:relative")).isInstanceOf(IllegalArgumentException.class);
        Credential.Resolved resolved = new Credential("env:P").resolve(Map.of("P", "hunter2"));
        assertThat(resolved.password()).isEqualTo("hunter2");
        assertThat(resolved.toString()).doesNotContain("hunter2");
        assertThat(new Credential("env:Q").resolve(Map.of()).problem()).isEqualTo("the environment variable Q is not set");
        assertThat(new Credential("file:/nonexistent/secret").resolve(Map.of()).problem())
                .startsWith("the secrets file /nonexistent/secret cannot be read");
    }
}
