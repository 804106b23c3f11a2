package org.granary.platform.problem;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Errors as problem+json: from handlers ({@link ProblemAdvice}) and from the servlet container ({@link ProblemErrorController}). */
@Configuration(proxyBeanMethods = false)
@Import({ProblemAdvice.class, ProblemErrorController.class})
public class ProblemConfiguration {
}
