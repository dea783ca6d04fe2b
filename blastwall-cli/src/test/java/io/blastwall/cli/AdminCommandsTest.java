package io.blastwall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastwall.core.store.TokenHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** principal and token commands, in-process on a temporary SQLite data directory. */
class AdminCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CliRun bw(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(dir.toString());
        return CliRun.of(all.toArray(String[]::new));
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private List<String> ledgerActions() throws IOException {
        CliRun r = bw("ledger", "export");
        assertThat(r.code()).isZero();
        List<String> out = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) out.add(json(line).get("action").asText() + " by " + json(line).get("actor").asText());
        return out;
    }

    private String sqlOne(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("blastwall.db"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private void aliceAndAgent() {
        assertThat(bw("principal", "add", "alice", "--human", "--role", "senior", "--role", "admin", "--name", "Alice A",
                "--actor", "ops:root").code()).isZero();
        assertThat(bw("principal", "add", "agent:copilot", "--agent", "--on-behalf-of", "alice", "--model", "m-1",
                "--actor", "ops:root").code()).isZero();
    }

    @Test
    void createsPrincipalsAndATokenThatIsPrintedOnceAndStoredOnlyAsItsHash() throws Exception {
        aliceAndAgent();
        CliRun created = bw("token", "create", "--principal", "agent:copilot", "--name", "ci", "--expires-in", "30d",
                "--actor", "ops:root");
        assertThat(created.code()).isZero();
        String token = created.out().strip();
        assertThat(token).matches("bw_[A-Za-z0-9_-]{43}");
        assertThat(created.err()).contains("created token tok_").contains("for agent:copilot (ci)").contains("shown once");
        String id = created.err().replaceAll("(?s).*created token (tok_[0-9a-f]{16}).*", "$1");

        // only the hash is stored: SHA-256 hex of the token's UTF-8 bytes
        assertThat(sqlOne("SELECT token_hash FROM api_tokens WHERE id = '" + id + "'")).isEqualTo(TokenHash.of(token));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain(token);
            }
        }

        CliRun list = bw("token", "list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains(id).contains("agent:copilot").contains("ci").contains("active")
                .doesNotContain(token).doesNotContain(TokenHash.of(token)).doesNotContain(TokenHash.of(token).substring(0, 16));
        JsonNode listed = json(bw("token", "list", "--principal", "agent:copilot", "--format", "json").out()).get(0);
        assertThat(listed.get("id").asText()).isEqualTo(id);
        assertThat(listed.has("tokenHash")).isFalse();
        assertThat(listed.has("token")).isFalse();
        assertThat(Duration.between(Instant.parse(listed.get("createdAt").asText()),
                Instant.parse(listed.get("expiresAt").asText()))).isEqualTo(Duration.ofDays(30));
        assertThat(json(bw("token", "list", "--principal", "alice", "--format", "json").out())).isEmpty();

        CliRun principals = bw("principal", "list");
        assertThat(principals.out()).contains("alice").contains("senior,admin").contains("Alice A")
                .contains("agent:copilot").contains("m-1");

        String ledger = bw("ledger", "export").out();
        assertThat(ledger).contains("\"token\":\"" + id + "\"").doesNotContain(token).doesNotContain(TokenHash.of(token));
        assertThat(ledgerActions()).containsExactly("principal.created by ops:root", "principal.created by ops:root",
                "token.created by ops:root");
        assertThat(bw("ledger", "verify").out()).startsWith("ledger intact: 3 entries, head ");
    }

    @Test
    void jsonCreationCarriesTheTokenAndTheDefaultActorIsTheLocalUser() throws Exception {
        assertThat(bw("principal", "add", "bob", "--human").code()).isZero();
        CliRun r = bw("token", "create", "--principal", "bob", "--format", "json", "--expires-at", "2999-01-01T00:00:00+01:00");
        assertThat(r.code()).isZero();
        JsonNode j = json(r.out());
        assertThat(TokenHash.looksLikeToken(j.get("token").asText())).isTrue();
        assertThat(j.get("expiresAt").asText()).isEqualTo("2998-12-31T23:00:00Z");
        assertThat(j.get("status").asText()).isEqualTo("active");
        assertThat(ledgerActions()).containsExactly("principal.created by local:" + System.getProperty("user.name"),
                "token.created by local:" + System.getProperty("user.name"));
    }

    @Test
    void revokeAndExpireEndATokenAndAreLedgered() throws Exception {
        aliceAndAgent();
        String a = json(bw("token", "create", "--principal", "alice", "--format", "json").out()).get("id").asText();
        String b = json(bw("token", "create", "--principal", "alice", "--format", "json").out()).get("id").asText();

        CliRun revoked = bw("token", "revoke", a, "--actor", "ops:sec");
        assertThat(revoked.code()).isZero();
        assertThat(revoked.out()).contains("revoked token " + a + " of alice");
        assertThat(bw("token", "revoke", a).out()).contains("already revoked").contains("nothing changed");

        CliRun expired = bw("token", "expire", b, "--actor", "ops:sec");
        assertThat(expired.code()).isZero();
        assertThat(expired.out()).contains("token " + b + " of alice expired now");

        JsonNode list = json(bw("token", "list", "--format", "json").out());
        assertThat(list).hasSize(2);
        for (JsonNode t : list) {
            if (t.get("id").asText().equals(a)) {
                assertThat(t.get("status").asText()).isEqualTo("revoked");
                assertThat(t.get("revokedAt").isNull()).isFalse();
            } else {
                assertThat(t.get("status").asText()).isEqualTo("expired");
                assertThat(t.get("revokedAt").isNull()).isTrue();
            }
        }
        // the revoke that changed nothing wrote nothing
        assertThat(ledgerActions()).containsExactly("principal.created by ops:root", "principal.created by ops:root",
                "token.created by local:" + System.getProperty("user.name"),
                "token.created by local:" + System.getProperty("user.name"),
                "token.revoked by ops:sec", "token.expired by ops:sec");

        CliRun unknown = bw("token", "revoke", "tok_0000000000000000");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("ID: no token tok_0000000000000000 exists");
    }

    @Test
    void anAgentMustNameAnExistingHumanItActsFor() throws Exception {
        CliRun noHuman = bw("principal", "add", "agent:x", "--agent", "--model", "m");
        assertThat(noHuman.code()).isEqualTo(2);
        assertThat(noHuman.err()).contains("--on-behalf-of: an agent must name the human it acts for").doesNotContain("Exception");

        CliRun ghost = bw("principal", "add", "agent:x", "--agent", "--on-behalf-of", "ghost");
        assertThat(ghost.code()).isEqualTo(2);
        assertThat(ghost.err()).contains("--on-behalf-of: no principal ghost exists");

        aliceAndAgent();
        CliRun viaAgent = bw("principal", "add", "agent:y", "--agent", "--on-behalf-of", "agent:copilot");
        assertThat(viaAgent.code()).isEqualTo(2);
        assertThat(viaAgent.err()).contains("agent:copilot is an agent; an agent acts for a human");

        CliRun withRole = bw("principal", "add", "agent:y", "--agent", "--on-behalf-of", "alice", "--role", "admin");
        assertThat(withRole.code()).isEqualTo(2);
        assertThat(withRole.err()).contains("--role: roles are for humans");

        CliRun humanWithModel = bw("principal", "add", "carol", "--human", "--model", "m");
        assertThat(humanWithModel.code()).isEqualTo(2);
        assertThat(humanWithModel.err()).contains("--model: --on-behalf-of and --model describe an agent");

        assertThat(bw("principal", "add", "dave").err()).contains("exactly one of --human or --agent");
        assertThat(bw("principal", "add", "dave", "--human", "--role", "Senior").err()).contains("--role: expected a lower-case role");
        assertThat(bw("principal", "add", "bad id", "--human").err()).contains("ID: expected an id");
        CliRun dup = bw("principal", "add", "alice", "--human");
        assertThat(dup.code()).isEqualTo(2);
        assertThat(dup.err()).contains("a principal alice already exists");

        // refused commands wrote nothing
        assertThat(ledgerActions()).hasSize(2);
        assertThat(json(bw("principal", "list", "--format", "json").out())).hasSize(2);
    }

    @Test
    void aDisabledPrincipalGetsNoNewToken() throws Exception {
        aliceAndAgent();
        CliRun d = bw("principal", "disable", "agent:copilot", "--actor", "ops:sec");
        assertThat(d.code()).isZero();
        assertThat(d.out()).contains("disabled agent:copilot");
        assertThat(bw("principal", "disable", "agent:copilot").out()).contains("already disabled");
        assertThat(bw("principal", "list").out()).containsPattern("agent:copilot .* disabled");
        CliRun t = bw("token", "create", "--principal", "agent:copilot");
        assertThat(t.code()).isEqualTo(2);
        assertThat(t.err()).contains("--principal: agent:copilot is disabled");
        assertThat(t.out()).isEmpty();
        assertThat(bw("principal", "disable", "nobody").err()).contains("no principal nobody exists");
        assertThat(ledgerActions()).endsWith("principal.disabled by ops:sec");
    }

    @Test
    void badExpiriesAreRefusedWithTheirPlace() {
        aliceAndAgent();
        CliRun both = bw("token", "create", "--principal", "alice", "--expires-in", "1d", "--expires-at", "2999-01-01T00:00:00Z");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--expires-at: give --expires-in or --expires-at, not both");
        assertThat(bw("token", "create", "--principal", "alice", "--expires-in", "soon").err())
                .contains("--expires-in: expected a duration such as 30d");
        assertThat(bw("token", "create", "--principal", "alice", "--expires-in", "0d").err())
                .contains("--expires-in: expected a positive duration");
        assertThat(bw("token", "create", "--principal", "alice", "--expires-at", "2000-01-01T00:00:00Z").err())
                .contains("--expires-at: the expiry 2000-01-01T00:00:00Z is not in the future");
        assertThat(bw("token", "create", "--principal", "alice", "--expires-at", "tomorrow").err())
                .contains("--expires-at: expected an RFC 3339 time");
        assertThat(bw("token", "create", "--principal", "nobody").err()).contains("--principal: no principal nobody exists");
        assertThat(bw("token", "list", "--format", "json").out().strip()).isEqualTo("[ ]");
    }

    @Test
    void aMalformedDatabaseUrlIsBadInputAndAnUnreachableOneAnOperationalFailure() {
        CliRun bad = CliRun.of("principal", "list", "--db", "mysql://u:pw@h/db");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--db: unsupported database URL scheme 'mysql:'").contains("sqlite:").doesNotContain("pw@");

        CliRun both = CliRun.of("principal", "list", "--db", "sqlite:" + dir.resolve("x.db"), "--data-dir", dir.toString());
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("give either --db or --data-dir");
        assertThat(CliRun.of("principal", "list", "--connect-timeout", "0").err()).contains("--connect-timeout: expected");

        // port 1 on loopback: connection refused at once
        CliRun down = CliRun.of("ledger", "verify", "--db", "postgresql://u:s3cret@127.0.0.1:1/blastwall",
                "--connect-timeout", "1");
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.err()).contains("blastwall: the database cannot be used:").contains("cannot be reached")
                .doesNotContain("s3cret").doesNotContain("\tat ");
        assertThat(down.out()).isEmpty();
    }

    @Test
    void aFileThatIsNotADatabaseIsReportedWithoutAStackTrace() throws IOException {
        Files.writeString(dir.resolve("blastwall.db"), "this is not a database, just text long enough to be a header".repeat(20));
        CliRun r = bw("principal", "list");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("blastwall: ").doesNotContain("\tat ");
    }
}
