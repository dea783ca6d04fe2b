package io.blastwall.formats.estate;

import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.EstateBuilder;
import io.blastwall.core.estate.NodeKind;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The same estate written as JSON and as YAML loads into the same graph with the same attributes. */
class JsonYamlEquivalenceTest {

    record Dep(int target, String type) { }

    record Node(String kind, int tier, String owner, String region, List<String> zones, Boolean stateful,
                Double capacity, Integer replicas, String label, List<Dep> deps) { }

    @Provide
    Arbitrary<List<Node>> estates() {
        Arbitrary<String> kinds = Arbitraries.of("service", "datastore", "queue", "cache", "load-balancer", "dns", "db");
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', ' ', ':', '#', '"', 'é')
                .ofMinLength(1).ofMaxLength(12).filter(s -> !s.isBlank());
        Arbitrary<List<String>> zones = names.list().ofMaxSize(3);
        Arbitrary<Dep> deps = Combinators.combine(Arbitraries.integers().between(0, 29),
                Arbitraries.of("hard", "soft", "async")).as(Dep::new);
        Arbitrary<Node> node = Combinators.combine(kinds, Arbitraries.integers().between(0, 3), names, names, zones,
                Arbitraries.of(true, false).injectNull(0.5), Arbitraries.doubles().between(0, 1e6).ofScale(2).injectNull(0.3),
                Arbitraries.integers().between(0, 50).injectNull(0.3)).as((k, t, o, r, z, s, c, rep) ->
                new Node(k, t, o, r, z, s, c, rep, null, List.of()));
        return Combinators.combine(node, names.injectNull(0.5), deps.list().ofMaxSize(4))
                .as((n, label, d) -> new Node(n.kind(), n.tier(), n.owner(), n.region(), n.zones(), n.stateful(),
                        n.capacity(), n.replicas(), label, d))
                .list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 60)
    void jsonAndYamlLoadTheSame(@ForAll("estates") List<Node> nodes) {
        Estate fromJson = load("e.json", json(nodes), EstateFileReader.Syntax.JSON);
        Estate fromYaml = load("e.yaml", yaml(nodes), EstateFileReader.Syntax.YAML);
        assertThat(describe(fromYaml)).isEqualTo(describe(fromJson));
        assertThat(fromJson.nodeCount()).isEqualTo(nodes.size());
    }

    private static Estate load(String name, String text, EstateFileReader.Syntax syntax) {
        EstateBuilder b = new EstateBuilder();
        new EstateFileReader().read(name, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), syntax, b);
        return b.build();
    }

    private static List<String> describe(Estate e) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < e.nodeCount(); i++) {
            out.add(String.join("|", e.id(i), e.kind(i).name(), "" + e.tier(i), e.owner(i), e.region(i),
                    e.zones(i).toString(), "" + e.stateful(i), "" + e.capacity(i), "" + e.replicas(i), e.labels(i).toString()));
            for (int k = e.dependenciesStart(i); k < e.dependenciesEnd(i); k++) {
                out.add("  -> " + e.id(e.dependencyAt(k)) + " " + e.dependencyTypeAt(k));
            }
        }
        return out;
    }

    private static String q(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String json(List<Node> nodes) {
        StringBuilder sb = new StringBuilder("{\"apiVersion\": \"blastwall.io/v1\", \"kind\": \"Estate\", \"nodes\": [");
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (i > 0) sb.append(',');
            sb.append("\n {\"id\": ").append(q("n" + i)).append(", \"kind\": ").append(q(n.kind()))
                    .append(", \"tier\": ").append(n.tier()).append(", \"owner\": ").append(q(n.owner()))
                    .append(", \"region\": ").append(q(n.region())).append(", \"zones\": [");
            for (int z = 0; z < n.zones().size(); z++) sb.append(z > 0 ? ", " : "").append(q(n.zones().get(z)));
            sb.append(']');
            if (n.stateful() != null) sb.append(", \"stateful\": ").append(n.stateful());
            if (n.capacity() != null) sb.append(", \"capacity\": ").append(String.format(Locale.ROOT, "%.2f", n.capacity()));
            if (n.replicas() != null) sb.append(", \"replicas\": ").append(n.replicas());
            if (n.label() != null) sb.append(", \"labels\": {\"app\": ").append(q(n.label())).append('}');
            sb.append(", \"dependsOn\": [");
            for (int d = 0; d < n.deps().size(); d++) {
                Dep dep = n.deps().get(d);
                sb.append(d > 0 ? ", " : "").append("{\"id\": ").append(q("n" + (dep.target() % nodes.size())))
                        .append(", \"type\": ").append(q(dep.type())).append('}');
            }
            sb.append("]}");
        }
        return sb.append("\n]}\n").toString();
    }

    private static String yaml(List<Node> nodes) {
        StringBuilder sb = new StringBuilder("apiVersion: blastwall.io/v1\nkind: Estate\nnodes:\n");
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            sb.append("  - id: n").append(i).append('\n');
            sb.append("    kind: ").append(n.kind()).append('\n');
            sb.append("    tier: ").append(n.tier()).append('\n');
            sb.append("    owner: ").append(q(n.owner())).append('\n');
            sb.append("    region: ").append(q(n.region())).append('\n');
            if (!n.zones().isEmpty()) {
                sb.append("    zones:\n");
                for (String z : n.zones()) sb.append("      - ").append(q(z)).append('\n');
            }
            if (n.stateful() != null) sb.append("    stateful: ").append(n.stateful()).append('\n');
            if (n.capacity() != null) sb.append("    capacity: ").append(String.format(Locale.ROOT, "%.2f", n.capacity())).append('\n');
            if (n.replicas() != null) sb.append("    replicas: ").append(n.replicas()).append('\n');
            if (n.label() != null) sb.append("    labels:\n      app: ").append(q(n.label())).append('\n');
            if (!n.deps().isEmpty()) {
                sb.append("    dependsOn:\n");
                for (Dep dep : n.deps()) {
                    String target = "n" + (dep.target() % nodes.size());
                    if (dep.type().equals("hard")) sb.append("      - ").append(target).append('\n');
                    else sb.append("      - id: ").append(target).append("\n        type: ").append(dep.type()).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
