/**
 * Operators' notes on a cluster's timeline ("reprocessing campaign started", "vacuum freeze"):
 * written with an operator's or a DBA's token, shown on the dashboard's charts, kept forever.
 */
package org.granary.dbmonitor.annotation;
