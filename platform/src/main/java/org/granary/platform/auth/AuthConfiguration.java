package org.granary.platform.auth;

import java.util.List;
import javax.sql.DataSource;
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

/** Tokens, the role check on every handler, and the first admin token. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
@Import({TokenController.class, WhoAmIController.class})
public class AuthConfiguration {
    @Bean(destroyMethod = "close")
    AuthDatabase authDatabase(AuthProperties properties, DataSource serviceDataSource, io.micrometer.core.instrument.MeterRegistry metrics) {
        AuthDatabase database = AuthDatabase.open(properties, serviceDataSource, metrics);
        AdminTokenBootstrap.run(database, properties.adminTokenFile());
        return database;
    }

    @Bean
    TokenService tokenService(AuthDatabase authDatabase, AuthProperties properties) {
        return new TokenService(authDatabase, properties.cacheTtl());
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
}
