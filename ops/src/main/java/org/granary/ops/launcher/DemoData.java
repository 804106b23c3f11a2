package org.granary.ops.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.granary.ingest.client.IngestClient;
import org.granary.ops.demo.DemoChain;
import org.granary.ops.demo.DemoDelivery;
import org.granary.ops.demo.DemoPges;
import org.granary.planner.client.PgeDefinition;
import org.granary.planner.client.PlannerClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Demo data for {@code ops/granary up --demo}: a token for each role, so a newcomer can try every
 * API at once ({@code $GRANARY_HOME/demo/tokens/<role>}), the demo PGEs registered with the
 * planner, a day of OMI granules delivered through PDRs, and the planner's chain from level 0 to
 * the daily grid awaited and printed. Loading twice reuses what the first load made.
 */
final class DemoData {
    private static final List<String> ROLES = List.of("station", "scientist", "operator", "dba");
    /** How long the planner may take, once the day is delivered, to finish the day's products (a few seconds on 2 cores). */
    private static final Duration CHAIN_TIMEOUT = Duration.ofMinutes(3);
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final PlatformSettings settings;
    private final PrintStream out;

    /** The part of {@code POST /admin/tokens}' answer kept: the secret, shown only there. */
    private record CreatedToken(String token) {
    }

    DemoData(PlatformSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    void load() throws IOException, InterruptedException {
        ServiceInstance service = settings.existingServices().getFirst();
        String admin = Files.readString(settings.adminTokenFile()).strip();
        Path folder = settings.home().resolve("demo").resolve("tokens");
        Files.createDirectories(folder);
        try (CloseableHttpClient http = HttpClients.createDefault()) {
            for (String role : ROLES) {
                Path file = folder.resolve(role);
                if (Files.exists(file) && valid(http, service, Files.readString(file).strip())) {
                    continue;
                }
                Files.writeString(file, create(http, service, admin, role) + "\n");
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        }
        out.println("demo: a token for each role in " + folder + " (" + String.join(", ", ROLES) + ")");
        Optional<ServiceInstance> ingest = instance("ingest-service");
        if (ingest.isEmpty()) {
            return;
        }
        String station = Files.readString(folder.resolve("station")).strip();
        Optional<ServiceInstance> planner = instance("planner");
        if (planner.isEmpty()) {
            new DemoDelivery(ingest.get().url(), station, out).deliverOneDay();
            return;
        }
        String scientist = Files.readString(folder.resolve("scientist")).strip();
        try (PlannerClient plannerClient = new PlannerClient(planner.get().url(), scientist);
                IngestClient reader = new IngestClient(ingest.get().url(), null)) {
            // registered before level 0 arrives: the arrival of each granule is what plans the jobs
            List<PgeDefinition> pges = DemoPges.register(plannerClient, settings.root().resolve(DemoPges.FOLDER), out);
            Instant deliveryBegan = Instant.now();
            new DemoDelivery(ingest.get().url(), station, out).deliverOneDay();
            new DemoChain(plannerClient, reader, pges, out).awaitAndPrint(deliveryBegan, CHAIN_TIMEOUT);
        }
    }

    private Optional<ServiceInstance> instance(String module) {
        return settings.existingServices().stream().filter(each -> each.module().equals(module)).findFirst();
    }

    private static boolean valid(CloseableHttpClient http, ServiceInstance service, String token) throws IOException {
        HttpGet whoami = new HttpGet(service.url() + "/auth/whoami");
        whoami.setHeader("Authorization", "Bearer " + token);
        return http.execute(whoami, response -> response.getCode() == 200);
    }

    private static String create(CloseableHttpClient http, ServiceInstance service, String admin, String role) throws IOException {
        HttpPost request = new HttpPost(service.url() + "/admin/tokens");
        request.setHeader("Authorization", "Bearer " + admin);
        request.setEntity(new ByteArrayEntity(JSON.writeValueAsBytes(Map.of("role", role, "label", "demo " + role)),
                ContentType.APPLICATION_JSON));
        return http.execute(request, response -> {
            byte[] body = EntityUtils.toByteArray(response.getEntity());
            if (response.getCode() != 201) {
                throw new IOException("demo: creating a " + role + " token failed with " + response.getCode() + ": "
                        + new String(body, StandardCharsets.UTF_8));
            }
            return JSON.readValue(body, CreatedToken.class).token();
        });
    }
}
