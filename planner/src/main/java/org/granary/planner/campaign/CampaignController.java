package org.granary.planner.campaign;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "campaigns", description = "Reprocessing campaigns: a PGE over a time range, or remaking what a granule's products became")
class CampaignController {
    private final CampaignService campaigns;

    CampaignController(CampaignService campaigns) {
        this.campaigns = campaigns;
    }

    @PostMapping("/campaigns")
    @RequiresRole({Role.SCIENTIST, Role.OPERATOR})
    @Operation(summary = "Submit a campaign: {pge, version?, from, to} makes one job per unit starting in [from, to), inputs resolved; "
            + "{remakeDerivedFrom: granule} remakes every product derived from it, in order. 201 once every job exists. Not idempotent.")
    ResponseEntity<CampaignView> create(@RequestBody CampaignService.CampaignRequest request, Caller caller) {
        CampaignView view = campaigns.create(request, caller.label());
        return ResponseEntity.created(URI.create("/campaigns/" + view.campaign().id())).body(view);
    }

    @GetMapping("/campaigns")
    @Operation(summary = "Campaigns by id; keyset pages: ?after=<last id>")
    List<Campaign> page(@RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "limit is 1 to 1000");
        }
        return campaigns.page(after, limit);
    }

    @GetMapping("/campaigns/{id}")
    @Operation(summary = "A campaign with its progress: jobs per state, percent ended, estimated end")
    CampaignView campaign(@PathVariable long id) {
        return campaigns.view(id);
    }

    @PostMapping("/campaigns/{id}/pause")
    @RequiresRole({Role.SCIENTIST, Role.OPERATOR})
    @Operation(summary = "Pause: no more of its jobs start (running ones finish)")
    CampaignView pause(@PathVariable long id) {
        return campaigns.pause(id);
    }

    @PostMapping("/campaigns/{id}/resume")
    @RequiresRole({Role.SCIENTIST, Role.OPERATOR})
    CampaignView resume(@PathVariable long id) {
        return campaigns.resume(id);
    }

    @PostMapping("/campaigns/{id}/cancel")
    @RequiresRole({Role.SCIENTIST, Role.OPERATOR})
    @Operation(summary = "Cancel every job not ended; running ones are stopped")
    CampaignView cancel(@PathVariable long id, Caller caller) {
        return campaigns.cancel(id, caller.label());
    }
}
