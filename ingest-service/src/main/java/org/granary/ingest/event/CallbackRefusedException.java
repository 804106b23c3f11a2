package org.granary.ingest.event;

import java.net.UnknownHostException;

/**
 * A callback that may not be reached: its URL, or an address its host resolves to, is refused.
 * An {@link UnknownHostException} because the delivery client's resolver throws it: the host has
 * no address a delivery may use.
 */
final class CallbackRefusedException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    CallbackRefusedException(String reason) {
        super(reason);
    }
}
