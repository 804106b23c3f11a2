package org.granary.ops.archive;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each archive command's arguments reach its fields; parsing never needs a node. */
class ArchiveCommandLineTest {
    @Test
    void addNodeTakesIdUrlAWeightOfOneByDefaultAndAZone() {
        ArchiveCommandLine.AddNode weighted = parse(ArchiveCommandLine.AddNode.class, "add-node", "archive-3", "http://10.0.0.3:8090", "--weight", "2.5",
                "--zone", "rack-a");
        ArchiveCommandLine.AddNode plain = parse(ArchiveCommandLine.AddNode.class, "add-node", "archive-3", "http://10.0.0.3:8090");

        assertThat(weighted.id).isEqualTo("archive-3");
        assertThat(weighted.url).isEqualTo("http://10.0.0.3:8090");
        assertThat(weighted.weight).isEqualTo(2.5);
        assertThat(weighted.zone).isEqualTo("rack-a");
        assertThat(plain.weight).isEqualTo(1.0);
        assertThat(plain.zone).as("a zone of its own").isNull();
    }

    @Test
    void writeQuorumTakesANumber() {
        assertThat(parse(ArchiveCommandLine.WriteQuorum.class, "write-quorum", "1").writeQuorum).isEqualTo(1);
        assertThatThrownBy(() -> parse(Object.class, "write-quorum", "one")).hasMessageContaining("'one' is not an int");
    }

    @Test
    void drainRemoveNodeAndAuditTakeOneWord() {
        assertThat(parse(ArchiveCommandLine.Drain.class, "drain", "archive-2").id).isEqualTo("archive-2");
        assertThat(parse(ArchiveCommandLine.RemoveNode.class, "remove-node", "archive-2").id).isEqualTo("archive-2");
        assertThat(parse(ArchiveCommandLine.Audit.class, "audit", "ab".repeat(32)).checksum).isEqualTo("ab".repeat(32));
        assertThatThrownBy(() -> parse(Object.class, "drain", "archive-1", "archive-2")).hasMessage("Unmatched argument at index 3: 'archive-2'");
    }

    @Test
    void rebalanceTakesDryRunAndARate() {
        ArchiveCommandLine.Rebalance dryRun = parse(ArchiveCommandLine.Rebalance.class, "rebalance", "--dry-run", "--bytes-per-second=1048576");
        ArchiveCommandLine.Rebalance plain = parse(ArchiveCommandLine.Rebalance.class, "rebalance");

        assertThat(dryRun.dryRun).isTrue();
        assertThat(dryRun.bytesPerSecond).contains(1048576L);
        assertThat(plain.dryRun).isFalse();
        assertThat(plain.bytesPerSecond).isEqualTo(Optional.empty());
    }

    @Test
    void mapStatusVolumesAndScrubTakeNothing() {
        assertThat(parse(Object.class, "map")).isInstanceOf(ArchiveCommandLine.ShowMap.class);
        assertThat(parse(Object.class, "volumes")).isInstanceOf(ArchiveCommandLine.Volumes.class);
        assertThat(parse(Object.class, "status")).isInstanceOf(ArchiveCommandLine.Status.class);
        assertThat(parse(Object.class, "scrub")).isInstanceOf(ArchiveCommandLine.Scrub.class);
        assertThatThrownBy(() -> parse(Object.class, "scrub", "--now")).hasMessage("Unknown option: '--now'");
    }

    /** The command object picocli bound the arguments to, under a parent named as the launcher names it. */
    private <T> T parse(Class<T> type, String... arguments) {
        CommandLine launcher = new CommandLine(new Root());
        launcher.addSubcommand(new ArchiveCommandLine(() -> {
            throw new AssertionError("parsing must not reach the nodes");
        }));
        String[] withArchive = new String[arguments.length + 1];
        withArchive[0] = "archive";
        System.arraycopy(arguments, 0, withArchive, 1, arguments.length);
        return type.cast(launcher.parseArgs(withArchive).subcommand().subcommand().commandSpec().userObject());
    }

    @CommandLine.Command(name = "ops/granary")
    static final class Root {
    }
}
