package org.granary.ingest.esdt;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "esdts", description = "The ESDT registry: product types and how their file names read")
class EsdtController {
    private final EsdtRegistry registry;

    EsdtController(EsdtRegistry registry) {
        this.registry = registry;
    }

    record EsdtView(String shortName, int collectionVersion, String processingLevel, String description, String fileNamePattern,
            TimeUnit timeUnit, DuplicatePolicy duplicatePolicy, String retention) {
        static EsdtView of(Esdt esdt) {
            return new EsdtView(esdt.shortName(), esdt.collectionVersion(), esdt.processingLevel(), esdt.description(),
                    esdt.fileNamePattern().text(), esdt.timeUnit(), esdt.duplicatePolicy(),
                    esdt.retention() == null ? null : esdt.retention().toString());
        }
    }

    @GetMapping("/esdts")
    @Operation(summary = "Every ESDT of the registry: each collection of each short name")
    List<EsdtView> all() {
        return registry.all().stream().map(EsdtView::of).toList();
    }

    @GetMapping("/esdts/{shortName}")
    @Operation(summary = "Every collection of one ESDT; 404 when the short name is not registered")
    List<EsdtView> collections(@PathVariable String shortName) {
        return registry.collections(shortName).stream().map(EsdtView::of).toList();
    }

    @GetMapping("/esdts/{shortName}/{collection}")
    @Operation(summary = "One collection of one ESDT")
    EsdtView one(@PathVariable String shortName, @PathVariable int collection) {
        return EsdtView.of(registry.get(shortName, collection));
    }

    @PostMapping("/esdts")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Add or replace ESDTs, each by short name and collection, from a catalogue {\"esdts\":[...]} (the "
            + "format of esdt/omi-catalog.json): another collection of a registered short name is added beside it; all or none; "
            + "idempotent")
    List<EsdtView> load(HttpServletRequest request) throws IOException {
        return registry.load(request.getInputStream()).stream().map(EsdtView::of).toList();
    }
}
