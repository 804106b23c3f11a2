package org.granary.platform.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Bounds on what one request and one caller may hold: the size of a body and the bodies one
 * caller sends at once. The interceptors run after the token check (which keeps Spring's default
 * order 0), so the caller is known and a request without its token is refused before anything.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebProperties.class)
public class RequestLimits {
    static final int BODY_LIMIT_ORDER = 1;
    static final int CONCURRENT_BODIES_ORDER = 2;

    @Bean
    FilterRegistrationBean<BoundedBodyFilter> boundedBodyFilter(WebProperties properties) {
        FilterRegistrationBean<BoundedBodyFilter> registration =
                new FilterRegistrationBean<>(new BoundedBodyFilter(properties.maxBodyBytes().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    WebMvcConfigurer requestLimitsWebMvcConfigurer(WebProperties properties) {
        CallerPermits permits = new CallerPermits(properties.maxConcurrentBodiesPerCaller(), properties.maxConcurrentBodiesPerService());
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new BodyLimitInterceptor(properties.maxBodyBytes().toBytes())).order(BODY_LIMIT_ORDER);
                registry.addInterceptor(new ConcurrentBodyInterceptor(permits)).order(CONCURRENT_BODIES_ORDER);
            }
        };
    }
}
