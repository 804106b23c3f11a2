package org.granary.platform.web;

import org.apache.catalina.Context;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.granary.platform.problem.ProblemReportValve;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * How every service's Tomcat serves requests: on which threads, how it reads their bodies, which
 * requests it refuses before any handler, and how it answers its own errors.
 */
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
     * No body is ever parsed as a form: {@code getParameter} reads the query string only, so a
     * binary body sent as {@code application/x-www-form-urlencoded} (curl's default) reaches its
     * handler whole instead of being read, buffered and decoded by Tomcat.
     * <p>
     * A request that expects {@code 100 Continue} gets it when its handler first reads the body,
     * not as soon as its head arrived (Tomcat's default): a body refused before it is read (no or
     * a wrong token, a declared length over the limit, no room on an archive node) is refused
     * before the client sends it. Asked for and then refused, it would still be coming when the
     * service closes the connection, and the client may see a reset instead of the answer.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> platformConnector() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", String.valueOf(READ_BUFFER_BYTES));
            connector.setProperty("continueResponseTiming", "onRead");
            connector.setParseBodyMethods("");
        });
    }

    /** Refusals in the container, before any handler: dot segments; no waiting for the body of a refused request. */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> platformEngineValves() {
        return factory -> factory.addEngineValves(new UnreadBodyValve(), new DotSegmentValve());
    }

    /** Tomcat's own errors as problem+json: runs after Spring Boot's customizer, which adds the plain report valve. */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemReports() {
        return new ProblemReportsCustomizer();
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

    /**
     * Replaces every error report valve of the host with a {@link ProblemReportValve}, and names its
     * class as the host's, so that the host adds no other when it starts.
     */
    static final class ProblemReportsCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {
        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addContextCustomizers(ProblemReportsCustomizer::replaceReportValves);
        }

        static void replaceReportValves(Context context) {
            if (!(context.getParent() instanceof StandardHost host)) {
                return;
            }
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ProblemReportValve());
            host.setErrorReportValveClass(ProblemReportValve.class.getName());
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
