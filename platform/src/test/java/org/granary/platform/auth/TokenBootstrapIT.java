package org.granary.platform.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.granary.postgres.TemporaryPostgres;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.granary.platform.auth.schema.Tables.TOKEN;

/** The tokens the launcher and test fixtures make before any service runs, on a real PostgreSQL. */
class TokenBootstrapIT {
    @TempDir
    Path home;

    @Test
    void concurrentCallersOnAnEmptyDatabaseMakeExactlyOneAdminTokenInAFileOnlyItsOwnerReads() throws Exception {
        PGSimpleDataSource auth = dataSource("bootstrap_admin");
        Path file = home.resolve("secrets/admin-token");
        List<Callable<Boolean>> callers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            callers.add(() -> TokenBootstrap.ensureAdminToken(auth, file));
        }

        List<Boolean> made = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers.size())) {
            for (Future<Boolean> result : pool.invokeAll(callers)) {
                made.add(result.get());
            }
        }

        assertThat(made).containsOnlyOnce(true);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        TokenRow admin = live(auth, Files.readString(file).strip());
        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        assertThat(DSL.using(auth, org.jooq.SQLDialect.POSTGRES).fetchCount(TOKEN, TOKEN.ROLE.eq("admin"))).isEqualTo(1);
        assertThat(TokenBootstrap.ensureAdminToken(auth, home.resolve("elsewhere"))).as("a live admin token exists").isFalse();
        assertThat(home.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void aServiceTokenIsMadeWhenItsFileIsMissingKeptWhileLiveAndReplacedOnceRevoked() throws Exception {
        PGSimpleDataSource auth = dataSource("bootstrap_service");
        Path file = home.resolve("tokens/ingest-service");

        assertThat(TokenBootstrap.ensureServiceToken(auth, ServiceName.INGEST_SERVICE, file)).isTrue();
        String first = Files.readString(file).strip();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        TokenRow token = live(auth, first);
        assertThat(token.role()).isEqualTo(Role.SERVICE);
        assertThat(token.label()).isEqualTo("ingest-service");

        assertThat(TokenBootstrap.ensureServiceToken(auth, ServiceName.INGEST_SERVICE, file)).as("live: kept").isFalse();
        assertThat(Files.readString(file).strip()).isEqualTo(first);

        new TokenRepository(DSL.using(auth, org.jooq.SQLDialect.POSTGRES)).revoke(token.id());
        assertThat(TokenBootstrap.ensureServiceToken(auth, ServiceName.INGEST_SERVICE, file)).as("revoked: replaced").isTrue();
        assertThat(live(auth, Files.readString(file).strip()).label()).isEqualTo("ingest-service");
        assertThat(Files.readString(file).strip()).isNotEqualTo(first);

        Path planner = home.resolve("tokens/planner");
        Files.copy(file, planner);
        assertThat(TokenBootstrap.ensureServiceToken(auth, ServiceName.PLANNER, planner)).as("another service's token: replaced").isTrue();
        assertThat(live(auth, Files.readString(planner).strip()).label()).isEqualTo("planner");
    }

    private static TokenRow live(PGSimpleDataSource auth, String secret) {
        return new TokenRepository(DSL.using(auth, org.jooq.SQLDialect.POSTGRES)).findLiveBySecretHash(TokenSecrets.hash(secret))
                .orElseThrow(() -> new AssertionError("no live token for the file's secret"));
    }

    private static PGSimpleDataSource dataSource(String hint) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(TemporaryPostgres.freshDatabase(hint));
        return dataSource;
    }
}
