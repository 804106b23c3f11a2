package org.granary.dbmonitor.alert;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequiresRole({Role.OPERATOR, Role.DBA})
@Tag(name = "alerts", description = "Alert rules, the alerts they raise, silences")
class SilenceController {
    private final SilenceService silences;

    SilenceController(SilenceService silences) {
        this.silences = silences;
    }

    /** A silence as an operator asks for it. */
    record NewSilence(String cluster, String rule, Instant until, String reason) {
    }

    @PostMapping("/silences")
    @RequiresRole(Role.OPERATOR)
    @Operation(summary = "Silences from now until {\"until\": ISO instant} the alerts of {\"cluster\"} and {\"rule\"} (a rule's name; each "
            + "absent: all), with a {\"reason\"}: they still change state and are recorded, but nothing is sent. Not idempotent")
    ResponseEntity<Silence> create(@RequestBody NewSilence request, Caller caller) {
        return ResponseEntity.status(201).body(silences.create(request.cluster(), request.rule(), request.until(), request.reason(),
                caller.label()));
    }

    @GetMapping("/silences")
    @Operation(summary = "Silences, newest first, at most 1000: ?active=true for those holding now; ended ones are kept")
    List<Silence> silences(@RequestParam(defaultValue = "false") boolean active) {
        return silences.list(active);
    }

    @DeleteMapping("/silences/{id}")
    @RequiresRole(Role.OPERATOR)
    @Operation(summary = "Ends a silence now (it is kept, ended); repeating it is harmless; 404 for a silence that never was")
    ResponseEntity<Void> end(@PathVariable long id, Caller caller) {
        silences.end(id, caller.label());
        return ResponseEntity.noContent().build();
    }
}
