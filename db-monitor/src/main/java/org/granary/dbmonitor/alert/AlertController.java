package org.granary.dbmonitor.alert;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Set;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.jooq.DSLContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequiresRole({Role.OPERATOR, Role.DBA})
@Tag(name = "alerts", description = "Alert rules, the alerts they raise, silences")
class AlertController {
    private static final Set<String> STATES = Set.of(Alert.PENDING, Alert.FIRING, Alert.RESOLVED);
    private static final int MOST_LISTED = 1000;

    private final DSLContext sql;

    AlertController(DSLContext sql) {
        this.sql = sql;
    }

    @GetMapping("/alerts")
    @Operation(summary = "The alert history, newest first: ?cluster=&state=pending|firing|resolved&rule=NAME; pages of ?limit= (default "
            + "100, at most 1000), the next page with ?before= the last id")
    List<Alert> alerts(@RequestParam(required = false) String cluster, @RequestParam(required = false) String state,
            @RequestParam(required = false) String rule, @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "100") int limit) {
        if (state != null && !STATES.contains(state)) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "state is pending, firing or resolved, was '" + state + "'");
        }
        if (limit < 1 || limit > MOST_LISTED) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "limit is 1 to " + MOST_LISTED + ", was " + limit);
        }
        return new AlertRepository(sql).history(cluster, state, rule, before, limit);
    }
}
