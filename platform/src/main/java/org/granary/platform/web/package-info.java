/**
 * How services serve HTTP: request threads and read buffers, bounded request bodies
 * ({@link org.granary.platform.web.StreamedBody} for handlers that stream their own), a cap on
 * the bodies one caller sends at once, and the requests Tomcat refuses before any handler.
 */
package org.granary.platform.web;
