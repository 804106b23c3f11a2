package org.granary.planner.catalogue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.granary.platform.auth.KeyedCallback;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Where ingest-service delivers granule events to the planner. */
@RestController
@Tag(name = "events", description = "Granule events from ingest-service")
class IngestEventsController {
    private final IngestEvents events;

    IngestEventsController(IngestEvents events) {
        this.events = events;
    }

    /** An event as ingest sends it: its type and the granule as {@code GET /granules/{id}} shows it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record GranuleEvent(String type, LearnedGranule granule) {
    }

    @PostMapping("/events/ingest")
    @KeyedCallback
    @Operation(summary = "A granule event from ingest-service (its subscription's callback). Needs the planner's callback key in "
            + "?key=; deduplicated by Granary-Event-Id. 204 once taken in (or taken in before); 403 with a wrong key.")
    ResponseEntity<Void> receive(@RequestParam(required = false) String key, @RequestHeader(name = "Granary-Event-Id") long eventId,
            @RequestBody GranuleEvent event) {
        events.receive(key, eventId, event.type(), event.granule());
        return ResponseEntity.noContent().build();
    }
}
