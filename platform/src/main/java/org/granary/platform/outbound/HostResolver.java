package org.granary.platform.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Name resolution, to be replaced in tests by a fixed table. */
@FunctionalInterface
public interface HostResolver {
    /** The system's resolver (with the JVM's DNS cache). */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** Every address of {@code host} (an IPv6 literal without brackets); never empty. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
