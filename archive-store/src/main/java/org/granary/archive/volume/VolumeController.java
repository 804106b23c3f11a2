package org.granary.archive.volume;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static java.util.Objects.requireNonNull;

@RestController
@Tag(name = "volumes", description = "Capacity, free space and state of this node's volumes")
class VolumeController {
    private final Volumes volumes;

    VolumeController(Volumes volumes) {
        this.volumes = volumes;
    }

    /** A volume; {@code reservedBytes}: what writes in progress reserved and have not written yet. */
    record VolumeView(String name, String path, VolumeState state, long totalBytes, long freeBytes, long reservedBytes,
            boolean takesWrites) {
    }

    record StateChange(VolumeState state) {
        StateChange {
            requireNonNull(state, "state is required: active, read-only or draining");
        }
    }

    @GetMapping("/volumes")
    @Operation(summary = "Every volume of this node with its capacity, free space and state")
    List<VolumeView> list() {
        return volumes.all().stream().map(this::view).toList();
    }

    @PutMapping("/volumes/{name}/state")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Put a volume active, read-only (no new objects) or draining (no new objects; rebalance empties it)")
    VolumeView setState(@PathVariable String name, @RequestBody StateChange change) {
        volumes.setState(name, change.state());
        return view(volumes.named(name));
    }

    @PutMapping("/node/state")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Put every volume of this node in one state, e.g. read-only for maintenance")
    List<VolumeView> setNodeState(@RequestBody StateChange change) {
        volumes.all().forEach(volume -> volumes.setState(volume.name(), change.state()));
        return list();
    }

    private VolumeView view(Volume volume) {
        return new VolumeView(volume.name(), volume.root().toString(), volumes.state(volume), volume.totalBytes(), volume.freeBytes(),
                volumes.reservedBytes(volume), volumes.takesWrites(volume));
    }
}
