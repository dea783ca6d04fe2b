package io.blastwall.formats.change;

import io.blastwall.core.canonical.CanonicalJson;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.ChangeCodec;
import io.blastwall.core.change.Provenance;
import io.blastwall.formats.ChangeReaders;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The stored form of a change must give back the same change, and must not hold sensitive values. */
class ChangeCodecTest {

    private static Path examples() {
        String root = System.getProperty("blastwall.root");
        return Path.of(root != null ? root : "..").resolve("examples/changes");
    }

    @SuppressWarnings("unchecked")
    private static Change roundTrip(Change c) throws Exception {
        // through canonical JSON text, as the store keeps it
        String text = CanonicalJson.write(ChangeCodec.encode(c));
        Map<String, Object> tree = new com.fasterxml.jackson.databind.ObjectMapper().readValue(text, Map.class);
        return ChangeCodec.decode(tree, c.author());
    }

    @Test
    void everyExampleChangeSurvivesTheRoundTrip() throws Exception {
        for (String name : List.of("01-human-config-timeout.yaml", "02-agent-recreate-orders-db.json", "04-agent-global-flag-push.yaml",
                "05-human-search-tags.json", "06-agent-detach-lb-targets.json", "07-agent-unknown-resource.json")) {
            Change c = ChangeReaders.read(List.of(examples().resolve(name)), Optional.empty(), false);
            Change back = roundTrip(c);
            assertThat(back.actions()).as(name).hasSameSizeAs(c.actions());
            for (int i = 0; i < c.actions().size(); i++) {
                Action a = c.actions().get(i), b = back.actions().get(i);
                assertThat(b.kind()).as(name + " " + a.address()).isEqualTo(a.kind());
                assertThat(b.target()).isEqualTo(a.target());
                assertThat(b.address()).isEqualTo(a.address());
                assertThat(b.where()).isEqualTo(a.where());
                assertThat(CanonicalJson.write(b.attributes())).isEqualTo(CanonicalJson.write(a.attributes()));
            }
            assertThat(back.hash()).isEqualTo(c.hash());
            assertThat(back.scope()).isEqualTo(c.scope());
            assertThat(back.labels()).isEqualTo(c.labels());
            assertThat(back.notes()).isEqualTo(c.notes());
        }
    }

    @Test
    void theStoredFormOfAPlanWithSensitiveValuesHoldsNoneOfThem() throws Exception {
        String fixtures = System.getProperty("blastwall.fixtures");
        Path plan = fixtures == null ? null : Path.of(fixtures, "opentofu-show-json", "sensitive-values.json");
        assumeThat(plan != null && Files.exists(plan)).as("shared fixtures present").isTrue();
        Change c = ChangeReaders.read(List.of(plan), Optional.empty(), false).withAuthor(Provenance.human("alice"));
        String stored = CanonicalJson.write(ChangeCodec.encode(c));
        // the fixture's sensitive attribute (ami = "boop", also a variable's value) must not be stored; its path may be
        assertThat(stored).doesNotContain("boop");
        assertThat(roundTrip(c).actions().get(0).kind()).isEqualTo(c.actions().get(0).kind());
    }
}
