package io.blastwall.core.estate;

import io.blastwall.core.SourceLocation;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EstateBuilderTest {

    private static SourceLocation at(int line) {
        return new SourceLocation("estate.yaml", line, 0, "");
    }

    @Test
    void packsNodesAndBothEdgeDirections() {
        EstateBuilder b = new EstateBuilder().name("shop");
        b.addNode(new NodeSpec("web", NodeKind.SERVICE, 1, "team-web", "shop", "eu", List.of("eu-a", "eu-b"), "",
                "web", false, 100, 60, 4, 1.0, Map.of("app", "web"), List.of()), at(3));
        b.addNode(NodeSpec.of("db", NodeKind.DATASTORE), at(10));
        b.addNode(NodeSpec.of("queue", NodeKind.QUEUE), at(12));
        b.addEdge("web", "db", EdgeType.HARD, at(5));
        b.addEdge("web", "queue", EdgeType.ASYNC, at(6));
        Estate e = b.build();

        assertThat(b.problems()).isEmpty();
        assertThat(e.nodeCount()).isEqualTo(3);
        assertThat(e.edgeCount()).isEqualTo(2);
        int web = e.indexOf("web"), db = e.indexOf("db");
        assertThat(e.zones(web)).containsExactly("eu-a", "eu-b");
        assertThat(e.owner(web)).isEqualTo("team-web");
        assertThat(e.dependentsEnd(db) - e.dependentsStart(db)).isEqualTo(1);
        assertThat(e.dependentAt(e.dependentsStart(db))).isEqualTo(web);
        assertThat(e.dependentTypeAt(e.dependentsStart(db))).isEqualTo(EdgeType.HARD);
        assertThat(e.indexOf("nope")).isEqualTo(-1);
        assertThat(e.totalTrafficWeight()).isEqualTo(1.0);
    }

    @Test
    void reportsDuplicatesDanglingAndSelfEdgesWithTheirPlace() {
        EstateBuilder b = new EstateBuilder();
        b.addNode(NodeSpec.of("a", NodeKind.SERVICE), at(1));
        b.addNode(NodeSpec.of("a", NodeKind.CACHE), at(7));
        b.addNode(NodeSpec.of("b", NodeKind.SERVICE), at(9));
        b.addEdge("a", "ghost", EdgeType.HARD, at(4));
        b.addEdge("b", "b", EdgeType.SOFT, at(11));
        b.addEdge("b", "a", EdgeType.SOFT, at(12));
        b.addEdge("b", "a", EdgeType.HARD, at(13));
        Estate e = b.build();

        assertThat(e.nodeCount()).isEqualTo(2);
        assertThat(e.kind(e.indexOf("a"))).isEqualTo(NodeKind.SERVICE);
        assertThat(b.problems()).extracting(EstateProblem::code)
                .containsExactlyInAnyOrder("duplicate-id", "dangling-edge", "self-edge", "duplicate-edge");
        assertThat(b.problems()).filteredOn(p -> p.code().equals("dangling-edge")).singleElement()
                .satisfies(p -> {
                    assertThat(p.where().line()).isEqualTo(4);
                    assertThat(p.message()).contains("ghost");
                });
        int bi = e.indexOf("b");
        assertThat(e.dependencyTypeAt(e.dependenciesStart(bi))).isEqualTo(EdgeType.HARD);
    }

    @Test
    void anEmptyEstateIsAnError() {
        EstateBuilder b = new EstateBuilder();
        b.build();
        assertThat(b.problems()).extracting(EstateProblem::code).containsExactly("empty-estate");
    }

    @Property(tries = 50)
    void reverseRowsAreTheTransposeOfForwardRows(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
        Random r = new Random(seed);
        EstateBuilder b = new EstateBuilder();
        for (int i = 0; i < n; i++) b.addNode(NodeSpec.of("n" + i, NodeKind.SERVICE), at(i + 1));
        Set<Long> expected = new HashSet<>();
        for (int k = 0; k < n * 3; k++) {
            int a = r.nextInt(n), c = r.nextInt(n);
            b.addEdge("n" + a, "n" + c, EdgeType.values()[r.nextInt(3)], at(0));
            if (a != c) expected.add(((long) a << 32) | c);
        }
        Estate e = b.build();
        Set<Long> forward = new HashSet<>(), reverse = new HashSet<>();
        for (int i = 0; i < e.nodeCount(); i++) {
            int from = Integer.parseInt(e.id(i).substring(1));
            for (int k = e.dependenciesStart(i); k < e.dependenciesEnd(i); k++) {
                forward.add(((long) from << 32) | Integer.parseInt(e.id(e.dependencyAt(k)).substring(1)));
            }
            for (int k = e.dependentsStart(i); k < e.dependentsEnd(i); k++) {
                reverse.add(((long) Integer.parseInt(e.id(e.dependentAt(k)).substring(1)) << 32) | from);
            }
        }
        assertThat(forward).isEqualTo(expected);
        assertThat(reverse).isEqualTo(expected);
        assertThat(e.edgeCount()).isEqualTo(expected.size());
    }
}
