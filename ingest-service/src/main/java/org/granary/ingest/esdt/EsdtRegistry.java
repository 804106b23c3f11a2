package org.granary.ingest.esdt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.granary.ingest.IngestProperties;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Service;

/**
 * The ESDTs this service accepts, kept in its database and in memory for parsing. On first start
 * (an empty registry) it loads the catalogue named by {@code granary.ingest.esdt-catalog}.
 */
@Service
public class EsdtRegistry {
    private static final Logger log = LoggerFactory.getLogger(EsdtRegistry.class);

    private final EsdtRepository repository;
    private volatile EsdtCatalog catalog;

    EsdtRegistry(EsdtRepository repository, IngestProperties properties, ResourceLoader resources) {
        this.repository = repository;
        this.catalog = new EsdtCatalog(repository.all());
        if (catalog.esdts().isEmpty() && !properties.esdtCatalog().isBlank()) {
            try (InputStream in = resources.getResource(properties.esdtCatalog()).getInputStream()) {
                List<Esdt> loaded = load(in);
                log.info("the ESDT registry was empty: loaded {} ESDTs from {}", loaded.size(), properties.esdtCatalog());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the ESDT catalogue " + properties.esdtCatalog(), e);
            }
        }
    }

    /** A file name with its ESDT and what the name says; 400 naming the problem otherwise. */
    public record Recognized(Esdt esdt, ParsedFileName parsed) {
    }

    public Recognized recognize(String fileName) {
        try {
            ParsedFileName parsed = catalog.parse(fileName);
            return new Recognized(catalog.esdt(parsed.shortName(), parsed.collection()).orElseThrow(), parsed);
        } catch (IllegalArgumentException e) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, e.getMessage());
        } catch (IllegalStateException ambiguous) {
            // Two ESDT patterns accept the name: the catalogue is wrong, not the file.
            throw new GranaryException(ErrorCode.CONFLICT, ambiguous.getMessage() + "; an admin must fix the ESDT catalogue");
        }
    }

    /** Every collection of every ESDT. */
    public List<Esdt> all() {
        return catalog.esdts();
    }

    /** Every collection of one short name; 404 when there is none. */
    public List<Esdt> collections(String shortName) {
        List<Esdt> collections = catalog.collections(shortName);
        if (collections.isEmpty()) {
            throw new GranaryException(ErrorCode.NOT_FOUND, "no ESDT " + FileNames.printable(shortName));
        }
        return collections;
    }

    public Esdt get(String shortName, int collection) {
        return catalog.esdt(shortName, collection).orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND,
                "no ESDT " + FileNames.printable(shortName) + " of collection " + collection));
    }

    /** Whether this collection of the short name is registered. */
    public boolean known(String shortName, int collection) {
        return catalog.esdt(shortName, collection).isPresent();
    }

    /** Whether any collection of the short name is registered: what a PDR's DATA_TYPE names. */
    public boolean known(String shortName) {
        return catalog.contains(shortName);
    }

    /**
     * Adds or replaces ESDTs from a catalogue (JSON), each by short name and collection: another
     * collection of a registered short name is added beside it. All of them or, on any error, none.
     */
    public synchronized List<Esdt> load(InputStream json) {
        EsdtCatalog incoming;
        try {
            incoming = EsdtCatalog.load(json);
        } catch (IllegalArgumentException e) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, e.getMessage());
        }
        repository.save(incoming.esdts());
        catalog = new EsdtCatalog(repository.all());
        return incoming.esdts();
    }
}
