package org.granary.platform.outbound;

import java.net.InetAddress;
import java.util.Optional;

/** Services of the platform that outbound requests may never reach, allow list or not. */
@FunctionalInterface
public interface ReservedTargets {
    /** No reserved services. */
    ReservedTargets NONE = (address, port) -> Optional.empty();

    /** What the address and port are, when they are one of the platform's services; {@code port} may be {@link TargetAllowList#ANY_PORT}. */
    Optional<String> identify(InetAddress address, int port);
}
