package org.granary.platform.auth;

import static java.util.Objects.requireNonNull;

/** A new token and its secret, which exists only here and in the answer to its creator. */
public record TokenCreated(TokenRow token, String secret) {
    public TokenCreated {
        requireNonNull(token, "token is null");
        requireNonNull(secret, "secret is null");
    }

    @Override
    public String toString() {
        return "TokenCreated[token=" + token + ", secret=(hidden)]";
    }
}
