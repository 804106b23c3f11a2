/**
 * Errors as RFC 9457 problem+json with stable codes: from handlers, filters and the servlet
 * container (its error page and its report valve), and from the database when a value of the
 * request is what it cannot hold.
 */
package org.granary.platform.problem;
