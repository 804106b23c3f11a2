package org.granary.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import static java.util.Objects.requireNonNull;

/**
 * How a service bounds the requests it serves.
 *
 * @param virtualRequestThreads requests on virtual threads instead of Tomcat's pool of platform
 *     threads; {@code GRANARY_WEB_VIRTUAL_REQUEST_THREADS}
 * @param maxBodyBytes the largest request body a handler takes, unless it streams its body itself
 *     ({@link StreamedBody}); larger ones are refused with 413; {@code GRANARY_WEB_MAX_BODY_BYTES}
 * @param maxConcurrentBodiesPerCaller how many requests with a body one caller (a token, or an
 *     address without one) may have in progress at once; more are refused with 429;
 *     {@code GRANARY_WEB_MAX_CONCURRENT_BODIES_PER_CALLER}
 * @param maxConcurrentBodiesPerService the same for a token of our own services (role
 *     {@code service}), which call on behalf of callers capped where they came in; below the
 *     request threads, so that health and others still get one;
 *     {@code GRANARY_WEB_MAX_CONCURRENT_BODIES_PER_SERVICE}
 */
@ConfigurationProperties("granary.web")
public record WebProperties(
        @DefaultValue("false") boolean virtualRequestThreads,
        @DefaultValue("1MB") DataSize maxBodyBytes,
        @DefaultValue("16") int maxConcurrentBodiesPerCaller,
        @DefaultValue("128") int maxConcurrentBodiesPerService) {
    public WebProperties {
        requireNonNull(maxBodyBytes, "maxBodyBytes is null");
        if (maxBodyBytes.isNegative()) {
            throw new IllegalArgumentException("granary.web.max-body-bytes must not be negative, was " + maxBodyBytes);
        }
        if (maxConcurrentBodiesPerCaller < 1) {
            throw new IllegalArgumentException("granary.web.max-concurrent-bodies-per-caller must be at least 1, was "
                    + maxConcurrentBodiesPerCaller);
        }
        if (maxConcurrentBodiesPerService < 1) {
            throw new IllegalArgumentException("granary.web.max-concurrent-bodies-per-service must be at least 1, was "
                    + maxConcurrentBodiesPerService);
        }
    }
}
