package org.granary.ingest.pdr;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PdrDiscrepancyTest {
    @Test
    void rendersAShortPdrd() {
        PdrDiscrepancy discrepancy = PdrDiscrepancy.of(PdrdDisposition.ECS_INTERNAL_ERROR, "database down");

        assertThat(discrepancy.messageType()).isEqualTo("SHORTPDRD");
        assertThat(discrepancy.render()).isEqualTo("""
                MESSAGE_TYPE = SHORTPDRD;
                DISPOSITION = "ECS INTERNAL ERROR";
                """);
    }

    @Test
    void rendersALongPdrdWithEveryGroupAndSummarisesByTheFirstFailure() {
        PdrDiscrepancy discrepancy = PdrDiscrepancy.perFileGroup(List.of(
                new FileGroupDisposition("OMTO3", PdrdDisposition.SUCCESSFUL),
                new FileGroupDisposition("OMNO2", PdrdDisposition.INVALID_FILE_CHECKSUM_VALUE),
                new FileGroupDisposition("OMSO2", PdrdDisposition.INVALID_DIRECTORY)), "two groups are wrong");

        assertThat(discrepancy.disposition()).isEqualTo(PdrdDisposition.INVALID_FILE_CHECKSUM_VALUE);
        assertThat(discrepancy.render()).isEqualTo("""
                MESSAGE_TYPE = LONGPDRD;
                NO_FILE_GRPS = 3;
                DATA_TYPE = OMTO3;
                DISPOSITION = "SUCCESSFUL";
                DATA_TYPE = OMNO2;
                DISPOSITION = "INVALID FILE_CKSUM_VALUE";
                DATA_TYPE = OMSO2;
                DISPOSITION = "INVALID DIRECTORY";
                """);
    }

    @Test
    void keepsPdrLevelAndGroupLevelDispositionsApart() {
        assertThatThrownBy(() -> PdrDiscrepancy.of(PdrdDisposition.INVALID_DATA_TYPE, "x"))
                .hasMessageContaining("a short PDRD needs a disposition for the whole PDR");
        assertThatThrownBy(() -> new FileGroupDisposition("OMTO3", PdrdDisposition.INVALID_FILE_COUNT))
                .hasMessage("INVALID_FILE_COUNT concerns the whole PDR, not a file group");
        assertThatThrownBy(() -> PdrDiscrepancy.perFileGroup(List.of(new FileGroupDisposition("OMTO3", PdrdDisposition.SUCCESSFUL)), "x"))
                .hasMessage("a long PDRD needs at least one failing file group");
    }

    @Test
    void quotesADataTypeThatIsNotOneWord() {
        PdrDiscrepancy discrepancy = PdrDiscrepancy.perFileGroup(List.of(new FileGroupDisposition("OM TO3 \"x\"", PdrdDisposition.INVALID_DATA_TYPE)), "x");

        assertThat(discrepancy.render()).contains("DATA_TYPE = \"OM TO3 'x'\";");
    }
}
