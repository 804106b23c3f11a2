package org.granary.patches.lint;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TableStatisticsTest {
    @Test
    void readsNamesAsPostgresqlDoes() {
        assertThat(TableName.parse("Granule")).isEqualTo(new TableName(null, "granule"));
        assertThat(TableName.parse("archive . \"Granule\"")).isEqualTo(new TableName("archive", "Granule"));
        assertThat(TableName.parse("db.\"a.b\".\"say \"\"hi\"\"\"")).isEqualTo(new TableName("a.b", "say \"hi\""));
        assertThat(new TableName("archive", "Granule")).hasToString("archive.\"Granule\"");
    }

    @Test
    void resolvesUnqualifiedNamesThroughTheSearchPath() {
        FixedTableStatistics statistics = FixedTableStatistics.empty()
                .withTable("granule", 10, 8192)
                .withTable("archive.granule", 20, 8192)
                .withTable("archive.orbit", 30, 8192);

        assertThat(statistics.size(TableName.parse("granule"))).map(TableSize::rows).contains(10L);
        assertThat(statistics.size(TableName.parse("orbit"))).isEmpty();
        FixedTableStatistics archiveFirst = statistics.withSearchPath(List.of("archive", "public"));
        assertThat(archiveFirst.size(TableName.parse("granule"))).map(TableSize::rows).contains(20L);
        assertThat(archiveFirst.size(TableName.parse("orbit"))).map(TableSize::rows).contains(30L);
        assertThat(archiveFirst.size(TableName.parse("public.granule"))).map(TableSize::rows).contains(10L);
    }

    @Test
    void describesASizeTheWayADbaReadsIt() {
        assertThat(new TableSize(1_000_000, 73L * 1024 * 1024).describe()).isEqualTo("~1,000,000 rows (73 MB)");
        assertThat(TableSize.prettyBytes(8192)).isEqualTo("8192 bytes");
        assertThat(TableSize.prettyBytes(64 * 1024)).isEqualTo("64 kB");
        assertThat(TableSize.prettyBytes(3L * 1024 * 1024 * 1024)).isEqualTo("3072 MB");
        assertThat(TableSize.prettyBytes(20L * 1024 * 1024 * 1024)).isEqualTo("20 GB");
    }

    @Test
    void defaultOptionsCallATableLargeAboveAHundredThousandRowsOrAHundredMegabytes() {
        LintOptions defaults = LintOptions.defaults();

        assertThat(defaults.isLarge(new TableSize(100_000, 1024))).isFalse();
        assertThat(defaults.isLarge(new TableSize(100_001, 1024))).isTrue();
        assertThat(defaults.isLarge(new TableSize(10, 100L * 1024 * 1024 + 1))).isTrue();
        assertThat(defaults.unknownTablesAreLarge()).isFalse();
    }
}
