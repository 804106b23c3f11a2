/**
 * What every Granary service shares, so that no service writes it again: errors rendered as
 * RFC 9457 problem+json ({@code problem}), bounded requests ({@code web}), bearer tokens with
 * roles ({@code auth}), schema patches applied at start ({@code database}) and the application
 * defaults ({@code application}).
 */
package org.granary.platform;
