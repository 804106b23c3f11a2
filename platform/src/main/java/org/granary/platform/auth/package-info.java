/**
 * Bearer tokens with roles. A token is 256 random bits shown once at creation; only its SHA-256
 * is stored. Reads are open unless a handler says otherwise; every write handler must declare
 * the roles it admits with {@link org.granary.platform.auth.RequiresRole}, and a service with an
 * undeclared write handler refuses to start. Admin may do everything. Services call each other
 * with tokens of their own ({@link org.granary.platform.auth.Role#SERVICE}, labelled with a
 * {@link org.granary.platform.auth.ServiceName}), made before they start by
 * {@link org.granary.platform.auth.TokenBootstrap}. Checked tokens are cached, and a revocation
 * reaches every service's cache at once through a PostgreSQL notification.
 */
package org.granary.platform.auth;
