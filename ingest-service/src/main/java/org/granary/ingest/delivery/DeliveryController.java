package org.granary.ingest.delivery;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.granary.platform.web.RawBody;
import org.granary.platform.web.StreamedBody;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "deliveries", description = "Deliveries described by a Product Delivery Record (PDR)")
class DeliveryController {
    private static final int MAX_PDR_BYTES = 1 << 20;

    private final DeliveryService deliveries;

    DeliveryController(DeliveryService deliveries) {
        this.deliveries = deliveries;
    }

    @PostMapping(path = "/pdrs/{pdrName}", consumes = MediaType.ALL_VALUE)
    @RequiresRole(Role.STATION)
    @StreamedBody
    @Operation(summary = "Post a PDR (ODL; an EDOS binary header and any line endings are accepted). 202 with the delivery "
            + "and its awaited files; 200 when the same PDR was posted before; 422 with the PDRD (property 'pdrd') when the "
            + "PDR is wrong; 409 for a different PDR under a name already used. Then push the listed files with PUT /files/{name}.")
    ResponseEntity<DeliveryView> post(@PathVariable String pdrName, HttpServletRequest request, Caller caller) throws IOException {
        DeliveryService.Posted posted = deliveries.post(pdrName, caller.label(), RawBody.readAtMost(request, MAX_PDR_BYTES, "a PDR is at most " + MAX_PDR_BYTES + " bytes"));
        return ResponseEntity.status(posted.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(URI.create("/pdrs/" + posted.delivery().id())).body(posted.delivery());
    }

    @GetMapping("/pdrs/{idOrName}")
    @Operation(summary = "A delivery, by its id (all digits) or by its PDR name (the newest delivery of that name, whichever "
            + "station sent it): its state and each file's disposition")
    DeliveryView delivery(@PathVariable String idOrName) {
        return deliveries.view(idOrName);
    }

    @GetMapping(path = "/pdrs/{idOrName}/pan", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "The Production Acceptance Notification of a complete delivery (SHORTPAN or LONGPAN), by id or PDR name "
            + "as GET /pdrs/{idOrName}; 409 while files are awaited")
    String pan(@PathVariable String idOrName) {
        return deliveries.pan(idOrName);
    }
}
