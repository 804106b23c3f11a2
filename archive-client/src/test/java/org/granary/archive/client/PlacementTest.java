package org.granary.archive.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PlacementTest {
    private static final List<String> OBJECTS = objects(20_000);

    @Test
    void preferredNodesAreDistinctActiveAndAsManyAsReplicas() {
        ClusterMap map = map(2, node("archive-1", 1), node("archive-2", 1), node("archive-3", 1).withState(NodeState.DRAINING), node("archive-4", 1));

        for (String checksum : OBJECTS.subList(0, 500)) {
            List<ClusterNode> preferred = map.placement().preferred(checksum);
            assertThat(preferred).hasSize(2).doesNotHaveDuplicates().noneMatch(node -> node.id().equals("archive-3"));
        }
    }

    @Test
    void placementDependsOnlyOnTheChecksumAndTheNodesNotOnTheirOrder() {
        ClusterMap one = map(2, node("archive-1", 1), node("archive-2", 1), node("archive-3", 1));
        ClusterMap reordered = map(2, node("archive-3", 1), node("archive-1", 1), node("archive-2", 1));

        for (String checksum : OBJECTS.subList(0, 500)) {
            assertThat(reordered.placement().preferred(checksum)).isEqualTo(one.placement().preferred(checksum));
        }
    }

    @Test
    void equalWeightsShareObjectsEvenly() {
        ClusterMap map = map(1, node("archive-1", 1), node("archive-2", 1), node("archive-3", 1), node("archive-4", 1));
        Map<String, Integer> counts = count(map);

        counts.values().forEach(count -> assertThat(count / (double) OBJECTS.size()).isCloseTo(0.25, within(0.02)));
    }

    @Test
    void aNodeOfDoubleWeightTakesAboutTwiceTheObjects() {
        ClusterMap map = map(1, node("archive-1", 1), node("archive-2", 1), node("archive-3", 2));
        Map<String, Integer> counts = count(map);

        assertThat(counts.get("archive-3") / (double) OBJECTS.size()).isCloseTo(0.5, within(0.02));
    }

    @Test
    void addingAThirdNodeMovesOnlyCopiesThatNowBelongToIt() {
        ClusterMap two = map(2, node("archive-1", 1), node("archive-2", 1));
        ClusterMap three = two.next(List.of(node("archive-1", 1), node("archive-2", 1), node("archive-3", 1)));
        int objectsMoved = 0;
        for (String checksum : OBJECTS) {
            List<String> before = ids(two.placement().preferred(checksum));
            List<String> after = ids(three.placement().preferred(checksum));
            List<String> gained = new ArrayList<>(after);
            gained.removeAll(before);
            assertThat(gained).allMatch("archive-3"::equals);
            objectsMoved += gained.isEmpty() ? 0 : 1;
        }
        // Optimum: the new node holds R/(N+1) = 2/3 of the objects, each needing one copy moved.
        assertThat(objectsMoved / (double) OBJECTS.size()).isCloseTo(2.0 / 3, within(0.02));
    }

    @Test
    void theCopiesOfEveryObjectGoToDistinctZonesWheneverTheMapHasAsMany() {
        ClusterMap threeZones = map(3, zoned("archive-1", "rack-a"), zoned("archive-2", "rack-a"), zoned("archive-3", "rack-b"),
                zoned("archive-4", "rack-b"), zoned("archive-5", "rack-c"), zoned("archive-6", "rack-c").withWeight(3));
        ClusterMap twoZones = map(3, zoned("archive-1", "rack-a"), zoned("archive-2", "rack-a"), zoned("archive-3", "rack-b"),
                zoned("archive-4", "rack-b"));
        Random random = new Random(20);

        for (int i = 0; i < 5_000; i++) {
            String checksum = randomChecksum(random);
            assertThat(zones(threeZones.placement().preferred(checksum))).containsExactlyInAnyOrder("rack-a", "rack-b", "rack-c");
            assertThat(zones(twoZones.placement().preferred(checksum))).as("fewer zones than replicas: both used, one twice")
                    .hasSize(3).contains("rack-a", "rack-b");
        }
    }

    @Test
    void aMapWithoutZonesPlacesEachObjectOnItsBestNodesAsBefore() {
        ClusterMap map = map(2, node("archive-1", 1), node("archive-2", 2), node("archive-3", 1), node("archive-4", 1));

        for (String checksum : OBJECTS.subList(0, 2_000)) {
            long key = Placement.objectKey(checksum);
            List<String> bestScores = map.nodes().stream()
                    .sorted(Comparator.comparingDouble((ClusterNode node) -> Placement.score(node, key)).reversed()).limit(2)
                    .map(ClusterNode::id).toList();
            assertThat(ids(map.placement().preferred(checksum))).isEqualTo(bestScores);
            assertThat(ids(map.placement().ranked(checksum)).subList(0, 2)).isEqualTo(bestScores);
        }
    }

    @Test
    void handoffAndReadsFollowThePreferredNodesInRendezvousOrder() {
        ClusterMap map = map(2, zoned("archive-1", "rack-a"), zoned("archive-2", "rack-a"), zoned("archive-3", "rack-b"),
                zoned("archive-4", "rack-b"), zoned("archive-5", "rack-b").withState(NodeState.DRAINING));

        for (String checksum : OBJECTS.subList(0, 2_000)) {
            List<ClusterNode> ranked = map.placement().ranked(checksum);
            long key = Placement.objectKey(checksum);
            List<ClusterNode> rest = ranked.subList(2, ranked.size());
            assertThat(ranked.subList(0, 2)).isEqualTo(map.placement().preferred(checksum));
            assertThat(rest).hasSize(3).isSortedAccordingTo(Comparator.comparingDouble((ClusterNode node) -> Placement.score(node, key))
                    .reversed());
            assertThat(map.placement().rankedActive(checksum)).hasSize(4).doesNotContain(map.node("archive-5").orElseThrow());
        }
    }

    @Test
    void aNodeAddedWithinAZoneTakesOnlyCopiesOfItsZone() {
        ClusterMap before = map(2, zoned("archive-1", "rack-a"), zoned("archive-2", "rack-a"), zoned("archive-3", "rack-b"),
                zoned("archive-4", "rack-b"), zoned("archive-5", "rack-c"));
        List<ClusterNode> nodes = new ArrayList<>(before.nodes());
        nodes.add(zoned("archive-6", "rack-a"));
        ClusterMap after = before.next(nodes);
        int objectsMoved = 0;
        for (String checksum : OBJECTS) {
            List<String> was = ids(before.placement().preferred(checksum));
            List<String> gained = new ArrayList<>(ids(after.placement().preferred(checksum)));
            gained.removeAll(was);
            List<String> lost = new ArrayList<>(was);
            lost.removeAll(ids(after.placement().preferred(checksum)));
            assertThat(gained).allMatch("archive-6"::equals);
            assertThat(lost).hasSameSizeAs(gained);
            objectsMoved += gained.isEmpty() ? 0 : 1;
        }
        // The new node is one of rack-a's three: it holds a third of what rack-a holds.
        double rackA = OBJECTS.stream().filter(checksum -> zones(after.placement().preferred(checksum)).contains("rack-a")).count();
        assertThat(objectsMoved / rackA).isCloseTo(1.0 / 3, within(0.02));
    }

    private static Map<String, Integer> count(ClusterMap map) {
        Map<String, Integer> counts = new HashMap<>();
        for (String checksum : OBJECTS) {
            map.placement().preferred(checksum).forEach(node -> counts.merge(node.id(), 1, Integer::sum));
        }
        return counts;
    }

    private static List<String> ids(List<ClusterNode> nodes) {
        return nodes.stream().map(ClusterNode::id).toList();
    }

    private static ClusterMap map(int replicas, ClusterNode... nodes) {
        return new ClusterMap(1, replicas, List.of(nodes));
    }

    private static List<String> zones(List<ClusterNode> nodes) {
        return nodes.stream().map(ClusterNode::zone).toList();
    }

    private static ClusterNode zoned(String id, String zone) {
        return new ClusterNode(id, "http://127.0.0.1:1/", 1, NodeState.ACTIVE, zone);
    }

    private static String randomChecksum(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static ClusterNode node(String id, double weight) {
        return new ClusterNode(id, "http://127.0.0.1:1/" , weight, NodeState.ACTIVE);
    }

    private static List<String> objects(int count) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            List<String> checksums = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                checksums.add(HexFormat.of().formatHex(sha256.digest(("object " + i).getBytes(StandardCharsets.UTF_8))));
            }
            return checksums;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
