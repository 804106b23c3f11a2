package org.granary.dbmonitor.alert;

import com.fasterxml.jackson.annotation.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where a rule's notifications are POSTed: an http or https URL. Its user name and password (sent
 * as HTTP Basic authentication), path and query may be secrets (a Slack webhook's path is its
 * key), so the URL itself is never logged nor answered: only {@link #redacted()}, which keeps the
 * scheme, host and port.
 */
record Webhook(URI url) {
    static final int LONGEST = 2000;

    Webhook {
        requireNonNull(url, "url is null");
    }

    /**
     * The webhook a rule names; refused when it is not an absolute http(s) URL with a host. The
     * messages never repeat the URL.
     */
    static Webhook parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a webhook is an http or https URL, was empty");
        }
        if (text.length() > LONGEST) {
            throw new IllegalArgumentException("a webhook URL is at most " + LONGEST + " characters");
        }
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("a webhook is not a URL (" + e.getReason() + " at index " + e.getIndex() + ")", e);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("a webhook must be an http or https URL, was " + (scheme.isEmpty() ? "a relative one" : scheme + ":"));
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("a webhook URL needs a host name or address");
        }
        if (url.getRawFragment() != null) {
            throw new IllegalArgumentException("a webhook URL has no #fragment");
        }
        return new Webhook(url);
    }

    /** The URL requests go to: the same without user name and password. */
    URI target() {
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("a parsed URL without its user part is a URL", e);
        }
    }

    /** The port requests go to. */
    int port() {
        return url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    /** HTTP Basic credentials from the URL's user part, when it has one. */
    Optional<String> authorization() {
        String user = url.getUserInfo();
        return user == null ? Optional.empty()
                : Optional.of("Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
    }

    /** What logs and answers show: {@code https://hooks.example:8443/***}, with {@code ***@} for credentials. */
    @JsonValue
    String redacted() {
        StringBuilder shown = new StringBuilder(url.getScheme().toLowerCase(Locale.ROOT)).append("://");
        if (url.getRawUserInfo() != null) {
            shown.append("***@");
        }
        shown.append(url.getHost());
        if (url.getPort() >= 0) {
            shown.append(':').append(url.getPort());
        }
        boolean more = (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/")) || url.getRawQuery() != null;
        return shown.append(more ? "/***" : "").toString();
    }

    /** {@code message} without the URL's secret parts, should an exception have quoted them. */
    String scrub(String message) {
        if (message == null) {
            return null;
        }
        String scrubbed = message;
        for (String secret : new String[] {url.toString(), target().toString(), url.getRawUserInfo(), url.getUserInfo(), url.getRawQuery(),
                url.getRawPath(), url.getPath()}) {
            if (secret != null && secret.length() > 1) {
                scrubbed = scrubbed.replace(secret, "***");
            }
        }
        return scrubbed;
    }

    @Override
    public String toString() {
        return redacted();
    }
}
