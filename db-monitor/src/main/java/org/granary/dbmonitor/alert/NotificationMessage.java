package org.granary.dbmonitor.alert;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A notification's JSON: Slack-compatible ({@code text} is what a chat shows), with the alert's
 * facts as fields for receivers that read them.
 */
final class NotificationMessage {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] WEATHER = {"fair", "unknown", "cloudy", "stormy"};

    private NotificationMessage() {
    }

    /**
     * The notification that {@code alert} is now in {@code state} (firing or resolved) with the
     * figure at {@code value}; {@code note} says why it resolved when not because the figure came back.
     */
    static String of(AlertRule rule, AlertRepository.Row alert, String state, double value, String note) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", text(rule, alert, state, value, note));
        message.put("rule", rule.name());
        message.put("ruleId", rule.id());
        message.put("alertId", alert.id());
        message.put("cluster", alert.cluster());
        message.put("node", alert.node());
        message.put("severity", rule.severity().wireName());
        message.put("state", state);
        message.put("metric", rule.metric());
        message.put("comparison", rule.comparison().wireName());
        message.put("value", value);
        message.put("threshold", rule.threshold());
        message.put("for", rule.forText());
        message.put("startedAt", String.valueOf(alert.startedAt()));
        message.put("firedAt", string(alert.firedAt()));
        message.put("resolvedAt", string(alert.resolvedAt()));
        if (note != null) {
            message.put("note", note);
        }
        return JSON.writeValueAsString(message);
    }

    static String text(AlertRule rule, AlertRepository.Row alert, String state, double value, String note) {
        String where = alert.node() == null ? alert.cluster() : alert.cluster() + "/" + alert.node();
        String head = (Alert.FIRING.equals(state) ? "FIRING " : "RESOLVED ") + rule.severity().wireName() + ": " + rule.name() + " on " + where
                + ": " + rule.metric() + " is " + figure(rule, value);
        String limit = rule.comparison().wireName() + " " + figure(rule, rule.threshold());
        if (Alert.FIRING.equals(state)) {
            return head + " (" + limit + " for " + rule.forText() + ", since " + alert.startedAt() + ")";
        }
        return head + " (" + (note != null ? note : "no longer " + limit) + "; fired at " + alert.firedAt() + ")";
    }

    private static String figure(AlertRule rule, double value) {
        if (rule.onWeather() && value == Math.rint(value) && value >= 0 && value < WEATHER.length) {
            return WEATHER[(int) value];
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    private static String string(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
