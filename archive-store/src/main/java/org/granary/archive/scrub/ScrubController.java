package org.granary.archive.scrub;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "scrub", description = "Verify every object of this node now, repairing what is wrong")
class ScrubController {
    private final Scrubber scrubber;

    ScrubController(Scrubber scrubber) {
        this.scrubber = scrubber;
    }

    @PostMapping("/scrub")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Start a full scrub pass of this node (202); 409 while one runs")
    ResponseEntity<ScrubProgress> start() {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(scrubber.startFullPass());
    }

    @GetMapping("/scrub")
    @Operation(summary = "Progress of the latest full scrub pass")
    ScrubProgress progress() {
        return scrubber.progress();
    }
}
