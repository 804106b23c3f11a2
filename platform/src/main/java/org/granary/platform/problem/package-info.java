/** Errors as RFC 9457 problem+json with stable codes. */
package org.granary.platform.problem;
