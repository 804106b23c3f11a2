package org.granary.ingest.esdt;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static java.util.Objects.requireNonNull;

/**
 * The ESDTs the archive accepts, by short name and collection (an archive holds several
 * collections of one ESDT at once), and which of them a file name belongs to.
 */
public final class EsdtCatalog {
    // Unknown keys fail: a misspelt "retension" must not silently keep data for ever.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Map<Key, Esdt> byKey = new LinkedHashMap<>();

    private record Key(String shortName, int collection) {
    }

    public EsdtCatalog(List<Esdt> esdts) {
        requireNonNull(esdts, "esdts is null");
        for (Esdt esdt : esdts) {
            if (byKey.putIfAbsent(new Key(esdt.shortName(), esdt.collectionVersion()), esdt) != null) {
                throw new IllegalArgumentException("ESDT " + esdt.shortName() + " collection " + esdt.collectionVersion()
                        + " appears twice in the catalogue");
            }
        }
    }

    /** Reads a JSON catalogue (see {@link CatalogFile}); throws IllegalArgumentException naming what is wrong. */
    public static EsdtCatalog load(InputStream json) {
        requireNonNull(json, "json is null");
        try {
            return new EsdtCatalog(JSON.readValue(json, CatalogFile.class).toEsdts());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the ESDT catalogue is not valid: " + e.getOriginalMessage(), e);
        }
    }

    public List<Esdt> esdts() {
        return List.copyOf(byKey.values());
    }

    /** Every collection of a short name, in catalogue order; empty when the short name is unknown. */
    public List<Esdt> collections(String shortName) {
        return byKey.values().stream().filter(esdt -> esdt.shortName().equals(shortName)).toList();
    }

    public Optional<Esdt> esdt(String shortName, int collection) {
        return Optional.ofNullable(byKey.get(new Key(shortName, collection)));
    }

    /** Whether any collection of the short name is in the catalogue. */
    public boolean contains(String shortName) {
        return byKey.keySet().stream().anyMatch(key -> key.shortName().equals(shortName));
    }

    /**
     * The ESDT whose pattern and collection the name follows, and what the name says. Every
     * pattern is tried, so a name that two patterns accept (two collections whose pattern carries
     * no {@code {collection}}, say) is found out rather than filed under whichever came first.
     *
     * @throws UnsafeFileNameException if the name could escape its directory
     * @throws NoMatchingEsdtException if no pattern accepts the name; its message shows the closest pattern and why it failed
     */
    public ParsedFileName parse(String fileName) {
        FileNames.requireSafe(fileName);
        List<ParsedFileName> parsed = new ArrayList<>();
        FileNameMismatchException closest = null;
        for (Esdt esdt : byKey.values()) {
            try {
                parsed.add(esdt.parse(fileName));
            } catch (FileNameMismatchException e) {
                closest = closest == null || e.position() > closest.position() ? e : closest;
            }
        }
        if (parsed.size() > 1) {
            throw new IllegalStateException("'" + fileName + "' matches the patterns of several ESDTs: "
                    + parsed.stream().map(each -> each.shortName() + " collection " + each.collection()).toList()
                    + "; the catalogue must keep their patterns apart");
        }
        if (parsed.isEmpty()) {
            throw new NoMatchingEsdtException(fileName, closest);
        }
        return parsed.getFirst();
    }
}
