package io.blastwall.formats.estate;

import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.EstateProblem;
import io.blastwall.core.estate.NodeKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Loads a generated 200k-node estate: correctness only, the time is logged (benchmarks live in blastwall-bench). */
class LargeEstateTest {

    @Test
    void loadsA200kNodeJsonEstate(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("large.json");
        int nodes = 200_000;
        GeneratedEstates.writeJson(f, nodes, 5, 7);
        long t0 = System.nanoTime();
        EstateLoad load = new EstateFileReader().load(List.of(f));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[LargeEstateTest] loaded " + nodes + " nodes (" + (Files.size(f) >> 20) + " MiB) in " + ms + " ms");
        Estate e = load.estate();
        assertThat(e.nodeCount()).isEqualTo(nodes);
        assertThat(load.problems()).allSatisfy(p -> {
            assertThat(p.severity()).isEqualTo(EstateProblem.Severity.WARNING);
            assertThat(p.code()).isEqualTo("duplicate-edge"); // random targets sometimes repeat
        });
        assertThat(e.edgeCount()).isEqualTo(5L * (nodes - 1) - load.problems().size());
        int n7 = e.indexOf("n7");
        assertThat(e.kind(n7)).isEqualTo(NodeKind.SERVICE);
        assertThat(e.tier(n7)).isEqualTo(3);
        assertThat(e.region(n7)).isEqualTo("region-1");
        assertThat(e.zones(n7)).containsExactly("region-1a", "region-1b");
        assertThat(e.owner(n7)).isEqualTo("team-7");
        assertThat(e.trafficWeight(e.indexOf("n1000"))).isEqualTo(1.0);
        for (int k = e.dependenciesStart(n7); k < e.dependenciesEnd(n7); k++) {
            assertThat(e.dependencyAt(k)).isGreaterThan(n7);
        }
    }
}
