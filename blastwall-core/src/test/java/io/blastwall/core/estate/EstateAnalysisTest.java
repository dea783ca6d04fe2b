package io.blastwall.core.estate;

import io.blastwall.core.SourceLocation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class EstateAnalysisTest {

    record Edge(int from, int to, EdgeType type) { }

    record Graph(int nodes, List<Edge> edges) { }

    @Provide
    Arbitrary<Graph> graphs() {
        return Arbitraries.integers().between(1, 12).flatMap(n -> Combinators.combine(
                        Arbitraries.integers().between(0, n - 1), Arbitraries.integers().between(0, n - 1),
                        Arbitraries.of(EdgeType.HARD, EdgeType.HARD, EdgeType.SOFT, EdgeType.ASYNC))
                .as(Edge::new).list().ofMaxSize(3 * n).map(edges -> new Graph(n, edges)));
    }

    private static Estate build(Graph g) {
        EstateBuilder b = new EstateBuilder();
        for (int i = 0; i < g.nodes(); i++) b.addNode(NodeSpec.of("n" + i, NodeKind.SERVICE), SourceLocation.UNKNOWN);
        for (Edge e : g.edges()) b.addEdge("n" + e.from(), "n" + e.to(), e.type(), SourceLocation.UNKNOWN);
        return b.build();
    }

    /** Reference: Floyd-Warshall reachability over the edges that stay HARD after the builder's merge. */
    private static Set<Set<String>> naiveCycles(Estate e) {
        int n = e.nodeCount();
        boolean[][] reach = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = e.dependenciesStart(i); k < e.dependenciesEnd(i); k++) {
                if (e.dependencyTypeAt(k) == EdgeType.HARD) reach[i][e.dependencyAt(k)] = true;
            }
        }
        for (int m = 0; m < n; m++) for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
            if (reach[i][m] && reach[m][j]) reach[i][j] = true;
        }
        Set<Set<String>> out = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Set<String> scc = new TreeSet<>();
            scc.add(e.id(i));
            for (int j = 0; j < n; j++) if (reach[i][j] && reach[j][i]) scc.add(e.id(j));
            if (scc.size() > 1) out.add(scc);
        }
        return out;
    }

    @Property(tries = 300)
    void cyclesAreTheHardStronglyConnectedComponents(@ForAll("graphs") Graph g) {
        Estate e = build(g);
        Set<Set<String>> found = new HashSet<>();
        for (int[] c : EstateAnalysis.hardCycleComponents(e)) {
            Set<String> ids = new TreeSet<>();
            for (int i : c) ids.add(e.id(i));
            assertThat(found.add(ids)).as("each component once").isTrue();
        }
        assertThat(found).isEqualTo(naiveCycles(e));
    }

    @Property(tries = 200)
    void shownCyclePathsFollowHardEdgesInsideTheComponent(@ForAll("graphs") Graph g) {
        Estate e = build(g);
        EstateAnalysis a = EstateAnalysis.of(e);
        assertThat(a.hardCycleCount()).isEqualTo(naiveCycles(e).size());
        for (EstateAnalysis.Cycle c : a.hardCycles()) {
            List<String> path = c.path();
            assertThat(path.getFirst()).isEqualTo(path.getLast()).isEqualTo(c.members().getFirst());
            assertThat(new HashSet<>(path)).hasSize(path.size() - 1); // a simple cycle
            for (int k = 0; k + 1 < path.size(); k++) {
                assertThat(hardEdge(e, path.get(k), path.get(k + 1))).as(path.get(k) + " -> " + path.get(k + 1)).isTrue();
                assertThat(c.members()).contains(path.get(k));
            }
        }
    }

    private static boolean hardEdge(Estate e, String from, String to) {
        int a = e.indexOf(from), b = e.indexOf(to);
        for (int k = e.dependenciesStart(a); k < e.dependenciesEnd(a); k++) {
            if (e.dependencyAt(k) == b && e.dependencyTypeAt(k) == EdgeType.HARD) return true;
        }
        return false;
    }

    @Test
    void aMillionNodeHardRingIsOneCycleWithoutStackOverflow() {
        int n = 1_000_000;
        EstateBuilder b = new EstateBuilder();
        for (int i = 0; i < n; i++) b.addNode(NodeSpec.of("n" + i, NodeKind.SERVICE), SourceLocation.UNKNOWN);
        for (int i = 0; i < n; i++) b.addEdge("n" + i, "n" + ((i + 1) % n), EdgeType.HARD, SourceLocation.UNKNOWN);
        Estate e = b.build();
        EstateAnalysis a = EstateAnalysis.of(e);
        assertThat(a.hardCycleCount()).isEqualTo(1);
        assertThat(a.nodesInHardCycles()).isEqualTo(n);
        EstateAnalysis.Cycle c = a.hardCycles().getFirst();
        assertThat(c.size()).isEqualTo(n);
        assertThat(c.members()).hasSize(EstateAnalysis.MAX_CYCLE_MEMBERS_LISTED);
        assertThat(c.path()).hasSize(EstateAnalysis.MAX_CYCLE_MEMBERS_LISTED + 2).contains("...");
        assertThat(c.path().subList(0, 3)).containsExactly("n0", "n1", "n2");
    }

    @Test
    void aMillionNodeChainHasNoCycle() {
        int n = 1_000_000;
        EstateBuilder b = new EstateBuilder();
        for (int i = 0; i < n; i++) b.addNode(NodeSpec.of("n" + i, NodeKind.SERVICE), SourceLocation.UNKNOWN);
        for (int i = 0; i + 1 < n; i++) b.addEdge("n" + (i + 1), "n" + i, EdgeType.HARD, SourceLocation.UNKNOWN);
        assertThat(EstateAnalysis.hardCycleComponents(b.build())).isEmpty();
    }

    @Test
    void countsAndBreakdowns() {
        EstateBuilder b = new EstateBuilder();
        b.addNode(new NodeSpec("dns", NodeKind.DNS, 0, "team-edge", "shop", "", List.of(), "", "", false,
                Double.NaN, Double.NaN, 0, 1.0, Map.of(), List.of()), SourceLocation.UNKNOWN);
        b.addNode(new NodeSpec("api", NodeKind.SERVICE, 1, "", "shop", "eu", List.of("eu-a"), "", "", false,
                100, 50, 2, 0, Map.of(), List.of()), SourceLocation.UNKNOWN);
        b.addNode(new NodeSpec("db", NodeKind.DATASTORE, 0, "team-db", "shop", "eu", List.of(), "", "", true,
                Double.NaN, Double.NaN, 0, 0, Map.of(), List.of()), SourceLocation.UNKNOWN);
        b.addNode(new NodeSpec("queue", NodeKind.QUEUE, 2, "team-db", "shop", "us", List.of(), "", "", true,
                Double.NaN, Double.NaN, 0, 0, Map.of(), List.of()), SourceLocation.UNKNOWN);
        b.addNode(NodeSpec.of("lonely", NodeKind.OTHER), SourceLocation.UNKNOWN);
        b.addNode(new NodeSpec("api2", NodeKind.SERVICE, 1, "x", "", "eu", List.of(), "", "", false,
                Double.NaN, Double.NaN, 0, 0.25, Map.of(), List.of()), SourceLocation.UNKNOWN);
        b.addEdge("dns", "api", EdgeType.SOFT, SourceLocation.UNKNOWN);
        b.addEdge("api", "db", EdgeType.HARD, SourceLocation.UNKNOWN);
        b.addEdge("db", "api", EdgeType.HARD, SourceLocation.UNKNOWN);
        b.addEdge("api", "queue", EdgeType.ASYNC, SourceLocation.UNKNOWN);
        b.addEdge("api2", "db", EdgeType.HARD, SourceLocation.UNKNOWN);
        EstateAnalysis a = EstateAnalysis.of(b.build());
        assertThat(a.nodeCount()).isEqualTo(6);
        assertThat(a.edgeCount()).isEqualTo(5);
        assertThat(a.nodesByKind()).containsExactly(Map.entry(NodeKind.SERVICE, 2), Map.entry(NodeKind.DATASTORE, 1),
                Map.entry(NodeKind.QUEUE, 1), Map.entry(NodeKind.DNS, 1), Map.entry(NodeKind.OTHER, 1));
        assertThat(a.nodesByTier()).containsExactly(Map.entry(0, 2), Map.entry(1, 2), Map.entry(2, 1), Map.entry(3, 1));
        assertThat(a.nodesByRegion()).containsExactly(Map.entry("", 2), Map.entry("eu", 3), Map.entry("us", 1));
        assertThat(a.edgesByType()).containsExactly(Map.entry(EdgeType.HARD, 3), Map.entry(EdgeType.SOFT, 1),
                Map.entry(EdgeType.ASYNC, 1));
        assertThat(a.entryPoints()).containsExactly(new EstateAnalysis.EntryPoint("dns", 1.0), new EstateAnalysis.EntryPoint("api2", 0.25));
        assertThat(a.entryPointCount()).isEqualTo(2);
        assertThat(a.totalTrafficWeight()).isEqualTo(1.25);
        assertThat(a.statefulCount()).isEqualTo(2);
        assertThat(a.withoutOwner()).containsExactly("api", "lonely");
        assertThat(a.orphans()).containsExactly("lonely");
        assertThat(a.hardCycleCount()).isEqualTo(1);
        assertThat(a.hardCycles().getFirst().path()).containsExactly("api", "db", "api");
        assertThat(a.cycleProblems(SourceLocation.of("e.yaml"))).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("hard-cycle");
            assertThat(p.severity()).isEqualTo(EstateProblem.Severity.WARNING);
            assertThat(p.message()).contains("api -> db -> api").contains("allowed but reported");
        });
        EstateAnalysis capped = EstateAnalysis.of(b.build(), 1);
        assertThat(capped.withoutOwner()).containsExactly("api");
        assertThat(capped.withoutOwnerCount()).isEqualTo(2);
    }
}
