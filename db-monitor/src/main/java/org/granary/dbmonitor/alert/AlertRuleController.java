package org.granary.dbmonitor.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequiresRole({Role.OPERATOR, Role.DBA})
@Tag(name = "alerts", description = "Alert rules, the alerts they raise, silences")
class AlertRuleController {
    private final RuleService rules;

    AlertRuleController(RuleService rules) {
        this.rules = rules;
    }

    /** A rule as an operator writes it. */
    record NewRule(String name, String metric, String comparison, Double threshold, @JsonProperty("for") String forDuration, String severity,
            String cluster, List<String> webhooks) {
    }

    @GetMapping("/alert-rules")
    @Operation(summary = "The rules in force, oldest first (webhooks shown without their secrets)")
    List<AlertRule> rules() {
        return rules.list();
    }

    @PostMapping("/alert-rules")
    @RequiresRole(Role.OPERATOR)
    @Operation(summary = "Writes a rule: {\"name\", \"metric\": a node's figure or weather, \"comparison\": above|below, \"threshold\", "
            + "\"for\": how long it must hold (60s, 5m; default 0), \"severity\": warning|critical, \"cluster\": one cluster (default every "
            + "one), \"webhooks\": [http(s) URLs]}. 201 when written, 200 when the same rule exists, 409 when another of that name does")
    ResponseEntity<AlertRule> create(@RequestBody NewRule request, Caller caller) {
        RuleService.Written written = rules.create(new RuleService.Definition(request.name(), request.metric(), request.comparison(),
                request.threshold(), request.forDuration(), request.severity(), request.cluster(), request.webhooks()), caller.label());
        return ResponseEntity.status(written.created() ? 201 : 200).body(written.rule());
    }

    @DeleteMapping("/alert-rules/{id}")
    @RequiresRole(Role.OPERATOR)
    @Operation(summary = "Deletes a rule (kept for its alerts' record): its pending alerts are forgotten, its firing ones resolved "
            + "and told so. Repeating it is harmless; 404 for a rule that never was")
    ResponseEntity<Void> delete(@PathVariable long id, Caller caller) {
        rules.delete(id, caller.label());
        return ResponseEntity.noContent().build();
    }
}
