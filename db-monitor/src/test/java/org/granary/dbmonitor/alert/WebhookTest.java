package org.granary.dbmonitor.alert;

import java.net.URI;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookTest {
    @Test
    void showsOnlySchemeHostAndPortAndHidesCredentialsPathAndQuery() {
        Webhook slack = Webhook.parse("https://hooks.slack.example/services/T000/B000/XXXXSECRET");
        assertThat(slack.redacted()).isEqualTo("https://hooks.slack.example/***");
        assertThat(slack).hasToString("https://hooks.slack.example/***");
        Webhook basic = Webhook.parse("http://alerts:pa55@chat.internal:8080/hook?key=s3cret");
        assertThat(basic.redacted()).isEqualTo("http://***@chat.internal:8080/***");
        assertThat(Webhook.parse("http://chat.internal").redacted()).isEqualTo("http://chat.internal");
        assertThat(Webhook.parse("http://chat.internal/").redacted()).isEqualTo("http://chat.internal");
    }

    @Test
    void sendsTheUserPartAsBasicAuthenticationAndNotInTheTarget() {
        Webhook basic = Webhook.parse("http://alerts:pa55@chat.internal:8080/hook?key=1");
        assertThat(basic.target()).isEqualTo(URI.create("http://chat.internal:8080/hook?key=1"));
        assertThat(basic.authorization()).hasValue("Basic YWxlcnRzOnBhNTU=");
        assertThat(basic.port()).isEqualTo(8080);
        assertThat(Webhook.parse("https://chat.internal/hook").port()).isEqualTo(443);
        assertThat(Webhook.parse("https://chat.internal/hook").authorization()).isEmpty();
    }

    @Test
    void refusesWhatIsNotAnHttpUrlWithoutRepeatingIt() {
        assertThatThrownBy(() -> Webhook.parse("ftp://user:s3cret@files.example/x")).hasMessage("a webhook must be an http or https URL, was ftp:")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> Webhook.parse("/relative/s3cret")).hasMessageContaining("relative").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> Webhook.parse("http://exa mple/s3cret")).hasMessageStartingWith("a webhook is not a URL")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> Webhook.parse("http:///s3cret")).hasMessageContaining("needs a host");
        assertThatThrownBy(() -> Webhook.parse(" ")).hasMessageContaining("was empty");
    }

    @Test
    void scrubsTheSecretPartsOutOfAMessage() {
        Webhook webhook = Webhook.parse("http://alerts:pa55@chat.internal:8080/hook/s3cret");
        assertThat(webhook.scrub("POST http://alerts:pa55@chat.internal:8080/hook/s3cret failed; /hook/s3cret; alerts:pa55"))
                .doesNotContain("s3cret").doesNotContain("pa55");
    }
}
