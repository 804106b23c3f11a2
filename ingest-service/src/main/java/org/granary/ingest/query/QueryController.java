package org.granary.ingest.query;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.granary.ingest.granule.Granule;
import org.granary.ingest.granule.GranuleRepository;
import org.granary.platform.auth.ReadOnly;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@Tag(name = "granules")
class QueryController {
    private final GranuleRepository granules;

    QueryController(GranuleRepository granules) {
        this.granules = granules;
    }

    record QueryResult(List<Granule> items) {
    }

    /** A read, though it is a POST (a query is a document): open to anyone, like GET /granules. */
    @PostMapping("/granules/query")
    @ReadOnly
    @Operation(summary = "Granules matching a JSON query over allow-listed fields (see the module README for the language)")
    QueryResult query(@RequestBody JsonNode query) {
        GranuleQuery compiled = GranuleQuery.compile(query);
        return new QueryResult(granules.query(compiled.condition(), compiled.orderBy(), compiled.limit()));
    }
}
