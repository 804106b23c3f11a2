-- Services call each other with tokens of their own (role 'service', labelled with the service's
-- name) instead of the platform's admin token. The check is replaced in one statement; the token
-- table holds one row per token ever made (tens, not millions), so its scan is instant.
ALTER TABLE granary_auth.token
    DROP CONSTRAINT token_role_check,
    ADD CONSTRAINT token_role_check CHECK (role IN ('station', 'scientist', 'operator', 'dba', 'service', 'admin'));
