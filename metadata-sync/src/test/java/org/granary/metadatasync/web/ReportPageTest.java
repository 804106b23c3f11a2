package org.granary.metadatasync.web;

import java.util.List;
import org.granary.metadatasync.reconcile.Report;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ReportPageTest {
    @Test
    void escapesEveryValueAndRunsNoScript() {
        JsonMapper json = JsonMapper.builder().build();
        Report report = new Report(7, null, null, "api", "<b>dm</b>", "finished", null, json.readTree("{\"esdt\": null}"),
                new Report.Counts(1L, 1L, 1L, 2L, 0L, 0L, 1L, 0L),
                List.of(new Report.Entry("<script>alert(1)</script>.he5", "different",
                        List.of(new Report.FieldValues("orbit", json.readTree("1"), json.readTree("\"<img src=x>\""))), null, null)), null);
        String page = ReportPage.render(report);
        assertThat(page).doesNotContain("<script>", "<img", "<b>dm").contains("&lt;script&gt;alert(1)&lt;/script&gt;.he5", "&lt;img src=x&gt;");
        assertThat(ReportPage.CONTENT_SECURITY_POLICY).startsWith("default-src 'none'; style-src 'sha256-").doesNotContain("unsafe");
    }
}
