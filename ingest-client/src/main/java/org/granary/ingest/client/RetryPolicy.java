package org.granary.ingest.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.time.Duration;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * Which failed calls to ingest are sent again, and when. Only a request that can be repeated
 * without harm is: a GET, a push whose content can be read again (the same content under the same
 * name is answered 200 with the granule it made), and a PDR (the same PDR again is answered 200
 * with its delivery). A push read from a stream is sent once, and so is a subscription (each call
 * subscribes again).
 *
 * <p>Retried: failures to connect or of the connection (refused, reset, closed before an answer)
 * and 5xx answers but 507 (ingest down, or a service it needs: 503 says nothing was recorded),
 * {@value #ATTEMPTS} attempts in all, 0.5 s then 1 s apart, or after the answer's
 * {@code Retry-After} (at most 10 s). A 4xx is final: the request is wrong or refused.
 */
final class RetryPolicy {
    static final int ATTEMPTS = 3;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

    private RetryPolicy() {
    }

    static boolean retries(int status) {
        return (status >= 500 && status != 507) || status == 408 || status == 429;
    }

    /** Connection failures; a response timeout is not one (ingest is alive and may still be working on it). */
    static boolean retries(IOException failure) {
        return failure instanceof ConnectException || failure instanceof ConnectTimeoutException
                || failure instanceof NoRouteToHostException || failure instanceof SocketException
                || failure instanceof NoHttpResponseException || failure instanceof ConnectionClosedException;
    }

    /** The pause before attempt {@code attempt + 1}: the answer's {@code Retry-After} seconds if it gave one, else backoff. */
    static Duration pause(int attempt, String retryAfter) {
        if (retryAfter != null) {
            try {
                Duration asked = Duration.ofSeconds(Long.parseLong(retryAfter.strip()));
                return asked.isNegative() ? FIRST_PAUSE : asked.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : asked;
            } catch (NumberFormatException anHttpDate) {
                // an HTTP date: backoff instead
            }
        }
        return FIRST_PAUSE.multipliedBy(1L << (attempt - 1));
    }
}
