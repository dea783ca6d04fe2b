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

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The selection gives exactly the comparator's order, ties broken by id, for any limit. */
class WorstFirstTest {

    @Property(tries = 300)
    void selectsWhatSortingEverythingWouldKeep(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
        Random r = new Random(seed);
        EstateBuilder b = new EstateBuilder();
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            // ids in an order unrelated to the node index, so the id tie-break is really tested
            ids[i] = Integer.toString(r.nextInt(1_000_000), 36) + "-" + i;
            b.addNode(new NodeSpec(ids[i], NodeKind.SERVICE, r.nextInt(4), "", "", "", List.of(), "", "", false,
                    Double.NaN, Double.NaN, 0, 0, Map.of(), List.of()), SourceLocation.UNKNOWN);
        }
        int m = r.nextInt(n * 3 + 1);
        for (int k = 0; k < m; k++) b.addEdge(ids[r.nextInt(n)], ids[r.nextInt(n)], EdgeType.values()[r.nextInt(3)], null);
        Estate e = b.build();
        // a few changed nodes, each with a severity above NONE
        int[] nodes = r.ints(1 + r.nextInt(Math.min(n, 5)), 0, n).toArray();
        byte[] sev = new byte[nodes.length];
        for (int i = 0; i < sev.length; i++) sev[i] = (byte) (1 + r.nextInt(Severity.values().length - 1));
        Propagation p = Propagation.run(e, nodes, sev, new int[nodes.length]);
        for (int limit : new int[]{0, 1, 2, 3, 10, r.nextInt(n + 5), n, n + 5}) {
            assertThat(WorstFirst.select(p, limit)).as("limit %d", limit).containsExactly(WorstFirst.sorted(p, limit));
        }
    }
}
