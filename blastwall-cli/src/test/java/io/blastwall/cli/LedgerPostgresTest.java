package io.blastwall.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin commands and ledger verify against a real PostgreSQL server (io.zonky embedded binaries). */
class LedgerPostgresTest {

    // keep a strong reference: java.util.logging forgets loggers configured only through a temporary
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

    private static EmbeddedPostgres pg;

    @BeforeAll
    static void start() throws IOException {
        FLYWAY_LOG.setLevel(Level.WARNING);
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (pg != null) pg.close();
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String st : statements) s.execute(st);
        }
    }

    @Test
    void verifiesTheLedgerOnPostgresqlAndFindsATamperedRow() throws SQLException {
        sql("CREATE SCHEMA cliops");
        String db = "postgresql://postgres@localhost:" + pg.getPort() + "/postgres?currentSchema=cliops";

        assertThat(CliRun.of("principal", "add", "alice", "--human", "--role", "senior", "--db", db).code()).isZero();
        assertThat(CliRun.of("principal", "add", "agent:copilot", "--agent", "--on-behalf-of", "alice", "--db", db).code()).isZero();
        CliRun token = CliRun.of("token", "create", "--principal", "agent:copilot", "--expires-in", "7d", "--db", db);
        assertThat(token.code()).isZero();
        assertThat(token.out()).startsWith("bw_");

        CliRun intact = CliRun.of("ledger", "verify", "--db", db);
        assertThat(intact.code()).isZero();
        assertThat(intact.out()).startsWith("ledger intact: 3 entries, head ");

        sql("UPDATE cliops.ledger SET payload = '{\"principal\":\"agent:copilot\",\"token\":\"tok_forged\"}' WHERE seq = 3");
        CliRun broken = CliRun.of("ledger", "verify", "--db", db);
        assertThat(broken.code()).isEqualTo(LedgerCommand.EXIT_BROKEN);
        assertThat(broken.out().strip()).isEqualTo("ledger broken at entry 3: its content does not match its hash: the entry was altered");

        sql("DELETE FROM cliops.ledger WHERE seq = 2");
        assertThat(CliRun.of("ledger", "verify", "--db", db).out().strip())
                .isEqualTo("ledger broken at entry 2: entry 2 is missing (next present is 3)");
    }
}
