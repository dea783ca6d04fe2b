package io.blastwall.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The admission webhook options of {@code blastwall serve}: mistakes stop it with exit 2 before anything starts. */
class ServeAdmissionOptionsTest {

    @TempDir
    Path dir;

    private CliRun serve(String... more) {
        String[] base = {"serve", "--data-dir", dir.toString(), "--port", "0", "--warm-up", "0",
                "--estate", CliRun.root().resolve("examples/estate/shop.yaml").toString()};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    @Test
    void aBadAdmissionConfigNamesFileAndLine() throws IOException {
        Path cfg = Files.writeString(dir.resolve("admission.yaml"),
                "apiVersion: blastwall.io/v1\nkind: AdmissionConfig\nagents:\n  usernmes: [bot]\n");
        CliRun r = serve("--admission-config", cfg.toString(), "--admission-plain-http");
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("admission.yaml:4").contains("$.agents.usernmes").contains("unknown key");
    }

    @Test
    void theWebhookNeedsTlsOrAnExplicitPlainHttp() {
        CliRun r = serve("--admission-config", CliRun.root().resolve("examples/kubernetes/admission-config.yaml").toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("--admission-tls-cert").contains("HTTPS");
    }

    @Test
    void aMissingKeyFileIsNamed() throws IOException {
        Path cert = Files.writeString(dir.resolve("tls.crt"), "not a certificate");
        CliRun r = serve("--admission-config", CliRun.root().resolve("examples/kubernetes/admission-config.yaml").toString(),
                "--admission-tls-cert", cert.toString(), "--admission-tls-key", dir.resolve("tls.key").toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("tls.crt");
    }
}
