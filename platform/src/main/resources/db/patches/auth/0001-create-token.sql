-- Bearer tokens of every role. Only the SHA-256 of a token's secret is stored: a token is 256
-- random bits, so a fast hash is safe, and a leaked table grants nothing.
CREATE SCHEMA granary_auth;

CREATE TABLE granary_auth.token (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    secret_sha256 text        NOT NULL UNIQUE CHECK (secret_sha256 ~ '^[0-9a-f]{64}$'),
    role          text        NOT NULL CHECK (role IN ('station', 'scientist', 'operator', 'dba', 'admin')),
    label         text        NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    bigint      REFERENCES granary_auth.token (id),
    revoked_at    timestamptz
);

-- The bootstrap looks for a live admin token on every start.
CREATE INDEX token_live_role ON granary_auth.token (role) WHERE revoked_at IS NULL;
