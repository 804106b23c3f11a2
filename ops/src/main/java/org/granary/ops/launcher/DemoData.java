package org.granary.ops.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Demo data for {@code ops/granary up --demo}: a token for each role, so a newcomer can try every
 * API at once ({@code $GRANARY_HOME/demo/tokens/<role>}), and a day of OMI granules delivered
 * through PDRs. Loading twice reuses what the first load made.
 */
final class DemoData {
    private static final List<String> ROLES = List.of("station", "scientist", "operator", "dba");
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"(granary_[A-Za-z0-9_-]+)\"");

    private final PlatformSettings settings;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();

    DemoData(PlatformSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    void load() throws IOException, InterruptedException {
        ServiceInstance service = settings.existingServices().getFirst();
        String admin = Files.readString(settings.adminTokenFile()).strip();
        Path folder = settings.home().resolve("demo").resolve("tokens");
        Files.createDirectories(folder);
        for (String role : ROLES) {
            Path file = folder.resolve(role);
            if (Files.exists(file) && valid(service, Files.readString(file).strip())) {
                continue;
            }
            Files.writeString(file, create(service, admin, role) + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        out.println("demo: a token for each role in " + folder + " (" + String.join(", ", ROLES) + ")");
        settings.existingServices().stream().filter(each -> each.name().equals("ingest-service")).findFirst().ifPresent(ingest -> {
            try {
                new org.granary.ops.demo.DemoDelivery(ingest.url(), Files.readString(folder.resolve("station")).strip(), out).deliverOneDay();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private boolean valid(ServiceInstance service, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/auth/whoami"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200;
    }

    private String create(ServiceInstance service, String admin, String role) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/admin/tokens"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"" + role + "\",\"label\":\"demo " + role + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = TOKEN.matcher(response.body());
        if (response.statusCode() != 201 || !token.find()) {
            throw new IOException("demo: creating a " + role + " token failed with " + response.statusCode() + ": " + response.body());
        }
        return token.group(1);
    }
}
