/** How services serve HTTP: request threads. */
package org.granary.platform.web;
