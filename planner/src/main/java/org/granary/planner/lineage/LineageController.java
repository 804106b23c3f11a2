package org.granary.planner.lineage;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "lineage", description = "Provenance: which inputs made which products, both ways, transitively")
class LineageController {
    private final LineageRepository lineage;

    LineageController(LineageRepository lineage) {
        this.lineage = lineage;
    }

    /** A granule's lineage one way. */
    record Lineage(long granule, String direction, List<LineageEntry> granules) {
    }

    @GetMapping("/lineage/{granule}/inputs")
    @Operation(summary = "The granules a granule was made from, transitively (depth 1: direct inputs), with the job of each step")
    Lineage inputs(@PathVariable long granule) {
        requireKnown(granule);
        return new Lineage(granule, "inputs", lineage.inputs(granule));
    }

    @GetMapping("/lineage/{granule}/derived")
    @Operation(summary = "Everything made from a granule, transitively: what must be remade if it was bad "
            + "(POST /campaigns {\"remakeDerivedFrom\": granule} remakes exactly that)")
    Lineage derived(@PathVariable long granule) {
        requireKnown(granule);
        return new Lineage(granule, "derived", lineage.derived(granule));
    }

    private void requireKnown(long granule) {
        if (!lineage.known(granule)) {
            throw new GranaryException(ErrorCode.NOT_FOUND, "the planner knows no granule " + granule);
        }
    }
}
