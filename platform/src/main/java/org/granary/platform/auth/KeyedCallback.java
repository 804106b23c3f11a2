package org.granary.platform.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a write handler that another service calls back without a bearer token (an event
 * delivery), and that checks instead a secret key carried in its URL: the handler itself refuses a
 * call without the right key. Without this, {@link RequiresRole} or {@link ReadOnly}, a write
 * handler stops the service from starting.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface KeyedCallback {
}
