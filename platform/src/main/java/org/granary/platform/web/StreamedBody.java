package org.granary.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a handler streams its request body itself (a file push, an archive object, a
 * document it reads by hand), so the platform's limit on bodies ({@code granary.web.max-body-bytes})
 * does not apply: the handler enforces a limit of its own, as it reads. Everything else still
 * holds: the read timeout, the cap on concurrent bodies per caller, problems for bodies that end
 * early or stall.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface StreamedBody {
}
