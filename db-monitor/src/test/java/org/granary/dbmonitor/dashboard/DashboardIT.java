package org.granary.dbmonitor.dashboard;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.granary.dbmonitor.RunningDbMonitor;
import org.granary.dbmonitor.history.SampleStore;
import org.granary.postgres.PostgresServer;
import org.granary.postgres.StreamingStandby;
import org.granary.postgres.TemporaryPostgres;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' dashboard in a real headless Chromium, against db-monitor watching a real
 * primary with its real streaming standby (an operations cluster, fair), a real lone primary as a
 * development cluster whose connection threshold is set so low that it is cloudy, and a testing
 * cluster on a port where nothing listens (stormy). The browser's time zone is Asia/Kolkata (UTC+05:30), so that local
 * times differ from UTC ones at any moment of the year. Screenshots go to target/screenshots, and with
 * {@code -Dgranary.regenerate=true} to docs/screenshots, the README's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final ZoneId BROWSER_ZONE = ZoneId.of("Asia/Kolkata");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Path SCREENSHOTS = Path.of(Boolean.getBoolean("granary.regenerate") ? "docs/screenshots" : "target/screenshots");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path home;

    private PostgresServer primary;
    private RunningDbMonitor monitor;
    private HeadlessChromium browser;
    private Instant started;

    @BeforeAll
    void start() throws Exception {
        StreamingStandby replication = TemporaryPostgres.standby();
        primary = replication.primary();
        try (Connection connection = DriverManager.getConnection(primary.jdbcUrl("postgres"))) {
            // as a DBA makes it (README), before the monitor looks for it: lag is then measured by db-monitor's heartbeat
            execute(connection, "CREATE TABLE IF NOT EXISTS granary_heartbeat (source text PRIMARY KEY, written_at timestamptz NOT NULL)");
            execute(connection, "CREATE TABLE IF NOT EXISTS dashboard_granule (id int PRIMARY KEY, name text)");
            execute(connection, "INSERT INTO dashboard_granule VALUES (1, 'a') ON CONFLICT DO NOTHING");
        }
        Path clustersFile = home.resolve("clusters.json");
        Files.writeString(clustersFile, """
                {"clusters": [
                  {"name": "ops", "stage": "operations", "nodes": [
                    {"name": "ops-1", "host": "127.0.0.1", "port": %d, "user": "postgres", "role": "primary"},
                    {"name": "ops-2", "host": "127.0.0.1", "port": %d, "user": "postgres", "role": "standby"}]},
                  {"name": "dev-omi", "stage": "development", "nodes": [
                    {"name": "dev-omi-1", "host": "127.0.0.1", "port": %d, "user": "postgres", "role": "primary"}]},
                  {"name": "archive-test", "stage": "testing", "nodes": [
                    {"name": "archive-test-1", "host": "127.0.0.1", "port": %d, "user": "postgres", "role": "primary"}]}
                ]}""".formatted(primary.port(), replication.server().port(), TemporaryPostgres.server().port(), RunningDbMonitor.freePort()));
        started = Instant.now();
        monitor = RunningDbMonitor.start(home, clustersFile, Map.of("granary.db-monitor.thresholds.development.connections-cloudy", "0.001"));
        browser = HeadlessChromium.start(BROWSER_ZONE.getId());
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    @AfterEach
    void thePageRanWithoutScriptErrorsOrRefusedContent() {
        assertThat(browser.console()).noneMatch(line -> line.contains("Uncaught") || line.contains("Content Security Policy")
                || line.contains("Refused to"));
    }

    @Test
    void theGridShowsEachClustersWeatherWithItsReasons() throws Exception {
        openDashboard();
        Tile stormy = tileOnceItIs("archive-test", "stormy");
        assertThat(stormy.text()).contains("archive-test", "testing", "Stormy", "primary archive-test-1 does not answer");
        assertThat(stormy.iconText()).isEqualTo("stormy");
        Tile fair = tileOnceItIs("ops", "fair");
        assertThat(fair.text()).contains("ops", "operations", "Fair", "all is well");
        assertThat(fair.iconText()).isEqualTo("fair");
        assertThat(fair.link()).endsWith("#/cluster/ops");
        Tile cloudy = tileOnceItIs("dev-omi", "cloudy");
        assertThat(cloudy.text()).containsPattern("dev-omi-1 uses \\d+ of \\d+ connections");
        assertThat(List.of(fair.colour(), cloudy.colour(), stormy.colour())).doesNotHaveDuplicates();
        assertThat(browser.find("#updated").getText()).matches("updated \\d\\d:\\d\\d:\\d\\d GMT\\+5:30");
        browser.screenshot(SCREENSHOTS.resolve("grid.png"));
    }

    @Test
    void theDetailViewDrawsItsChartsWithTheAnnotationsAndTheBlockedSessions() throws Exception {
        awaitPoints("ops", 3);
        Instant campaign = Instant.now().minus(Duration.ofMinutes(35));
        writeEarlierHour(campaign);
        JsonNode note = annotate(campaign, "reprocessing campaign 2005 started");
        try (Connection holder = DriverManager.getConnection(primary.jdbcUrl("postgres"));
                Connection waiter = DriverManager.getConnection(primary.jdbcUrl("postgres"))) {
            holder.setAutoCommit(false);
            execute(holder, "UPDATE dashboard_granule SET name = 'held' WHERE id = 1");
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
                try {
                    execute(waiter, "UPDATE dashboard_granule SET name = 'waiting' WHERE id = 1");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                openDashboard();
                browser.await("the tile of ops clicked", driver -> {
                    browser.find(".tile[data-cluster='ops']").click();
                    return true;
                });
                browser.await("the cluster ops shown", driver -> browser.find("#cluster-title").getText().startsWith("ops"));
                for (String metric : List.of("lag_seconds", "lag_bytes", "connections", "commits_per_second", "blocked_sessions", "deadlocks")) {
                    String legend = browser.await("the chart of " + metric + " drawn with data", driver -> {
                        WebElement figure = browser.find(".chart[data-metric='" + metric + "']");
                        return Integer.parseInt(figure.getAttribute("data-points")) > 300 // the hour written, then polls
                                && !figure.findElements(By.cssSelector("canvas")).isEmpty() ? figure.getText() : null;
                    });
                    assertThat(legend).contains("ops-2");
                    assertThat(browser.findAll(".chart[data-metric='" + metric + "'] .annotation-marker[data-annotation='" + note.get("id").asLong()
                            + "']")).as("the annotation drawn on " + metric).hasSize(1);
                }
                assertThat(browser.find("#nodes").getText()).contains("ops-1", "primary", "ops-2", "standby");
                assertThat(browser.find("#annotations").getText()).contains("reprocessing campaign 2005 started", "night-shift");
                assertThat(browser.find("#deadlocks").getText()).contains("on ops-1", "ERROR:  deadlock detected",
                        "Process 4243: UPDATE granule SET state = 'staged' WHERE id = 16");
                String tree = browser.await("the blocked session in the tree", driver -> {
                    String text = browser.find("#blocking").getText();
                    return text.contains("UPDATE dashboard_granule SET name = 'waiting' WHERE id = 1") ? text : null;
                });
                assertThat(tree).contains("on ops-1", "UPDATE dashboard_granule SET name = 'held' WHERE id = 1", "idle in transaction")
                        .containsPattern("waits \\d+(\\.\\d+)? s for Lock:transactionid, blocked by \\d+");
                browser.await("the weather history", driver -> browser.find("#weather-history").getText().contains("fair"));
                browser.screenshot(SCREENSHOTS.resolve("detail.png"));
            } finally {
                holder.rollback();
                blocked.join();
            }
        }
        browser.find("a.back").click();
        tileOnceItIs("ops", "fair");
    }

    @Test
    void anAnnotationAddedThroughThePageIsStoredAndShownAsText() throws Exception {
        openDashboard();
        browser.open(monitor.url() + "/dashboard/#/cluster/ops");
        String text = "vacuum freeze <img src=x onerror=alert(1)> & done";
        browser.await("the annotation form", driver -> browser.find("#annotation-text").isDisplayed());
        browser.find("#annotation-text").sendKeys(text);
        browser.find("#annotation-form button[type=submit]").click();
        String listed = browser.await("the new annotation listed", driver -> browser.findAll("#annotations li").stream()
                .map(WebElement::getText).filter(item -> item.contains(text)).findFirst().orElse(null));
        assertThat(listed).contains("night-shift");
        assertThat(browser.findAll("#annotations img, .annotation-marker img")).isEmpty();
        assertThat(browser.find("#annotation-text").getAttribute("value")).isEmpty();

        JsonNode stored = monitor.getJson("/clusters/ops/annotations");
        assertThat(stored.valueStream().filter(each -> each.get("text").asString().equals(text)).toList()).singleElement()
                .satisfies(each -> {
                    assertThat(each.get("author").asString()).isEqualTo("night-shift");
                    assertThat(each.get("cluster").asString()).isEqualTo("ops");
                    assertThat(Instant.parse(each.get("at").asString())).isBetween(Instant.now().minusSeconds(120), Instant.now());
                });
        DSLContext database = monitor.bean(DSLContext.class);
        assertThat(database.fetchValue("SELECT count(*) FROM annotation WHERE cluster = 'ops' AND author = 'night-shift' AND text = ?", text))
                .isEqualTo(1L);
    }

    @Test
    void darkModeAndTheTimeZoneSwitchChangeThePageAndAreRemembered() throws Exception {
        Instant at = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        JsonNode note = annotate(at, "switched to the new standby");
        openDashboard();
        setSwitch("#time-zone", false);
        setSwitch("#theme", false);
        browser.open(monitor.url() + "/dashboard/#/cluster/ops");
        String shown = "#annotations li[data-annotation='" + note.get("id").asLong() + "'] time";
        browser.await("the annotation listed", driver -> browser.findAll(shown).size() == 1);
        assertThat(browser.find("html").getAttribute("data-time-zone")).isEqualTo("local");
        assertThat(browser.find(shown).getText()).isEqualTo(SHOWN.format(at.atZone(BROWSER_ZONE)) + " GMT+5:30");
        String lightBackground = browser.find("body").getCssValue("background-color");

        browser.find("#time-zone").click();
        assertThat(browser.find("html").getAttribute("data-time-zone")).isEqualTo("utc");
        assertThat(browser.find(shown).getText()).isEqualTo(SHOWN.format(at.atOffset(ZoneOffset.UTC)) + " UTC");
        browser.await("the update time in UTC", driver -> browser.find("#updated").getText().endsWith(" UTC"));

        browser.find("#theme").click();
        assertThat(browser.find("html").getAttribute("data-theme")).isEqualTo("dark");
        assertThat(browser.find("body").getCssValue("background-color")).isNotEqualTo(lightBackground);
        browser.await("the charts drawn again", driver -> !browser.findAll(".chart[data-metric='connections'] canvas").isEmpty());

        browser.driver().navigate().refresh();
        browser.await("the annotation listed again", driver -> browser.findAll(shown).size() == 1);
        assertThat(browser.find("html").getAttribute("data-theme")).isEqualTo("dark");
        assertThat(browser.find("html").getAttribute("data-time-zone")).isEqualTo("utc");
        assertThat(browser.find(shown).getText()).endsWith(" UTC");
        browser.await("the charts drawn", driver -> !browser.findAll(".chart[data-metric='connections'] canvas").isEmpty());
        browser.screenshot(SCREENSHOTS.resolve("dark.png"));
        setSwitch("#time-zone", false);
        setSwitch("#theme", false);
    }

    @Test
    void forgettingTheTokenAsksForItAgainAndARefusedTokenIsNotKept() throws Exception {
        openDashboard();
        browser.find("#forget-token").click();
        browser.await("the token form", driver -> browser.find("#login").isDisplayed());
        assertThat(browser.script(Object.class, "return localStorage.getItem('granary.db-monitor.token')")).isNull();
        assertThat(browser.find("#grid-view").isDisplayed()).isFalse();
        browser.find("#token").sendKeys("granary_not-a-token");
        browser.find("#token-form button[type=submit]").click();
        browser.await("the refusal said", driver -> browser.find("#login-problem").getText().contains("refused"));
        assertThat(browser.script(Object.class, "return localStorage.getItem('granary.db-monitor.token')")).isNull();
    }

    @Test
    void thePageAndItsLibraryNeedNoTokenAndKeepToThemselves() throws Exception {
        HttpResponse<String> root = monitor.get("/", null);
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("dashboard/");
        HttpResponse<String> page = monitor.get("/dashboard/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(DashboardConfiguration.CONTENT_SECURITY_POLICY);
        for (String path : List.of("/dashboard/app.js", "/dashboard/app.css", "/webjars/uplot/dist/uPlot.iife.min.js", "/webjars/uplot/dist/uPlot.min.css")) {
            HttpResponse<String> file = monitor.get(path, null);
            assertThat(file.statusCode()).as(path).isEqualTo(200);
            assertThat(file.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        }
        assertThat(monitor.get("/dashboard/../application.yml", null).statusCode()).isIn(400, 404);
        assertThat(monitor.get("/webjars/uplot/../../../application.yml", null).statusCode()).isIn(400, 404);
        assertThat(monitor.get("/clusters", null).statusCode()).isEqualTo(401);
        assertThat(monitor.get("/clusters/ops/annotations", null).statusCode()).isEqualTo(401);
        assertThat(monitor.send("POST", "/clusters/ops/annotations", "{\"text\": \"no token\"}", null).statusCode()).isEqualTo(401);
        assertThat(monitor.send("POST", "/clusters/ops/annotations", "{\"text\": \"  \"}", monitor.operatorToken()).statusCode()).isEqualTo(400);
        assertThat(monitor.send("POST", "/clusters/nowhere/annotations", "{\"text\": \"lost\"}", monitor.operatorToken()).statusCode())
                .isEqualTo(404);
    }

    /** Opens the dashboard and, when it asks, gives it the operator's token through its form. */
    private void openDashboard() {
        browser.open(monitor.url() + "/");
        browser.await("the dashboard's first view", driver -> browser.find("#login").isDisplayed() || browser.find("#grid-view").isDisplayed());
        if (browser.find("#login").isDisplayed()) {
            browser.find("#token").sendKeys(monitor.operatorToken());
            browser.find("#token-form button[type=submit]").click();
        }
        browser.await("the grid", driver -> browser.find("#grid-view").isDisplayed() && !browser.findAll(".tile").isEmpty());
    }

    /** A tile as the operator sees it: its text, its icon's text alternative, where it leads, its colour. */
    private record Tile(String text, String iconText, String link, String colour) {
    }

    /** The tile of a cluster once it shows that weather, read at once (the grid is redrawn at each refresh). */
    private Tile tileOnceItIs(String cluster, String weather) {
        return browser.await("cluster " + cluster + " shown " + weather, driver -> browser.findAll(".tile[data-cluster='" + cluster
                + "'][data-weather='" + weather + "']").stream().findFirst().map(tile -> new Tile(tile.getText(),
                        tile.findElement(By.cssSelector("svg.icon")).getAttribute("aria-label"), tile.getAttribute("href"),
                        tile.getCssValue("border-left-color"))).orElse(null));
    }

    private void setSwitch(String button, boolean pressed) {
        if (Boolean.parseBoolean(browser.find(button).getAttribute("aria-pressed")) != pressed) {
            browser.find(button).click();
        }
    }

    private JsonNode annotate(Instant at, String text) throws Exception {
        HttpResponse<String> added = monitor.send("POST", "/clusters/ops/annotations", JSON.writeValueAsString(Map.of("at", at.toString(),
                "text", text)), monitor.operatorToken());
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        return JSON.readTree(added.body());
    }

    /**
     * Writes the hour before the monitor started into the history of cluster ops, as if it had
     * polled its nodes every 10 s: a quiet cluster until a reprocessing campaign starts; then more
     * connections and commits on the primary, the standby falling 45 s behind and catching up, two
     * sessions blocked and a deadlock (as the server would have logged it) a quarter of an hour later. So the screenshots show an hour
     * of lines rather than the test's last minute.
     */
    private void writeEarlierHour(Instant campaign) {
        SampleStore samples = monitor.bean(SampleStore.class);
        Instant from = started.minus(Duration.ofHours(1));
        samples.ensurePartition(LocalDate.ofInstant(from, ZoneOffset.UTC));
        samples.ensurePartition(LocalDate.ofInstant(started, ZoneOffset.UTC));
        monitor.bean(DSLContext.class).execute("""
                WITH story AS (
                    SELECT at, extract(epoch FROM at - CAST(? AS timestamptz)) / 60 AS minute, random() AS noise
                    FROM generate_series(CAST(? AS timestamptz), CAST(? AS timestamptz), interval '10 seconds') AS at
                ), figures AS (
                    SELECT at, CASE WHEN minute < 0 THEN 11 ELSE 27 END + floor(noise * 3) AS primary_connections,
                        CASE WHEN minute < 0 THEN 12 + 4 * sin(minute / 5) ELSE 85 + 20 * sin(minute / 3) END + noise * 3 AS commits,
                        CASE WHEN minute >= 15 AND minute < 15.2 THEN 1 ELSE 0 END AS deadlocks,
                        CASE WHEN minute >= 14 AND minute < 16 THEN 2 ELSE 0 END AS blocked,
                        CASE WHEN minute >= 5 AND minute < 12 THEN (minute - 5) / 7 * 45 WHEN minute >= 12 AND minute < 14 THEN (14 - minute) / 2 * 45
                            ELSE 0 END AS lag
                    FROM story
                )
                INSERT INTO sample (at, cluster, node, metric, value)
                SELECT at, 'ops', node, metric, value FROM figures, LATERAL (VALUES
                    ('ops-1', 'connections', primary_connections), ('ops-1', 'commits_per_second', commits),
                    ('ops-1', 'deadlocks', deadlocks), ('ops-1', 'blocked_sessions', blocked),
                    ('ops-2', 'connections', 3), ('ops-2', 'commits_per_second', commits / 20), ('ops-2', 'deadlocks', 0),
                    ('ops-2', 'blocked_sessions', 0), ('ops-2', 'lag_seconds', lag), ('ops-2', 'lag_bytes', lag * 4194304))
                    AS each (node, metric, value)""",
                campaign.toString(), from.toString(), started.minusSeconds(5).toString());
        Instant deadlock = campaign.plus(Duration.ofMinutes(15));
        String logged = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'").format(deadlock.atOffset(ZoneOffset.UTC));
        monitor.bean(DSLContext.class).execute("INSERT INTO deadlock (cluster, node, detected_at, detail) VALUES ('ops', 'ops-1', "
                + "CAST(? AS timestamptz), ?)", deadlock.toString(), """
                %1$s [4242] postgres@omi ERROR:  deadlock detected
                %1$s [4242] postgres@omi DETAIL:  Process 4242 waits for ShareLock on transaction 91311; blocked by process 4243.
                \tProcess 4243 waits for ShareLock on transaction 91310; blocked by process 4242.
                \tProcess 4242: UPDATE granule SET state = 'archived' WHERE id = 17
                \tProcess 4243: UPDATE granule SET state = 'staged' WHERE id = 16
                %1$s [4242] postgres@omi HINT:  See server log for query details.
                %1$s [4242] postgres@omi STATEMENT:  UPDATE granule SET state = 'archived' WHERE id = 17""".formatted(logged));
    }

    /** Waits until the cluster's connections were recorded {@code polls} times, so that its charts have lines. */
    private void awaitPoints(String cluster, int polls) throws Exception {
        Instant deadline = Instant.now().plus(WITHIN);
        while (Instant.now().isBefore(deadline)) {
            JsonNode series = monitor.getJson("/clusters/" + cluster + "/series?metric=commits_per_second");
            if (!series.isEmpty() && series.get(0).get("points").size() >= polls) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("cluster " + cluster + " was not polled " + polls + " times within " + WITHIN);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
