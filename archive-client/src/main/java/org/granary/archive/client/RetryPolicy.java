package org.granary.archive.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.time.Duration;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * Which failed calls to a node are tried again, and when. Only a request that can be sent again
 * without harm is retried: a GET, a HEAD, or a PUT of an object named by its checksum whose
 * content can be read again (the node checks it against the name, and a second write of the same
 * object changes nothing). A request whose body was read once as it arrived is never retried, nor
 * is an administration call (the map changes it makes carry an epoch a second attempt would no
 * longer match), nor a read of the cluster map (it is asked of every node known).
 *
 * <p>Retried: failures to connect or of the connection (refused, reset, closed before an answer:
 * a node restarting, or a pooled connection that the node closed meanwhile), 408 and 429 (a node
 * busy with other callers) and 5xx answers but 507, {@value #ATTEMPTS} attempts in all, {@code 100 ms} then {@code 200 ms} apart. A node that
 * answers 507 has no room: another node may, so a copy goes to the next node in rendezvous order
 * at once. Any other 4xx is final: the request itself is wrong or refused, everywhere.
 */
final class RetryPolicy {
    static final int ATTEMPTS = 3;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);

    /** What to do after a failed attempt. */
    enum Next {
        /** Send the request to the same node again after {@link #pause}, if it can be sent again. */
        RETRY,
        /** Not this node, not now: a copy goes to the next node; a read asks another node. */
        OTHER_NODE,
        /** Final: the answer would be the same anywhere. */
        GIVE_UP
    }

    private RetryPolicy() {
    }

    static Next afterStatus(int status) {
        if (status == 507) {
            return Next.OTHER_NODE;
        }
        if (status >= 500 || status == 408 || status == 429) {
            return Next.RETRY;
        }
        return Next.GIVE_UP;
    }

    /**
     * A call that got no answer. Connection failures are retried; anything else (a response
     * timeout: the node is alive but slow; an unknown host) goes to another node straight away.
     */
    static Next afterFailure(IOException failure) {
        boolean connection = failure instanceof ConnectException || failure instanceof HttpHostConnectException
                || failure instanceof ConnectTimeoutException || failure instanceof NoRouteToHostException
                || failure instanceof SocketException || failure instanceof NoHttpResponseException
                || failure instanceof ConnectionClosedException;
        return connection ? Next.RETRY : Next.OTHER_NODE;
    }

    /** The pause before attempt {@code attempt + 1}. */
    static Duration pause(int attempt) {
        return FIRST_PAUSE.multipliedBy(1L << (attempt - 1));
    }
}
