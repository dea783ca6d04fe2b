package io.blastwall.server;

import io.blastwall.core.store.ChangeQuery;
import io.blastwall.core.store.StoredRevision;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plan's sensitive values never reach the database: the revision keeps the change as read (which holds none) and
 * each document's name, size and digest, and a re-check analyses that stored change again.
 */
class SecretsAtRestTest {

    private static final String SECRET = "s3cr3t-db-password-4242";

    @TempDir
    Path dir;
    TestEnv env;

    @BeforeEach
    void start() {
        env = TestEnv.sqlite(dir);
    }

    @AfterEach
    void stop() {
        env.close();
    }

    /** A one-resource plan whose password attribute the plan itself marks sensitive. */
    private static String planWithASecret() {
        return """
                {"format_version": "1.2", "terraform_version": "1.9.0",
                 "planned_values": {"root_module": {}},
                 "resource_changes": [{
                   "address": "aws_db_instance.orders", "mode": "managed", "type": "aws_db_instance", "name": "orders",
                   "provider_name": "registry.terraform.io/hashicorp/aws",
                   "change": {"actions": ["update"],
                     "before": {"password": "old-password-1", "instance_class": "db.r6g.large"},
                     "after": {"password": "%s", "instance_class": "db.r6g.large"},
                     "after_unknown": {}, "before_sensitive": {"password": true}, "after_sensitive": {"password": true}}}],
                 "configuration": {"root_module": {}}}
                """.formatted(SECRET);
    }

    @Test
    void noSensitiveValueIsStoredAndARecheckStillWorks() throws Exception {
        Http.Res submitted = env.http.post("/api/v1/changes", env.token(TestEnv.AGENT),
                Http.submission("plan.json", planWithASecret()));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String id = submitted.json().get("id").asText();

        for (var c : env.store.listChanges(ChangeQuery.all())) {
            for (StoredRevision r : env.store.revisions(c.id())) {
                assertThat(r.content()).doesNotContain(SECRET).doesNotContain("old-password-1").contains("plan.json");
                assertThat(r.analysisJson()).doesNotContain(SECRET);
            }
        }
        env.store.forEachLedgerEntry(e -> assertThat(e.payload().toString()).doesNotContain(SECRET));
        // and not in the database file either (WAL included)
        for (Path f : Files.list(dir).toList()) {
            if (Files.isRegularFile(f)) assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        }
        String state = submitted.json().get("state").asText();
        if (state.equals("awaiting-approval") || state.equals("approved")) {
            Http.Res recheck = env.http.postEmpty("/api/v1/changes/" + id + "/recheck", env.token("erin"));
            assertThat(recheck.status()).as(recheck.body()).isEqualTo(200);
        }
    }
}
