/**
 * Alert rules on every cluster's figures and weather, the alerts they raise (pending, firing,
 * resolved; kept in db-monitor's database), their webhook notifications (Slack-compatible JSON,
 * once when firing and once when resolved, sent apart from the polls and retried until a 2xx),
 * and silences.
 */
package org.granary.dbmonitor.alert;
