package org.granary.ingest.delivery;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;
import org.granary.ingest.esdt.Esdt;
import org.granary.ingest.esdt.EsdtRegistry;
import org.granary.ingest.esdt.FileNames;
import org.granary.ingest.granule.Granule;
import org.granary.ingest.granule.GranuleRepository;
import org.granary.ingest.granule.ProductIdentity;
import org.granary.ingest.pdr.FileAcceptance;
import org.granary.ingest.pdr.PanDisposition;
import org.granary.ingest.pdr.PdrReader;
import org.granary.ingest.pdr.PdrResult;
import org.granary.ingest.pdr.ProductAcceptanceNotification;
import org.granary.ingest.push.ReceivedFile;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** PDR deliveries: accepting the PDR, checking each listed file as it arrives, and the PAN. */
@Service
public class DeliveryService {
    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private final DeliveryRepository deliveries;
    private final EsdtRegistry registry;
    private final GranuleRepository granules;
    private final Clock clock = Clock.systemUTC();

    DeliveryService(DeliveryRepository deliveries, EsdtRegistry registry, GranuleRepository granules) {
        this.deliveries = deliveries;
        this.registry = registry;
        this.granules = granules;
    }

    /** A delivery, and whether this post made it (false: the same PDR was posted before). */
    public record Posted(DeliveryView delivery, boolean created) {
    }

