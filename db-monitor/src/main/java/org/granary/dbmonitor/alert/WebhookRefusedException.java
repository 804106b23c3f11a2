package org.granary.dbmonitor.alert;

import java.net.UnknownHostException;

/**
 * A webhook that may not be reached. An {@link UnknownHostException} because the webhook client's
 * resolver throws it: the host has no address a notification may use.
 */
final class WebhookRefusedException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    WebhookRefusedException(String reason) {
        super(reason);
    }
}
