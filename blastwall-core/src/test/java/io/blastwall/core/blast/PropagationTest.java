package io.blastwall.core.blast;

import io.blastwall.core.SourceLocation;
import io.blastwall.core.estate.EdgeType;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.EstateBuilder;
import io.blastwall.core.estate.NodeKind;
import io.blastwall.core.estate.NodeSpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PropagationTest {

    @Test
    void severityFollowsEdgeTypesAndPathIsShortest() {
        // web -hard-> api -hard-> db ; web -hard-> db ; worker -async-> db ; report -soft-> db
        EstateBuilder b = new EstateBuilder();
        for (String id : List.of("web", "api", "db", "worker", "report")) b.addNode(NodeSpec.of(id, NodeKind.SERVICE), SourceLocation.UNKNOWN);
        b.addEdge("web", "api", EdgeType.HARD, null);
        b.addEdge("api", "db", EdgeType.HARD, null);
        b.addEdge("web", "db", EdgeType.HARD, null);
        b.addEdge("worker", "db", EdgeType.ASYNC, null);
        b.addEdge("report", "db", EdgeType.SOFT, null);
        Estate e = b.build();
        Propagation p = Propagation.run(e, new int[]{e.indexOf("db")}, new byte[]{(byte) Severity.DATA_LOSS.ordinal()}, new int[]{0});

        assertThat(p.severity(e.indexOf("db"))).isEqualTo(Severity.DATA_LOSS);
        assertThat(p.severity(e.indexOf("api"))).isEqualTo(Severity.OUTAGE);
        assertThat(p.severity(e.indexOf("web"))).isEqualTo(Severity.OUTAGE);
        assertThat(p.severity(e.indexOf("worker"))).isEqualTo(Severity.DELAYED);
        assertThat(p.severity(e.indexOf("report"))).isEqualTo(Severity.DEGRADED);
        assertThat(p.path(e.indexOf("web"))).containsExactly(e.indexOf("db"), e.indexOf("web"));
        assertThat(p.affectedCount()).isEqualTo(5);
    }

    @Test
    void aWorseLongerPathBeatsAMilderShorterOne() {
        // top -soft-> bottom (degraded, 1 hop) but top -hard-> mid -hard-> bottom (outage, 2 hops)
        EstateBuilder b = new EstateBuilder();
        for (String id : List.of("top", "mid", "bottom")) b.addNode(NodeSpec.of(id, NodeKind.SERVICE), SourceLocation.UNKNOWN);
        b.addEdge("top", "bottom", EdgeType.SOFT, null);
        b.addEdge("top", "mid", EdgeType.HARD, null);
        b.addEdge("mid", "bottom", EdgeType.HARD, null);
        Estate e = b.build();
        Propagation p = Propagation.run(e, new int[]{e.indexOf("bottom")}, new byte[]{(byte) Severity.OUTAGE.ordinal()}, new int[]{0});
        assertThat(p.severity(e.indexOf("top"))).isEqualTo(Severity.OUTAGE);
        assertThat(p.distance(e.indexOf("top"))).isEqualTo(2);
    }

    /**
     * The search must agree with a naive fixpoint: each node's worst severity over all paths, then the fewest hops
     * along a path on which every node's final severity explains the next one's.
     */
    @Property(tries = 200)
    void agreesWithANaiveFixpoint(@ForAll @IntRange(min = 1, max = 60) int n, @ForAll long seed) {
        Random r = new Random(seed);
        EstateBuilder b = new EstateBuilder();
        for (int i = 0; i < n; i++) b.addNode(NodeSpec.of("n" + i, NodeKind.SERVICE), SourceLocation.UNKNOWN);
        int m = r.nextInt(n * 3 + 1);
        for (int k = 0; k < m; k++) b.addEdge("n" + r.nextInt(n), "n" + r.nextInt(n), EdgeType.values()[r.nextInt(3)], null);
        Estate e = b.build();
        int seeds = 1 + r.nextInt(Math.min(n, 4));
        int[] nodes = new int[seeds];
        byte[] sev = new byte[seeds];
        for (int i = 0; i < seeds; i++) {
            nodes[i] = r.nextInt(n);
            sev[i] = (byte) (1 + r.nextInt(Severity.values().length - 1));
        }
        Propagation p = Propagation.run(e, nodes, sev, new int[seeds]);

        // 1) worst severity: a fixpoint of max over all paths
        int[] refSev = new int[e.nodeCount()];
        for (int i = 0; i < seeds; i++) refSev[nodes[i]] = Math.max(refSev[nodes[i]], sev[i]);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int u = 0; u < e.nodeCount(); u++) {
                for (int k = e.dependentsStart(u); k < e.dependentsEnd(u); k++) {
                    int v = e.dependentAt(k);
                    int t = Severity.propagate(refSev[u], e.dependentTypeOrdinalAt(k));
                    if (t > refSev[v]) {
                        refSev[v] = t;
                        changed = true;
                    }
                }
            }
        }
        // 2) fewest hops along edges where each node's final severity explains the next one's
        int[] refDist = new int[e.nodeCount()];
        java.util.Arrays.fill(refDist, Integer.MAX_VALUE);
        for (int i = 0; i < seeds; i++) if (sev[i] == refSev[nodes[i]]) refDist[nodes[i]] = 0;
        changed = true;
        while (changed) {
            changed = false;
            for (int u = 0; u < e.nodeCount(); u++) {
                if (refSev[u] == 0 || refDist[u] == Integer.MAX_VALUE) continue;
                for (int k = e.dependentsStart(u); k < e.dependentsEnd(u); k++) {
                    int v = e.dependentAt(k);
                    if (Severity.propagate(refSev[u], e.dependentTypeOrdinalAt(k)) == refSev[v] && refDist[u] + 1 < refDist[v]) {
                        refDist[v] = refDist[u] + 1;
                        changed = true;
                    }
                }
            }
        }
        for (int v = 0; v < e.nodeCount(); v++) {
            assertThat(p.severityOrdinal(v)).as("severity of n%d", v).isEqualTo(refSev[v]);
            if (refSev[v] > 0) {
                assertThat(p.distance(v)).as("distance of %s", e.id(v)).isEqualTo(refDist[v]);
                List<Integer> path = p.path(v);
                assertThat(path).hasSize(refDist[v] + 1);
                assertThat(path.get(path.size() - 1)).isEqualTo(v);
                // every step is a real dependency whose stated severity explains the next one's
                for (int i = 1; i < path.size(); i++) {
                    int from = path.get(i - 1), to = path.get(i);
                    boolean explained = false;
                    for (int k = e.dependenciesStart(to); k < e.dependenciesEnd(to); k++) {
                        if (e.dependencyAt(k) == from && Severity.propagate(p.severityOrdinal(from),
                                e.dependencyTypeAt(k).ordinal()) == p.severityOrdinal(to)) explained = true;
                    }
                    assertThat(explained).as("step %s -> %s of the path to %s", e.id(from), e.id(to), e.id(v)).isTrue();
                }
                assertThat(p.distance(path.get(0))).isZero();
            }
        }
    }
}
