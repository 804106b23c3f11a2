package org.granary.platform.auth;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Tokens, the role check on every handler, revocations heard from the auth database, this
 * service's own token, the first admin token of a service deployed alone, and the security part
 * of the OpenAPI description.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
@Import({TokenController.class, WhoAmIController.class})
public class AuthConfiguration {
    static {
        // A handler's Caller comes from the token, not from the request's parameters.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean(destroyMethod = "close")
    AuthDatabase authDatabase(AuthProperties properties, DataSource serviceDataSource, MeterRegistry metrics) {
        AuthDatabase database = AuthDatabase.open(properties, serviceDataSource, metrics);
        properties.adminTokenPath().ifPresent(file -> TokenBootstrap.ensureAdminToken(database, file));
        return database;
    }

    @Bean
    TokenCache tokenCache(AuthProperties properties) {
        return new TokenCache(properties.cacheTtl(), Ticker.systemTicker());
    }

    /** Not started when the cache is off: then it is never trusted and every check asks the database. */
    @Bean(destroyMethod = "close")
    RevocationListener revocationListener(AuthDatabase authDatabase, TokenCache cache, AuthProperties properties, MeterRegistry metrics) {
        RevocationListener listener = new RevocationListener(authDatabase::openDedicatedConnection, cache, properties.revocationHeartbeat());
        Gauge.builder("granary.auth.revocation.listening", listener, each -> each.trusted() ? 1 : 0)
                .description("1 while token revocations are heard and checked tokens are cached; 0 while every check asks the database")
                .register(metrics);
        if (properties.caching()) {
            listener.start();
        }
        return listener;
    }

    @Bean
    TokenService tokenService(AuthDatabase authDatabase, TokenCache cache, RevocationListener revocationListener) {
        return new TokenService(authDatabase, cache, revocationListener);
    }

    @Bean
    ServiceToken serviceToken(AuthProperties properties) {
        return new ServiceToken(properties.serviceTokenPath());
    }

    @Bean
    WebMvcConfigurer authWebMvcConfigurer(TokenService tokenService) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new AuthInterceptor(tokenService));
            }

            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }

    @Bean
    SmartInitializingSingleton writeEndpointGuard(ObjectProvider<RequestMappingHandlerMapping> mappings) {
        return () -> mappings.orderedStream().forEach(WriteEndpointGuard::check);
    }

    @Bean
    OpenApiCustomizer granaryBearerScheme() {
        return OpenApiSecurity.bearerScheme();
    }

    @Bean
    OperationCustomizer granaryRoles() {
        return OpenApiSecurity.roles();
    }
}
