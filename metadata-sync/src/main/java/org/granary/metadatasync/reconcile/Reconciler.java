package org.granary.metadatasync.reconcile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Compares two sides without fetching all rows: both hash the same key ranges inside their own
 * database; ranges that agree are skipped, ranges that differ are cut again at boundaries sampled
 * on the legacy side, until a range holds at most {@code leafRows} rows on either side; only
 * those are fetched row by row and compared. Both sides are asked at the same time.
 */
public final class Reconciler {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Reconciler.class);
    private static final int PAGE = 1000;

    /**
     * How the key space is cut.
     *
     * @param initialRanges how many ranges the whole key space is first cut into
     * @param leafRows a differing range with at most this many rows on each side is compared row by row
     * @param maxPieces at most this many pieces when a differing range is cut again
     */
    public record Settings(int initialRanges, int leafRows, int maxPieces) {
        public static final Settings DEFAULTS = new Settings(64, 1000, 64);

        public Settings {
            if (initialRanges < 1 || leafRows < 1 || maxPieces < 2) {
                throw new IllegalArgumentException("initialRanges and leafRows must be positive and maxPieces at least 2");
            }
        }
    }

    /** What one comparison found: the differences, and what it took. */
    public record Outcome(long legacyRows, long catalogueRows, long rangesCompared, long rowsFetched, List<Difference> differences) {
        public Outcome {
            differences = List.copyOf(differences);
        }
    }

    private final RangeSide legacy;
    private final KeySampler sampler;
    private final RangeSide catalogue;
    private final Settings settings;

    public Reconciler(RangeSide legacy, KeySampler sampler, RangeSide catalogue, Settings settings) {
        this.legacy = requireNonNull(legacy, "legacy is null");
        this.sampler = requireNonNull(sampler, "sampler is null");
        this.catalogue = requireNonNull(catalogue, "catalogue is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    public Outcome compare(RangeFilter filter) {
        AtomicLong fetched = new AtomicLong();
        long compared = 0;
        long legacyRows = 0;
        long catalogueRows = 0;
        List<KeyRange> pending = cut(KeyRange.ALL, filter, settings.initialRanges(), -1);
        List<KeyRange> leaves = new ArrayList<>();
        boolean top = true;
        while (!pending.isEmpty()) {
            List<KeyRange> asked = pending;
            long started = System.nanoTime();
            List<List<RangeHash>> answers = both(() -> legacy.hashes(asked, filter), () -> catalogue.hashes(asked, filter));
            compared += asked.size();
            List<KeyRange> next = new ArrayList<>();
            for (int i = 0; i < asked.size(); i++) {
                RangeHash legacyHash = answers.get(0).get(i);
                RangeHash catalogueHash = answers.get(1).get(i);
                if (top) {
                    legacyRows += legacyHash.count();
                    catalogueRows += catalogueHash.count();
                }
                if (!legacyHash.agrees(catalogueHash)) {
                    split(asked.get(i), filter, legacyHash.count(), catalogueHash.count(), next, leaves);
                }
            }
            log.debug("hashed {} range(s) on both sides in {} ms; {} to cut again, {} to compare row by row", asked.size(),
                    (System.nanoTime() - started) / 1_000_000, next.size(), leaves.size());
            pending = next;
            top = false;
        }
        long started = System.nanoTime();
        List<Difference> differences = new ArrayList<>();
        for (KeyRange leaf : leaves) {
            differences.addAll(compareRows(leaf, filter, fetched));
        }
        log.debug("compared {} range(s) row by row in {} ms", leaves.size(), (System.nanoTime() - started) / 1_000_000);
        return new Outcome(legacyRows, catalogueRows, compared, fetched.get(), differences);
    }

    /** The differences of these files now, each read again from both sides (a re-check). */
    public List<Difference> compareFiles(Collection<String> fileNames, RangeFilter filter) {
        List<Difference> differences = new ArrayList<>();
        for (String fileName : new TreeSet<>(fileNames)) {
            List<List<SideRecord>> rows = both(() -> rowOf(legacy, fileName, filter), () -> rowOf(catalogue, fileName, filter));
            Difference.between(fileName, rows.get(0).isEmpty() ? null : rows.get(0).getFirst(), rows.get(1).isEmpty() ? null : rows.get(1).getFirst())
                    .ifPresent(differences::add);
        }
        return differences;
    }

    private void split(KeyRange range, RangeFilter filter, long legacyCount, long catalogueCount, List<KeyRange> next, List<KeyRange> leaves) {
        long most = Math.max(legacyCount, catalogueCount);
        if (most <= settings.leafRows()) {
            leaves.add(range);
            return;
        }
        int pieces = (int) Math.min(settings.maxPieces(), Math.max(2, (most + settings.leafRows() - 1) / settings.leafRows()));
        List<KeyRange> cut = cut(range, filter, pieces, legacyCount);
        if (cut.size() < 2) {
            leaves.add(range); // the legacy side has too few keys here to cut by: the rows are read page by page
        } else {
            next.addAll(cut);
        }
    }

    private List<KeyRange> cut(KeyRange range, RangeFilter filter, int pieces, long expectedRows) {
        long started = System.nanoTime();
        List<String> boundaries = sampler.boundaries(range, filter, pieces, expectedRows);
        log.debug("sampled {} boundaries of {} in {} ms", boundaries.size(), range, (System.nanoTime() - started) / 1_000_000);
        List<KeyRange> ranges = new ArrayList<>(boundaries.size() + 1);
        String from = range.from();
        for (String boundary : boundaries) {
            ranges.add(new KeyRange(from, boundary));
            from = boundary;
        }
        ranges.add(new KeyRange(from, range.to()));
        return ranges;
    }

    private List<Difference> compareRows(KeyRange range, RangeFilter filter, AtomicLong fetched) {
        List<List<SideRecord>> rows = both(() -> allRows(legacy, range, filter), () -> allRows(catalogue, range, filter));
        Map<String, SideRecord[]> byName = new TreeMap<>(KeyRange.BYTE_ORDER);
        rows.get(0).forEach(row -> byName.computeIfAbsent(row.fileName(), name -> new SideRecord[2])[0] = row);
        rows.get(1).forEach(row -> byName.computeIfAbsent(row.fileName(), name -> new SideRecord[2])[1] = row);
        fetched.addAndGet(rows.get(0).size() + rows.get(1).size());
        List<Difference> differences = new ArrayList<>();
        byName.forEach((name, pair) -> Difference.between(name, pair[0], pair[1]).ifPresent(differences::add));
        return differences;
    }

    /**
     * Every row of the range, page by page: each page starts at the last name of the one before
     * (inclusive, and that row skipped), so no name can fall between pages.
     */
    private static List<SideRecord> allRows(RangeSide side, KeyRange range, RangeFilter filter) {
        List<SideRecord> all = new ArrayList<>();
        KeyRange remaining = range;
        String last = null;
        while (true) {
            List<SideRecord> page = side.rows(remaining, filter, PAGE);
            for (SideRecord row : page) {
                if (!row.fileName().equals(last)) {
                    all.add(row);
                }
            }
            if (page.size() < PAGE) {
                return all;
            }
            last = page.getLast().fileName();
            remaining = new KeyRange(last, range.to());
        }
    }

    /** The row of this file name on a side, or none: the first row from the name on. */
    private static List<SideRecord> rowOf(RangeSide side, String fileName, RangeFilter filter) {
        return side.rows(new KeyRange(fileName, null), filter, 1).stream().filter(row -> row.fileName().equals(fileName)).toList();
    }

    /** Both sides' answers, asked at the same time. */
    private static <T> List<T> both(Supplier<T> legacyCall, Supplier<T> catalogueCall) {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<T> legacyAnswer = executor.submit(legacyCall::get);
            Future<T> catalogueAnswer = executor.submit(catalogueCall::get);
            return List.of(legacyAnswer.get(), catalogueAnswer.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RangeSide.Unavailable("interrupted", e);
        }
    }
}
