package org.granary.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** Hands every request on with its body bounded ({@link BoundedBodyRequest}), before anything can read it. */
final class BoundedBodyFilter extends OncePerRequestFilter {
    private final long maxBodyBytes;

    BoundedBodyFilter(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new BoundedBodyRequest(request, maxBodyBytes), response);
    }
}
