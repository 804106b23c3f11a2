package org.granary.dbmonitor.annotation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequiresRole({Role.OPERATOR, Role.DBA})
@Tag(name = "annotations", description = "Operators' notes on a cluster's timeline, kept forever")
class AnnotationController {
    private final AnnotationService annotations;

    AnnotationController(AnnotationService annotations) {
        this.annotations = annotations;
    }

    /** An annotation to write: {@code at} absent means now. */
    record NewAnnotation(Instant at, String text) {
    }

    @PostMapping("/clusters/{name}/annotations")
    @Operation(summary = "Adds a note to the cluster's timeline: {\"at\": ISO instant (default now), \"text\": 1 to 2000 characters}; "
            + "the author is the token's label. Not idempotent: each call adds a note")
    ResponseEntity<Annotation> annotate(@PathVariable String name, @RequestBody NewAnnotation request, Caller caller) {
        return ResponseEntity.status(201).body(annotations.annotate(name, request.at(), request.text(), caller.label()));
    }

    @GetMapping("/clusters/{name}/annotations")
    @Operation(summary = "The cluster's notes with from <= at < to (ISO instants; default the last 7 days), oldest first, at most 1000")
    List<Annotation> annotations(@PathVariable String name, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        return annotations.list(name, from, to);
    }
}
