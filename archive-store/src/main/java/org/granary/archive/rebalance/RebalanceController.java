package org.granary.archive.rebalance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "rebalance", description = "Move this node's objects to where the cluster map wants them")
class RebalanceController {
    private final Rebalancer rebalancer;

    RebalanceController(Rebalancer rebalancer) {
        this.rebalancer = rebalancer;
    }

    @GetMapping("/rebalance/plan")
    @Operation(summary = "Dry run: objects and bytes this node would move, per target node, and the time at the throttle")
    RebalancePlan plan(@RequestParam(required = false) Long bytesPerSecond) {
        return rebalancer.plan(bytesPerSecond);
    }

    @PostMapping("/rebalance")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Start a rebalance of this node (202); resumable after a crash; 409 while one runs")
    ResponseEntity<RebalanceRun> start(@RequestParam(required = false) Long bytesPerSecond) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebalancer.start(bytesPerSecond));
    }

    @GetMapping("/rebalance")
    @Operation(summary = "Progress of the latest rebalance of this node")
    RebalanceRun status() {
        return rebalancer.status().orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND, "no rebalance has run on this node"));
    }

    @DeleteMapping("/rebalance")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Cancel the running rebalance after the object in hand")
    ResponseEntity<Void> cancel() {
        rebalancer.cancel();
        return ResponseEntity.accepted().build();
    }
}
