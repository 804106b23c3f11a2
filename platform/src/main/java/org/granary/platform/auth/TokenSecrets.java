package org.granary.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.apache.commons.codec.digest.DigestUtils;

/** Makes token secrets and the hashes we store instead of them. */
final class TokenSecrets {
    /** Recognisable in logs and by secret scanners, so a leaked token is noticed. */
    static final String PREFIX = "granary_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {
    }

    static String newSecret() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    static String hash(String secret) {
        return DigestUtils.sha256Hex(secret.getBytes(StandardCharsets.UTF_8));
    }
}