    public Posted post(String pdrName, String station, byte[] pdr) {
        try {
            FileNames.requireSafe(pdrName);
        } catch (IllegalArgumentException e) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, e.getMessage());
        }
        String sha256 = DigestUtils.sha256Hex(pdr);
        PdrResult result = new PdrReader(registry::known).read(pdr);
        if (result instanceof PdrResult.Rejected rejected) {
            throw new GranaryException(ErrorCode.PDR_DISCREPANCY, pdrName + ": " + rejected.discrepancy().reason(),
                    Map.of("pdrd", rejected.discrepancy().render(), "messageType", rejected.discrepancy().messageType()), null);
        }
        var record = ((PdrResult.Accepted) result).record();
        Optional<Long> created = deliveries.insert(pdrName, station, sha256, record);
        if (created.isEmpty()) {
            PdrDelivery existing = deliveries.byStationAndName(station, pdrName).orElseThrow();
            if (!existing.pdrSha256().equals(sha256)) {
                throw new GranaryException(ErrorCode.CONFLICT, station + " already delivered a different PDR named " + pdrName
                        + " (delivery " + existing.id() + "); name a new PDR anew");
            }
            return new Posted(view(existing.id()), false);
        }
        settleFilesAlreadyHere(created.get());
        log.info("PDR {} from {} accepted as delivery {} with {} files", pdrName, station, created.get(), record.totalFileCount());
        return new Posted(view(created.get()), true);
    }

    /** The open delivery awaiting a file of this name, if any, and what the catalogue holds of its product and of the file. */
    public Arrival arrival(ProductIdentity product, String fileName) {
        return deliveries.arrival(product, fileName);
    }

    /** Checks a pushed file against its PDR; a mismatch settles it as failed and refuses the push (422). */
    public void verify(AwaitedFile awaited, ReceivedFile file) {
        Optional<PanDisposition> failure = check(awaited, file.size(), file.md5(), file.sha256(), file.cksum());
        if (failure.isPresent()) {
            settle(awaited, failure.get(), null);
            throw new GranaryException(ErrorCode.CONTENT_MISMATCH, awaited.fileName() + " does not match its PDR: "
                    + failure.get().text() + "; nothing was kept, and the delivery's PAN says so",
                    Map.of("delivery", awaited.deliveryId(), "disposition", failure.get().text()), null);
        }
    }

    /** Settles a file as arrived; a granule without times (level 0 data pushed before its PDR) takes the PDR's. */
    public void arrived(AwaitedFile awaited, Granule granule) {
        settle(awaited, PanDisposition.SUCCESSFUL, granule);
    }

    public DeliveryView view(long id) {
        return view(delivery(id));
    }

    /** A delivery by its id (all digits) or, otherwise, the newest delivery of that PDR name. */
    public DeliveryView view(String idOrName) {
        return view(delivery(idOrName));
    }

    /** The PAN of a complete delivery, by its id or PDR name as {@link #view(String)}; 409 while files are awaited. */
    public String pan(String idOrName) {
        PdrDelivery delivery = delivery(idOrName);
        if (delivery.pan() == null) {
            long awaited = deliveries.awaitedOf(delivery.id()).size();
            throw new GranaryException(ErrorCode.CONFLICT, "delivery " + delivery.id() + " (" + delivery.pdrName() + ") still awaits "
                    + awaited + " file(s); the PAN follows the last one");
        }
        return delivery.pan();
    }

    private DeliveryView view(PdrDelivery delivery) {
        return new DeliveryView(delivery.id(), delivery.pdrName(), delivery.station(), delivery.state(), delivery.receivedAt(),
                delivery.completedAt(), deliveries.files(delivery.id()));
    }

    /**
     * Digits that fit an id name the delivery with that id; anything else is a PDR name, whose
     * newest delivery is meant (PDR names are unique per station, so two stations may have used one).
     */
    private PdrDelivery delivery(String idOrName) {
        if (DIGITS.matcher(idOrName).matches()) {
            try {
                return delivery(Long.parseLong(idOrName));
            } catch (NumberFormatException beyondAnyId) {
                // too many digits for an id: a PDR name
            }
        }
        try {
            FileNames.requireSafe(idOrName);
        } catch (IllegalArgumentException e) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "no delivery can be named so: " + e.getMessage());
        }
        return deliveries.newestNamed(idOrName).orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND,
                "no delivery of a PDR named " + idOrName));
    }

    private PdrDelivery delivery(long id) {
        return deliveries.delivery(id).orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND, "no delivery " + id));
    }

    private void settle(AwaitedFile awaited, PanDisposition disposition, Granule granule) {
        if (deliveries.settle(awaited.deliveryId(), awaited.fileName(), disposition.text(), granule, this::pan)) {
            log.info("delivery {} is complete", awaited.deliveryId());
        }
    }

    /** Files of a new delivery that were pushed before their PDR count as arrived if they match. */
    private void settleFilesAlreadyHere(long deliveryId) {
        for (AwaitedFile awaited : deliveries.awaitedOf(deliveryId)) {
            Optional<Granule> present;
            try {
                Esdt esdt = registry.recognize(awaited.fileName()).esdt();
                present = granules.newestOfFile(esdt.shortName(), esdt.collectionVersion(), awaited.fileName())
                        .filter(granule -> "archived".equals(granule.state()));
            } catch (GranaryException unparseable) {
                settle(awaited, PanDisposition.DATA_CONVERSION_FAILURE, null);
                continue;
            }
            present.filter(granule -> granule.hasContent() && check(awaited, granule.sizeBytes(), granule.md5(), granule.sha256(),
                    granule.cksum() == null ? ReceivedFile.NO_CKSUM : granule.cksum()).isEmpty())
                    .ifPresent(granule -> settle(awaited, PanDisposition.SUCCESSFUL, granule));
        }
    }

    private static Optional<PanDisposition> check(AwaitedFile awaited, long size, String md5, String sha256, long cksum) {
        if (size != awaited.size()) {
            return Optional.of(PanDisposition.POST_TRANSFER_FILE_SIZE_CHECK_FAILURE);
        }
        if (awaited.checksumType() == null) {
            return Optional.empty();
        }
        String actual = switch (awaited.checksumType()) {
            case MD5 -> md5;
            case SHA256 -> sha256;
            case CKSUM -> cksum == ReceivedFile.NO_CKSUM ? null : Long.toString(cksum);
        };
        if (actual == null) {
            return Optional.empty(); // a file pushed before its PDR was not cksummed; its size and MD5 were kept
        }
        return actual.equals(awaited.checksumValue()) ? Optional.empty() : Optional.of(PanDisposition.CHECKSUM_VERIFICATION_FAILURE);
    }

    private String pan(List<SettledFile> files) {
        return new ProductAcceptanceNotification(files.stream().map(file -> new FileAcceptance(file.directory(), file.fileName(),
                disposition(file.disposition()), clock.instant())).toList()).render();
    }

    private static PanDisposition disposition(String text) {
        return Arrays.stream(PanDisposition.values()).filter(value -> value.text().equals(text)).findFirst()
                .orElse(PanDisposition.FILE_IO_ERROR);
    }
}
