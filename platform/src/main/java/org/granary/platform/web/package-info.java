/** How services serve HTTP: request threads and read buffers. */
package org.granary.platform.web;
