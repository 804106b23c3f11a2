package org.granary.dbmonitor.alert;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookPolicyTest {
    private static final Map<String, String> ADDRESSES = Map.of(
            "chat.example", "203.0.113.7",
            "localhost", "127.0.0.1",
            "127.0.0.1", "127.0.0.1",
            "metadata.internal", "169.254.169.254",
            "rebound.example", "127.0.0.1");
    private static final WebhookPolicy.Resolver RESOLVER = host -> {
        String address = ADDRESSES.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getByName(address));
    };

    @Test
    void withoutAnAllowListAdmitsPublicAddressesAndRefusesLoopbackAndLinkLocal() throws Exception {
        WebhookPolicy policy = new WebhookPolicy(List.of(), RESOLVER);
        assertThat(policy.admit("chat.example", 443)).extracting(InetAddress::getHostAddress).containsExactly("203.0.113.7");
        assertThatThrownBy(() -> policy.admit("localhost", 80)).isInstanceOf(WebhookRefusedException.class)
                .hasMessageContaining("a loopback address").hasMessageContaining(WebhookPolicy.ALLOW_LIST_KEY);
        assertThatThrownBy(() -> policy.admit("metadata.internal", 80)).hasMessageContaining("a link-local address");
        assertThatThrownBy(() -> policy.admit("nowhere.example", 80)).isInstanceOf(UnknownHostException.class)
                .isNotInstanceOf(WebhookRefusedException.class);
    }

    @Test
    void anAllowListAdmitsTheHostsItListsEvenOnLoopbackAndOnlyThose() throws Exception {
        WebhookPolicy policy = new WebhookPolicy(List.of("127.0.0.1", "localhost:8080"), RESOLVER);
        assertThat(policy.admit("127.0.0.1", 9999)).isNotEmpty();
        assertThat(policy.admit("LOCALHOST", 8080)).isNotEmpty();
        assertThatThrownBy(() -> policy.admit("localhost", 8081)).hasMessageContaining("a loopback address");
        assertThatThrownBy(() -> policy.admit("rebound.example", 80)).hasMessageContaining("a loopback address");
        assertThatThrownBy(() -> policy.admit("chat.example", 443)).hasMessageContaining("is not in " + WebhookPolicy.ALLOW_LIST_KEY);
    }

    @Test
    void readsAllowListEntriesAndRefusesMalformedOnes() {
        assertThat(WebhookPolicy.entry("Chat.Example")).isEqualTo(new WebhookPolicy.Entry("chat.example", -1));
        assertThat(WebhookPolicy.entry("chat.example:8443")).isEqualTo(new WebhookPolicy.Entry("chat.example", 8443));
        assertThat(WebhookPolicy.entry("[::1]:8080")).isEqualTo(new WebhookPolicy.Entry("::1", 8080));
        assertThat(WebhookPolicy.entry("::1")).isEqualTo(new WebhookPolicy.Entry("::1", -1));
        assertThatThrownBy(() -> WebhookPolicy.entry("chat.example:http")).hasMessageContaining("is not host or host:port");
        assertThatThrownBy(() -> WebhookPolicy.entry("chat.example:70000")).hasMessageContaining("is not host or host:port");
        assertThatThrownBy(() -> WebhookPolicy.entry(":80")).hasMessageContaining("is not host or host:port");
    }
}
