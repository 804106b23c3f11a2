package org.granary.platform.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** How every service's Tomcat serves requests: on which threads, and how it reads their bodies. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ConfigurableTomcatWebServerFactory.class)
public class PlatformWebServer {
    static final int READ_BUFFER_BYTES = 64 << 10;

    /**
     * Requests are served by Tomcat's pool of platform threads, while scheduled and background
     * work stays on virtual threads ({@code spring.threads.virtual.enabled}). A request is short
     * and blocks on its socket and on JDBC: on a virtual thread each such wait goes through the
     * JDK's poller and back (register, park, wake, remount), which cost a tenth of the CPU of a
     * small push on 2 cores. {@code granary.web.virtual-request-threads=true} gives requests
     * virtual threads again.
     */
    @Bean
    @ConditionalOnProperty(name = "granary.web.virtual-request-threads", havingValue = "false", matchIfMissing = true)
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> platformRequestThreads() {
        return new PlatformThreadsCustomizer();
    }

    /**
     * Request bodies are read from the socket 64 KiB at a time instead of Tomcat's 8 KiB (one
     * buffer per connection): a 1 GiB push through ingest to two archive nodes took 14 % less time.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> largerReadBuffers() {
        return factory -> factory.addConnectorCustomizers(
                connector -> connector.setProperty("socket.appReadBufSize", String.valueOf(READ_BUFFER_BYTES)));
    }

    /** Runs after Spring Boot's virtual-thread customizer and undoes it: with no executor set, Tomcat makes its own pool. */
    static final class PlatformThreadsCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {
        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addProtocolHandlerCustomizers(handler -> handler.setExecutor(null));
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
