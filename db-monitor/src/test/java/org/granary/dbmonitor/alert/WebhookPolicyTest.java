package org.granary.dbmonitor.alert;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.granary.platform.outbound.HostResolver;
import org.granary.platform.outbound.TargetDnsResolver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** db-monitor's wording and exception on the platform's target address policy, which platform's tests cover. */
class WebhookPolicyTest {
    private static final Map<String, String> ADDRESSES = Map.of(
            "chat.example", "203.0.113.7",
            "localhost", "127.0.0.1");
    private static final HostResolver RESOLVER = host -> {
        String address = ADDRESSES.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getByName(address));
    };

    @Test
    void refusesLoopbackAsWebhooksNamingItsAllowListKey() throws Exception {
        WebhookPolicy policy = new WebhookPolicy(List.of(), RESOLVER);
        assertThat(policy.admit("chat.example", 443)).extracting(InetAddress::getHostAddress).containsExactly("203.0.113.7");
        assertThatThrownBy(() -> policy.admit("localhost", 80)).isInstanceOf(WebhookRefusedException.class)
                .hasMessage("localhost:80 resolves to 127.0.0.1, a loopback address; webhooks may not reach loopback, link-local, "
                        + "unspecified or multicast addresses unless " + WebhookPolicy.ALLOW_LIST_KEY + " lists the host");
        assertThatThrownBy(() -> new TargetDnsResolver(policy.addresses()).resolve("localhost", 80))
                .isInstanceOf(WebhookRefusedException.class);
    }

    @Test
    void anAllowListRefusesOtherHostsNamingItsKey() {
        WebhookPolicy policy = new WebhookPolicy(List.of("localhost:8080"), RESOLVER);
        assertThatThrownBy(() -> policy.admit("chat.example", 443)).isInstanceOf(WebhookRefusedException.class)
                .hasMessage("chat.example:443 is not in " + WebhookPolicy.ALLOW_LIST_KEY + ", which admits only the hosts it lists");
    }

    @Test
    void namesItsKeyForAMalformedAllowListEntry() {
        assertThatThrownBy(() -> WebhookPolicy.allowList(List.of("chat.example:http")))
                .hasMessageStartingWith(WebhookPolicy.ALLOW_LIST_KEY + ": 'chat.example:http' is not host or host:port");
    }
}
