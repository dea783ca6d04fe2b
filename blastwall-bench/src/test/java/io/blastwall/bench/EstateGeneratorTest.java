package io.blastwall.bench;

import io.blastwall.core.blast.Propagation;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.EstateBuilder;
import io.blastwall.core.estate.NodeKind;
import io.blastwall.formats.estate.EstateFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class EstateGeneratorTest {

    private static byte[] json(GeneratedEstate g) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        g.writeJson(out);
        return out.toByteArray();
    }

    @Test
    void theSameSeedGivesTheSameEstateAndAnotherSeedAnotherOne() throws IOException {
        byte[] a = json(EstateGenerator.generate(5_000, 7));
        byte[] b = json(EstateGenerator.generate(5_000, 7));
        byte[] c = json(EstateGenerator.generate(5_000, 8));
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void aboutFiveEdgesPerNodeNoDanglingEdgesAndTheShapeOfAnEstate() {
        GeneratedEstate g = EstateGenerator.generate(20_000, 1);
        EstateBuilder b = new EstateBuilder();
        g.into(b);
        Estate e = b.build();
        assertThat(b.problems()).isEmpty(); // no dangling, self or repeated edges, no duplicate ids
        assertThat(e.nodeCount()).isEqualTo(20_000);
        assertThat(e.edgeCount()).isEqualTo(g.edgeCount()).isBetween(4 * 20_000, 6 * 20_000);
        int[] tiers = new int[4];
        int maxFanIn = 0, entries = 0;
        for (int i = 0; i < e.nodeCount(); i++) {
            tiers[e.tier(i)]++;
            maxFanIn = Math.max(maxFanIn, e.dependentsEnd(i) - e.dependentsStart(i));
            if (e.trafficWeight(i) > 0) entries++;
            assertThat(e.kind(i) == NodeKind.DNS).isEqualTo(e.trafficWeight(i) > 0);
        }
        assertThat(tiers[0]).isLessThan(tiers[1]).isLessThan(tiers[2]);
        assertThat(tiers[2] + tiers[3]).isGreaterThan(e.nodeCount() / 2);
        assertThat(maxFanIn).as("a few shared nodes that very many depend on").isGreaterThan(200);
        assertThat(entries).isPositive();
    }

    /**
     * The reader (ids and values taken from the parse buffer as symbols, edges added by symbol) must build exactly the
     * estate that the builder's String API builds from the same generated nodes: every attribute, dictionary code,
     * row and index, in the same node order.
     */
    @Test
    void theJsonFileDescribesExactlyTheSameEstateAsTheBuilder() throws IOException {
        GeneratedEstate g = EstateGenerator.generate(20_000, 3);
        Estate direct = g.build();
        EstateBuilder b = new EstateBuilder();
        new EstateFileReader().read("gen.json", new ByteArrayInputStream(json(g)), EstateFileReader.Syntax.JSON, b);
        Estate read = b.build();
        assertThat(b.problems()).isEmpty();
        assertSameEstate(read, direct);
    }

    /** The same through the file reader that reads the node list of a large file on two threads. */
    @Test
    void theJsonFileReadOnTwoThreadsDescribesExactlyTheSameEstateAsTheBuilder(@TempDir Path dir) throws IOException {
        GeneratedEstate g = EstateGenerator.generate(20_000, 3);
        Path file = dir.resolve("gen.json");
        g.writeJson(file);
        assertThat(Files.size(file)).as("large enough to be split by default").isGreaterThan(EstateFileReader.DEFAULT_SPLIT_BYTES);
        long splits = EstateFileReader.splitReadsSoFar();
        EstateBuilder b = new EstateBuilder();
        new EstateFileReader().read(file, b);
        assertThat(EstateFileReader.splitReadsSoFar()).as("the node list was read on two threads").isEqualTo(splits + 1);
        Estate read = b.build();
        assertThat(b.problems()).isEmpty();
        assertSameEstate(read, g.build());
    }

    static void assertSameEstate(Estate a, Estate e) {
        assertThat(a.nodeCount()).isEqualTo(e.nodeCount());
        assertThat(a.edgeCount()).isEqualTo(e.edgeCount());
        assertThat(a.dictionarySize()).isEqualTo(e.dictionarySize());
        for (int c = 0; c < e.dictionarySize(); c++) assertThat(a.dictionaryValue(c)).isEqualTo(e.dictionaryValue(c));
        assertThat(a.totalTrafficWeight()).isEqualTo(e.totalTrafficWeight());
        for (int i = 0; i < e.nodeCount(); i++) {
            assertThat(a.id(i)).isEqualTo(e.id(i));
            assertThat(a.indexOf(e.id(i))).isEqualTo(i);
            assertThat(a.kind(i)).isEqualTo(e.kind(i));
            assertThat(a.tier(i)).isEqualTo(e.tier(i));
            assertThat(a.stateful(i)).isEqualTo(e.stateful(i));
            assertThat(a.ownerCode(i)).isEqualTo(e.ownerCode(i));
            assertThat(a.regionCode(i)).isEqualTo(e.regionCode(i));
            assertThat(a.system(i)).isEqualTo(e.system(i));
            assertThat(a.cell(i)).isEqualTo(e.cell(i));
            assertThat(a.group(i)).isEqualTo(e.group(i));
            assertThat(a.groupIndex(i)).isEqualTo(e.groupIndex(i));
            assertThat(a.zoneCount(i)).isEqualTo(e.zoneCount(i));
            for (int k = 0; k < e.zoneCount(i); k++) assertThat(a.zoneCode(i, k)).isEqualTo(e.zoneCode(i, k));
            // NaN = unknown: compare the boxed values, which treat NaN as equal to itself
            assertThat(Double.valueOf(a.capacity(i))).isEqualTo(Double.valueOf(e.capacity(i)));
            assertThat(Double.valueOf(a.peakLoad(i))).isEqualTo(Double.valueOf(e.peakLoad(i)));
            assertThat(a.replicas(i)).isEqualTo(e.replicas(i));
            assertThat(a.trafficWeight(i)).isEqualTo(e.trafficWeight(i));
            assertThat(a.labels(i)).isEqualTo(e.labels(i));
            assertThat(a.selectors(i)).isEqualTo(e.selectors(i));
            assertThat(a.dependenciesStart(i)).isEqualTo(e.dependenciesStart(i));
            assertThat(a.dependentsStart(i)).isEqualTo(e.dependentsStart(i));
        }
        for (int k = 0; k < e.edgeCount(); k++) {
            assertThat(a.dependencyAt(k)).isEqualTo(e.dependencyAt(k));
            assertThat(a.dependencyTypeAt(k)).isEqualTo(e.dependencyTypeAt(k));
        }
        assertThat(a.dependentsRowPacked()).isEqualTo(e.dependentsRowPacked());
    }

    @Test
    void allThreeTraversalsVisitTheSameNodesOnA10kEstate() {
        Estate e = EstateGenerator.generate(10_000, 42).build();
        Traversals.Seed seed = Traversals.pickSeed(e, 16, 16, 42);
        BitSet floor = Traversals.floorSet(e, seed.node());
        assertThat(floor.cardinality()).isEqualTo(seed.reach()).isGreaterThan(e.nodeCount() / 4);
        assertThat(Traversals.propagationSet(Traversals.propagate(e, seed.node()))).isEqualTo(floor);
        assertThat(Traversals.peerSet(Traversals.sparseReverseGraph(e), seed.node())).isEqualTo(floor);
        assertThat(Traversals.peerSet(Traversals.defaultReverseGraph(e), seed.node())).isEqualTo(floor);
    }

    /** The reworked search must give exactly what the search gave before its performance rework. */
    @Test
    void propagationAgreesExactlyWithTheSearchBeforeItsRework() {
        Estate e = EstateGenerator.generate(10_000, 5).build();
        SplittableRandom r = new SplittableRandom(11);
        for (int run = 0; run < 40; run++) {
            int seeds = 1 + r.nextInt(4);
            int[] nodes = new int[seeds];
            byte[] sev = new byte[seeds];
            int[] cause = new int[seeds];
            for (int i = 0; i < seeds; i++) {
                nodes[i] = r.nextInt(e.nodeCount());
                sev[i] = (byte) r.nextInt(8); // NONE seeds included: they must be ignored
                cause[i] = i;
            }
            Propagation now = Propagation.run(e, nodes, sev, cause);
            ReferencePropagation before = ReferencePropagation.run(e, nodes, sev, cause);
            assertThat(now.affectedCount()).isEqualTo(before.affectedCount());
            for (int i = 0; i < now.affectedCount(); i++) assertThat(now.affectedAt(i)).isEqualTo(before.affectedAt(i));
            for (int v = 0; v < e.nodeCount(); v++) {
                assertThat(now.severityOrdinal(v)).isEqualTo(before.severityOrdinal(v));
                if (before.severityOrdinal(v) > 0) {
                    assertThat(now.distance(v)).isEqualTo(before.distance(v));
                    assertThat(now.cause(v)).isEqualTo(before.cause(v));
                    // paths are rebuilt on demand now: any shortest explaining path is right, so compare their
                    // length and ends (PropagationTest checks every step of them against the edges)
                    List<Integer> a = now.path(v), b = before.path(v);
                    assertThat(a).hasSameSizeAs(b);
                    assertThat(a.getLast()).isEqualTo(v);
                    assertThat(now.distance(a.getFirst())).isZero();
                }
            }
        }
    }
}
