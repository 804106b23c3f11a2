package org.granary.archive.object;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A PUT that expects {@code 100 Continue} gets it when its handler first reads the body, not as
 * soon as its head arrived (Tomcat's default): a write this node refuses before reading (no room:
 * 507; a token without the role: 401, 403) is refused before the client sends the body, and
 * Tomcat closes the connection rather than wait for a body that will not come.
 */
@Configuration(proxyBeanMethods = false)
class ContinueWhenRead {
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> continueWhenTheBodyIsRead() {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setProperty("continueResponseTiming", "onRead"));
    }
}
