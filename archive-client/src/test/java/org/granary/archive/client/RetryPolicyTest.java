package org.granary.archive.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    @Test
    void connectionFailuresAreRetried() {
        List<IOException> failures = List.of(new ConnectException("Connection refused"), new SocketException("Connection reset"),
                new SocketException("Broken pipe"), new NoHttpResponseException("127.0.0.1:8090 failed to respond"),
                new ConnectionClosedException("Connection closed by peer"));

        assertThat(failures).allSatisfy(failure -> assertThat(RetryPolicy.afterFailure(failure)).as(failure.toString())
                .isEqualTo(RetryPolicy.Next.RETRY));
    }

    @Test
    void serverErrorsAreRetried() {
        assertThat(List.of(500, 502, 503, 504)).allSatisfy(status -> assertThat(RetryPolicy.afterStatus(status)).as("%d", status)
                .isEqualTo(RetryPolicy.Next.RETRY));
    }

    @Test
    void aNodeWithoutRoomIsNotAskedAgainButAnotherNodeIs() {
        assertThat(RetryPolicy.afterStatus(507)).isEqualTo(RetryPolicy.Next.OTHER_NODE);
    }

    @Test
    void refusalsAreFinal() {
        assertThat(List.of(400, 401, 403, 404, 409, 413, 416, 422)).allSatisfy(status -> assertThat(RetryPolicy.afterStatus(status))
                .as("%d", status).isEqualTo(RetryPolicy.Next.GIVE_UP));
    }

    @Test
    void aNodeThatConnectedButDidNotAnswerInTimeIsNotAskedAgain() {
        assertThat(RetryPolicy.afterFailure(new SocketTimeoutException("Read timed out"))).isEqualTo(RetryPolicy.Next.OTHER_NODE);
    }

    @Test
    void pausesGrowBetweenAttempts() {
        assertThat(RetryPolicy.pause(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(RetryPolicy.pause(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(RetryPolicy.ATTEMPTS).isEqualTo(3);
    }
}
