package org.granary.archive.volume;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * Gauges of each volume, tagged with its name: free, total and reserved bytes, and whether it
 * takes writes (1) or not (0). The standard {@code disk_free_bytes} and {@code disk_total_bytes}
 * get each volume's folder as a path too, beside the working directory Spring Boot watches.
 */
@Component
class VolumeMetrics {
    VolumeMetrics(Volumes volumes, MeterRegistry metrics) {
        for (Volume volume : volumes.all()) {
            register(metrics, "granary.archive.volume.free", volume, Volume::freeBytes, "bytes", "Usable free bytes of the volume");
            register(metrics, "granary.archive.volume.total", volume, Volume::totalBytes, "bytes", "Size of the volume's file system");
            register(metrics, "granary.archive.volume.reserved", volume, volumes::reservedBytes, "bytes",
                    "Bytes writes in progress reserved on the volume and have not written yet");
            register(metrics, "granary.archive.volume.takes.writes", volume, each -> volumes.takesWrites(each) ? 1 : 0, null,
                    "1 when the volume takes new objects (active, more than the minimum free), else 0");
            new DiskSpaceMetrics(volume.root().toFile()).bindTo(metrics);
        }
    }

    private static void register(MeterRegistry metrics, String name, Volume volume, ToDoubleFunction<Volume> value, String unit,
            String description) {
        Gauge.builder(name, volume, value).tag("volume", volume.name()).baseUnit(unit).description(description).register(metrics);
    }
}
