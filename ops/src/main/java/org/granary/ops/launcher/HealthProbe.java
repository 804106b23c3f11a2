package org.granary.ops.launcher;

import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Asks a service's {@code /actuator/health} whether it is up; one probe lasts as long as the launcher. */
final class HealthProbe {
    private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(2);
    private static final Timeout ANSWER_TIMEOUT = Timeout.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final CloseableHttpClient http = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(CONNECT_TIMEOUT).setSocketTimeout(ANSWER_TIMEOUT).build())
                    .build())
            .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(ANSWER_TIMEOUT).build())
            .disableAutomaticRetries()
            .build();

    private record Health(String status) {
    }

    /** Whether a status means the service serves: up, or an archive node that serves reads only. */
    static boolean serving(String status) {
        return "UP".equals(status) || "READ_ONLY".equals(status);
    }

    /**
     * The status a service reports when it answers 200 ({@code UP}, or {@code READ_ONLY} for an
     * archive node that takes no writes but serves reads), {@code DOWN} otherwise, or
     * {@code UNREACHABLE} when nothing answers.
     */
    String status(ServiceInstance service) {
        try {
            return http.execute(new HttpGet(service.url() + "/actuator/health"), response -> response.getCode() == 200
                    ? String.valueOf(JSON.readValue(EntityUtils.toByteArray(response.getEntity()), Health.class).status()) : "DOWN");
        } catch (IOException e) {
            return "UNREACHABLE";
        } catch (JacksonException notHealthJson) {
            return "DOWN";
        }
    }
}
