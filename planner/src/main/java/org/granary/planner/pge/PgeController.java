package org.granary.planner.pge;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "pges", description = "Product Generation Executables and their production rules")
class PgeController {
    private final PgeService pges;

    PgeController(PgeService pges) {
        this.pges = pges;
    }

    @PostMapping("/pges")
    @RequiresRole({Role.SCIENTIST, Role.OPERATOR})
    @Operation(summary = "Register a version of a PGE: 201; the same version with the same content again: 200; with other content: 409 "
            + "(a registered version never changes). The newest version is what routine work and new campaigns use.")
    ResponseEntity<PgeDefinition> register(@RequestBody PgeDefinition pge, Caller caller) {
        PgeService.Registration registration = pges.register(pge, caller.label());
        PgeDefinition registered = registration.pge();
        return registration.created()
                ? ResponseEntity.created(URI.create("/pges/" + registered.name() + "/" + registered.version())).body(registered)
                : ResponseEntity.ok(registered);
    }

    @GetMapping("/pges")
    @Operation(summary = "The newest version of every PGE")
    List<PgeDefinition> newest() {
        return pges.newestOfEach();
    }

    @GetMapping("/pges/{name}")
    @Operation(summary = "Every version of a PGE, newest first")
    List<PgeDefinition> versions(@PathVariable String name) {
        return pges.versions(name);
    }

    @GetMapping("/pges/{name}/{version}")
    PgeDefinition version(@PathVariable String name, @PathVariable String version) {
        return pges.get(name, version);
    }
}
