package org.granary.ops.demo;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.granary.ingest.client.DeclaredChecksums;
import org.granary.ingest.client.Delivery;
import org.granary.ingest.client.IngestClient;

/**
 * Delivers the OMI day to ingest-service as a ground station does, through its client: one PDR
 * per orbit (and one for the daily grid), with MD5 checksums, then every file it lists, then
 * the PAN. Level 0 files take their times from the PDR. Contents are small synthetic bytes
 * derived from each name, so loading twice changes nothing.
 */
public final class DemoDelivery {
    private static final int FILE_BYTES = 4096;

    private final String ingestUrl;
    private final String stationToken;
    private final PrintStream out;

    public DemoDelivery(String ingestUrl, String stationToken, PrintStream out) {
        this.ingestUrl = ingestUrl;
        this.stationToken = stationToken;
        this.out = out;
    }

    public void deliverOneDay() {
        Map<String, Integer> landed = new TreeMap<>();
        List<String> pans = new ArrayList<>();
        try (IngestClient ingest = new IngestClient(ingestUrl, stationToken)) {
            for (int orbit = 0; orbit < OmiDay.orbitsOfTheDay(); orbit++) {
                pans.add(deliver(ingest, "OMI-2004-10-01-o" + (OmiDay.FIRST_ORBIT + orbit) + ".PDR", OmiDay.orbit(orbit), landed));
            }
            pans.add(deliver(ingest, "OMI-2004-10-01-daily.PDR", OmiDay.daily(), landed));
        }
        int files = landed.values().stream().mapToInt(Integer::intValue).sum();
        out.printf("demo: delivered a day of OMI (2004-10-01) in %d PDRs: %d granules%n", pans.size(), files);
        landed.forEach((esdt, count) -> out.printf("  %-9s %3d%n", esdt, count));
        long successful = pans.stream().filter(pan -> pan.contains("SHORTPAN")).count();
        out.printf("demo: %d of %d PANs say SUCCESSFUL; browse %s/granules?esdt=OML0V%n", successful, pans.size(), ingestUrl);
    }

    private static String deliver(IngestClient ingest, String pdrName, List<OmiDay.DemoFile> files, Map<String, Integer> landed) {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        files.forEach(file -> contents.put(file.name(), content(file.name())));
        Delivery delivery = ingest.postPdr(pdrName, pdr(files, contents));
        for (OmiDay.DemoFile file : files) {
            ingest.push(file.name(), contents.get(file.name()), DeclaredChecksums.none());
            landed.merge(file.esdt(), 1, Integer::sum);
        }
        return ingest.pan(delivery.id());
    }

    private static byte[] pdr(List<OmiDay.DemoFile> files, Map<String, byte[]> contents) {
        StringBuilder pdr = new StringBuilder("ORIGINATING_SYSTEM = DEMO_STATION;\nTOTAL_FILE_COUNT = " + files.size()
                + ";\nEXPIRATION_TIME = 2030-01-01T00:00:00Z;\n");
        Map<String, List<OmiDay.DemoFile>> byEsdt = new LinkedHashMap<>();
        files.forEach(file -> byEsdt.computeIfAbsent(file.esdt(), esdt -> new ArrayList<>()).add(file));
        byEsdt.forEach((esdt, group) -> {
            pdr.append("OBJECT = FILE_GROUP;\n  DATA_TYPE = ").append(esdt).append(";\n  DATA_VERSION = 3;\n  NODE_NAME = demo.station;\n")
                    .append("  BEGINNING_DATE/TIME = ").append(group.getFirst().begin()).append(";\n")
                    .append("  ENDING_DATE/TIME = ").append(group.getFirst().end()).append(";\n");
            for (OmiDay.DemoFile file : group) {
                pdr.append("  OBJECT = FILE_SPEC;\n    DIRECTORY_ID = /demo/outgoing;\n    FILE_ID = ").append(file.name())
                        .append(";\n    FILE_TYPE = SCIENCE;\n    FILE_SIZE = ").append(contents.get(file.name()).length)
                        .append(";\n    FILE_CKSUM_TYPE = MD5;\n    FILE_CKSUM_VALUE = ").append(md5(contents.get(file.name())))
                        .append(";\n  END_OBJECT = FILE_SPEC;\n");
            }
            pdr.append("END_OBJECT = FILE_GROUP;\n");
        });
        return pdr.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] content(String name) {
        byte[] bytes = new byte[FILE_BYTES];
        new Random(name.hashCode()).nextBytes(bytes);
        return bytes;
    }

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
