package org.granary.ops.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Demo data for {@code ops/granary up --demo}: a token for each role, so a newcomer can try every
 * API at once ({@code $GRANARY_HOME/demo/tokens/<role>}), and a day of OMI granules delivered
 * through PDRs. Loading twice reuses what the first load made.
 */
final class DemoData {
    private static final List<String> ROLES = List.of("station", "scientist", "operator", "dba");
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

    void load() throws IOException {
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
        String station = Files.readString(folder.resolve("station")).strip();
        settings.existingServices().stream().filter(each -> each.name().equals("ingest-service")).findFirst()
                .ifPresent(ingest -> new org.granary.ops.demo.DemoDelivery(ingest.url(), station, out).deliverOneDay());
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
