package org.granary.ingest.event;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.granary.platform.outbound.HostResolver;
import org.granary.platform.outbound.TargetAddressPolicy;
import org.granary.platform.outbound.TargetAllowList;

import static java.util.Objects.requireNonNull;

/**
 * Where callbacks may go. A callback URL is {@code http} or {@code https} without user name or
 * password; its host must not resolve to one of the platform's own services, nor (unless the
 * allow list names it) to a loopback, link-local, unspecified or multicast address; and when the
 * allow list is not empty, only the hosts it names are admitted. Checked when a subscriber
 * subscribes, and again on every connection a delivery makes, on the very addresses it connects
 * to: a name that resolved to a public address then may resolve to 127.0.0.1 now.
 */
final class CallbackPolicy {
    private static final String ALLOW_LIST_KEY = "granary.ingest.events.callback-allow-list";

    private final TargetAddressPolicy addresses;

    CallbackPolicy(List<String> allowList, OwnServices ownServices, HostResolver resolver) {
        this.addresses = new TargetAddressPolicy(allowList(allowList), resolver, "callbacks", CallbackRefusedException::new,
                requireNonNull(ownServices, "ownServices is null"));
    }

    /** The allow list's entries, read; an {@link IllegalArgumentException} naming the key for a malformed one. */
    static TargetAllowList allowList(List<String> entries) {
        return TargetAllowList.parse(ALLOW_LIST_KEY, entries);
    }

    /** The addresses policy, for the delivery client's resolver. */
    TargetAddressPolicy addresses() {
        return addresses;
    }

    /**
     * Checks a callback URL as a subscriber gives it.
     *
     * @throws CallbackRefusedException when it may not be used, saying why
     * @throws UnknownHostException when its host does not resolve
     */
    URI check(String callbackUrl) throws UnknownHostException {
        URI url = parse(callbackUrl);
        admit(url.getHost(), OwnServices.defaultPort(url));
        return url;
    }

    /**
     * The addresses a callback to {@code host} (as its URL writes it) on {@code port} may connect
     * to: all of them, or none.
     *
     * @throws CallbackRefusedException when any address is refused, saying why
     */
    List<InetAddress> admit(String host, int port) throws UnknownHostException {
        return addresses.admit(host, port);
    }

    /** The URL's own rules, without resolving it: http or https, a host, no user name or password. */
    static URI parse(String callbackUrl) throws CallbackRefusedException {
        URI url;
        try {
            url = new URI(callbackUrl);
        } catch (URISyntaxException e) {
            throw new CallbackRefusedException("callbackUrl is not a URL: " + e.getMessage());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new CallbackRefusedException("callbackUrl must be an http or https URL, was " + callbackUrl);
        }
        if (url.getRawUserInfo() != null) {
            throw new CallbackRefusedException("callbackUrl must not carry a user name or password");
        }
        if (url.getHost() == null) {
            throw new CallbackRefusedException("callbackUrl has no host name or address: " + callbackUrl);
        }
        return url;
    }
}
