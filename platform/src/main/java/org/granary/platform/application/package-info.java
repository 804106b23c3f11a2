/** How a Granary service starts: the shared defaults and the auto-configuration. */
package org.granary.platform.application;
