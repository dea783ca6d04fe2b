package io.blastwall.server;

import io.blastwall.core.canonical.CanonicalJson;
import io.blastwall.core.change.Change;
import io.blastwall.core.controlplane.Config;
import io.blastwall.core.verdict.Assessor;
import io.blastwall.formats.ChangeReaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control plane keeps the analysis view it rendered as the tree of the stored text when the view is a plain JSON
 * tree ({@link CanonicalJson#isPlain}), instead of reading the text back. That is only right if the view of real
 * analyses is plain and reads back as the same document; this pins both for every example change.
 */
class AnalysisViewTest {

    private static final Path ROOT = TestEnv.root();

    @ParameterizedTest
    @ValueSource(strings = {"01-human-config-timeout.yaml", "02-agent-recreate-orders-db.json", "03-agent-scale-down-checkout/desired.yaml",
            "04-agent-global-flag-push.yaml", "05-human-search-tags.json", "06-agent-detach-lb-targets.json",
            "07-agent-unknown-resource.json"})
    void theViewOfEveryExampleIsPlainAndReadsBackAsTheSameDocument(String example) {
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC); // a Wednesday: no freeze
        Config cfg = ConfigLoader.load(List.of(ROOT.resolve("examples/estate/shop.yaml")),
                List.of(ROOT.resolve("blastwall-formats/src/main/resources/io/blastwall/policies/default")), clock);
        Change change = ChangeReaders.read(List.of(ROOT.resolve("examples/changes").resolve(example)), Optional.empty(), false);
        Map<String, Object> view = ControlPlanes.view(new Assessor(cfg.estate(), cfg.policies(), clock).assess(change));

        assertThat(CanonicalJson.isPlain(view)).isTrue();
        Object readBack = Json.INSTANCE.read(Json.write(view, false));
        assertThat(CanonicalJson.write(view)).isEqualTo(CanonicalJson.write(readBack));
        assertThat(((List<?>) view.get("explanation"))).isNotEmpty();
    }
}
