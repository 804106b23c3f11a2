package org.granary.planner.catalogue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.granary.platform.auth.KeyedCallback;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Where ingest-service delivers granule events to the planner. */
@RestController
@Tag(name = "events", description = "Granule events from ingest-service")
class IngestEventsController {
    private final IngestEvents events;
    private final JsonMapper json;

    IngestEventsController(IngestEvents events, JsonMapper json) {
        this.events = events;
        this.json = json;
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
            @RequestBody byte[] body) {
        // The key is checked before the body is read as an event: a caller without it learns nothing about what would pass.
        events.requireKey(key);
        GranuleEvent event;
        try {
            event = json.readValue(body, GranuleEvent.class);
        } catch (JacksonException e) {
            throw new GranaryException(ErrorCode.MALFORMED_REQUEST, "the event is not a granule event: " + e.getOriginalMessage());
        }
        events.receive(eventId, event.type(), event.granule());
        return ResponseEntity.noContent().build();
    }
}
