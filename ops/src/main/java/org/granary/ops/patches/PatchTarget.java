package org.granary.ops.patches;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * One database of the platform whose schema the patches make: the shared token database
 * ({@code auth}) or a service instance's own (two archive nodes are two targets of one component).
 *
 * @param name what the operator types: {@code auth} or the instance name ({@code archive-1})
 * @param component whose patches apply there
 * @param folder the component's patch folder in this source tree
 * @param jdbcUrl the database of the running platform
 */
public record PatchTarget(String name, String component, Path folder, String jdbcUrl) {
    public PatchTarget {
        requireNonNull(name, "name is null");
        requireNonNull(component, "component is null");
        requireNonNull(folder, "folder is null");
        requireNonNull(jdbcUrl, "jdbcUrl is null");
    }

    /** The patch folder of a module's component: {@code <module>/src/main/resources/db/patches/<component>}. */
    public static Path folder(Path root, String module, String component) {
        return root.resolve(module).resolve("src/main/resources/db/patches").resolve(component);
    }
}
