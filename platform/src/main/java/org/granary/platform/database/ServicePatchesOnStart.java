package org.granary.platform.database;

import javax.sql.DataSource;
import org.granary.patches.ApplyResult;
import org.granary.patches.PatchSet;
import org.granary.patches.SchemaPatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;

/**
 * Applies the service's own patches ({@code db/patches/<component>/} on the classpath) to its
 * database as soon as the DataSource exists, before any bean can use it. A service whose patches
 * cannot be applied does not start; one older than its database (a rolling deploy) starts, with a
 * warning, unless a patch it does not know is marked as breaking older builds.
 */
final class ServicePatchesOnStart implements BeanPostProcessor {
    private static final Logger log = LoggerFactory.getLogger(ServicePatchesOnStart.class);
    static final String COMPONENT_PROPERTY = "granary.database.component";

    private final Environment environment;
    private boolean applied;

    ServicePatchesOnStart(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && "dataSource".equals(beanName) && !applied) {
            applied = true;
            String component = environment.getProperty(COMPONENT_PROPERTY);
            if (component != null && !component.isBlank()) {
                PatchSet patches = PatchSet.fromClasspath(component, "db/patches/" + component, getClass().getClassLoader());
                ApplyResult result = SchemaPatcher.apply(dataSource, patches, SchemaPatcher.Options.defaults());
                log.info("schema of {}: {} patches applied now, {} before, {} of them unknown to this build", component,
                        result.applied().size(), result.alreadyApplied(), result.unknownToThisBuild().size());
            }
        }
        return bean;
    }
}
