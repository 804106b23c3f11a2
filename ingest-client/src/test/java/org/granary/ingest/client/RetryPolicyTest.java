package org.granary.ingest.client;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    @Test
    void ingestOrItsDependenciesDownAreRetried() {
        assertThat(List.of(500, 502, 503, 504, 408, 429)).allMatch(RetryPolicy::retries);
        assertThat(RetryPolicy.retries(new ConnectException("Connection refused"))).isTrue();
        assertThat(RetryPolicy.retries(new SocketException("Connection reset"))).isTrue();
        assertThat(RetryPolicy.retries(new NoHttpResponseException("127.0.0.1:8080 failed to respond"))).isTrue();
    }

    @Test
    void refusalsAndAFullArchiveAreFinal() {
        assertThat(List.of(400, 401, 403, 404, 409, 413, 416, 422, 507)).noneMatch(RetryPolicy::retries);
    }

    @Test
    void aResponseThatTookTooLongIsNotSentAgain() {
        assertThat(RetryPolicy.retries(new SocketTimeoutException("Read timed out"))).isFalse();
    }

    @Test
    void pausesFollowRetryAfterUpToTenSecondsElseBackOff() {
        assertThat(RetryPolicy.pause(1, "5")).isEqualTo(Duration.ofSeconds(5));
        assertThat(RetryPolicy.pause(1, "3600")).isEqualTo(Duration.ofSeconds(10));
        assertThat(RetryPolicy.pause(1, "Wed, 21 Oct 2026 07:28:00 GMT")).isEqualTo(Duration.ofMillis(500));
        assertThat(RetryPolicy.pause(1, null)).isEqualTo(Duration.ofMillis(500));
        assertThat(RetryPolicy.pause(2, null)).isEqualTo(Duration.ofSeconds(1));
    }
}
