/**
 * The operators' dashboard: a page of static files (under {@code static/dashboard/}) and uPlot
 * from its WebJar, served without a token since they hold no data; the page asks for an
 * operator's token and reads everything through the JSON API with it.
 */
package org.granary.dbmonitor.dashboard;
