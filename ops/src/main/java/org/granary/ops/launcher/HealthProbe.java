package org.granary.ops.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a service's {@code /actuator/health} whether it is up. */
final class HealthProbe {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** {@code UP}, {@code DOWN}, or {@code UNREACHABLE} when nothing answers. */
    String status(ServiceInstance service) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"") ? "UP" : "DOWN";
        } catch (java.io.IOException e) {
            return "UNREACHABLE";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "UNREACHABLE";
        }
    }
}
