package org.granary.dbmonitor.alert;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.granary.platform.outbound.HostResolver;
import org.granary.platform.outbound.ReservedTargets;
import org.granary.platform.outbound.TargetAddressPolicy;
import org.granary.platform.outbound.TargetAllowList;

/**
 * Where notifications may go, by the platform's {@link TargetAddressPolicy} as ingest-service's
 * callbacks: a webhook's host must not resolve to a loopback, link-local, unspecified or multicast
 * address unless the allow list names it ({@code host} or {@code host:port}, as the URL writes the
 * host); when the allow list is not empty, only the hosts it names are admitted. Checked when a
 * rule is written, and again on every connection, on the very addresses it connects to (a name
 * that resolved to a public address then may resolve to 127.0.0.1 now).
 */
final class WebhookPolicy {
    static final String ALLOW_LIST_KEY = "granary.db-monitor.alerts.webhook-allow-list";

    private final TargetAddressPolicy addresses;

    WebhookPolicy(List<String> allowList, HostResolver resolver) {
        this.addresses = new TargetAddressPolicy(allowList(allowList), resolver, "webhooks", WebhookRefusedException::new,
                ReservedTargets.NONE);
    }

    /** The allow list's entries, read; an {@link IllegalArgumentException} naming the key for a malformed one. */
    static TargetAllowList allowList(List<String> entries) {
        return TargetAllowList.parse(ALLOW_LIST_KEY, entries);
    }

    /** The addresses policy, for the webhook client's resolver. */
    TargetAddressPolicy addresses() {
        return addresses;
    }

    /**
     * Checks a rule's webhook.
     *
     * @throws WebhookRefusedException when it may not be used, saying why
     * @throws UnknownHostException when its host does not resolve
     */
    void check(Webhook webhook) throws UnknownHostException {
        admit(webhook.url().getHost(), webhook.port());
    }

    /** The addresses a notification to {@code host} on {@code port} may connect to: all of them, or none. */
    List<InetAddress> admit(String host, int port) throws UnknownHostException {
        return addresses.admit(host, port);
    }
}
