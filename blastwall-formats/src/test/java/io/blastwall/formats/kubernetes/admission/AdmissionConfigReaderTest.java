package io.blastwall.formats.kubernetes.admission;

import io.blastwall.core.BadInputException;
import io.blastwall.formats.kubernetes.admission.AdmissionRequest.UserInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AdmissionConfigReaderTest {

    @Test
    void exampleConfigMatchesAgentsByUsernameGroupServiceAccountAndGlob() {
        AdmissionConfig c = AdmissionConfigReader.read(Path.of("..", "examples", "kubernetes", "admission-config.yaml"));
        assertThat(c.agents().match(user("system:serviceaccount:agents:deploy-bot"))).contains("service account agents:*");
        assertThat(c.agents().match(user("claude-ops"))).contains("username claude-*");
        assertThat(c.agents().match(new UserInfo("x", "", List.of("ai-agents"), Map.of()))).contains("group ai-agents");
        assertThat(c.agents().match(user("jane@example.com"))).isEmpty();
        assertThat(c.agents().match(user("system:serviceaccount:shop:checkout"))).isEmpty();
        assertThat(c.exempt().match(user("system:kube-controller-manager"))).isPresent();
        assertThat(c.agentsOnError()).isEqualTo(AdmissionConfig.OnError.DENY);
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void mistakesNameLineAndPath(@TempDir Path dir) throws IOException {
        String head = "apiVersion: blastwall.io/v1\nkind: AdmissionConfig\n";
        BadInputException typo = bad(dir, head + "agent:\n  usernames: [bot]\n");
        assertThat(typo.getMessage()).contains("$.agent").contains("admission.yaml:").contains("unknown key");
        BadInputException sa = bad(dir, head + "agents:\n  serviceAccounts:\n    - system:serviceaccount:a:b\n");
        assertThat(sa.getMessage()).contains("$.agents.serviceAccounts[0]").contains("namespace:name");
        BadInputException on = bad(dir, head + "onError:\n  humans: maybe\n");
        assertThat(on.getMessage()).contains("$.onError.humans").contains("deny or allow");
        assertThat(bad(dir, "kind: AdmissionConfig\n").getMessage()).contains("$.apiVersion");
    }

    private static BadInputException bad(Path dir, String text) throws IOException {
        Path f = Files.writeString(dir.resolve("admission.yaml"), text);
        return assertThrows(BadInputException.class, () -> AdmissionConfigReader.read(f));
    }

    private static UserInfo user(String name) {
        return new UserInfo(name, "", List.of(), Map.of());
    }
}
