package io.blastwall.core.blast;

import io.blastwall.core.SourceLocation;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.ActionKind;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.change.ResourceRef;
import io.blastwall.core.change.Scope;
import io.blastwall.core.estate.EdgeType;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.EstateBuilder;
import io.blastwall.core.estate.NodeKind;
import io.blastwall.core.estate.NodeSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BlastRadiusEngineTest {

    /** lb -> api (6 replicas over 3 zones, cap 3000, peak 1800) -> db (stateful); worker -async-> queue. */
    private static Estate estate() {
        EstateBuilder b = new EstateBuilder().name("t");
        List<String> zones = List.of("z-a", "z-b", "z-c");
        b.addNode(new NodeSpec("lb", NodeKind.LOAD_BALANCER, 0, "edge", "", "r1", zones, "", "", false,
                Double.NaN, Double.NaN, 0, 1.0, Map.of(), List.of()), SourceLocation.UNKNOWN);
        b.addNode(new NodeSpec("api", NodeKind.SERVICE, 0, "team-api", "", "r1", zones, "", "api", false,
                3000, 1800, 6, 0, Map.of(), List.of()), SourceLocation.UNKNOWN);
        b.addNode(new NodeSpec("db", NodeKind.DATASTORE, 0, "team-api", "", "r1", zones, "", "", true,
                Double.NaN, Double.NaN, 0, 0, Map.of(), List.of()), SourceLocation.UNKNOWN);
        b.addNode(new NodeSpec("other-region-api", NodeKind.SERVICE, 1, "team-api", "", "r2", List.of("y-a"), "", "api",
                false, 3000, 100, 2, 0, Map.of(), List.of()), SourceLocation.UNKNOWN);
        b.addEdge("lb", "api", EdgeType.HARD, null);
        b.addEdge("api", "db", EdgeType.HARD, null);
        Estate e = b.build();
        assertThat(b.problems()).isEmpty();
        return e;
    }

    private static Change change(ActionKind kind, String node) {
        Action a = new Action(node, "component", new ResourceRef.Component(node), kind, "", List.of(node), Map.of(), null);
        return new Change("test", "", Provenance.UNKNOWN, List.of(a), Scope.UNSPECIFIED, "h", List.of(), Map.of());
    }

    @Test
    void deletingAStatefulStoreIsDataLossThatTakesItsDependentsDown() {
        BlastReport r = BlastRadiusEngine.analyse(estate(), change(new ActionKind.Delete(), "db"));
        assertThat(r.actions().get(0).severity()).isEqualTo(Severity.DATA_LOSS);
        assertThat(r.summary().maxSeverity()).isEqualTo(Severity.DATA_LOSS);
        assertThat(r.impacted(10)).extracting(Impact::node, Impact::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("db", Severity.DATA_LOSS),
                org.assertj.core.groups.Tuple.tuple("api", Severity.OUTAGE),
                org.assertj.core.groups.Tuple.tuple("lb", Severity.OUTAGE));
        assertThat(r.impacted(10).get(2).path()).containsExactly("db", "api", "lb");
        assertThat(r.summary().trafficShare()).isEqualTo(1.0);
        assertThat(r.summary().zeroTargetEndpoints()).containsExactly("lb");
        assertThat(r.summary().multiZone()).isTrue();
    }

    @Test
    void scaleDownBelowPeakOverloadsAndSuggestsTheSafeMinimum() {
        // 6 replicas of 500 each = 3000; peak 1800. Losing one of 3 zones leaves 2/3 of capacity.
        // N+1 needs 2/3 * 500 * n >= 1800, so n >= 5.4 -> 6; peak alone needs n >= 3.6 -> 4.
        BlastReport r = BlastRadiusEngine.analyse(estate(), change(new ActionKind.Scale(6, 2, "replicas"), "api"));
        CapacityCheck c = r.actions().get(0).capacity().get(0);
        assertThat(c.capacityAfter()).isEqualTo(1000);
        assertThat(c.belowPeak()).isTrue();
        assertThat(c.safeMinimum()).isEqualTo(6);
        assertThat(r.actions().get(0).severity()).isEqualTo(Severity.OVERLOADED);
        assertThat(r.summary().belowPeak()).isTrue();
    }

    @Test
    void scaleDownThatKeepsPeakButLosesNPlusOneIsReducedRedundancy() {
        BlastReport r = BlastRadiusEngine.analyse(estate(), change(new ActionKind.Scale(6, 4, "replicas"), "api"));
        CapacityCheck c = r.actions().get(0).capacity().get(0);
        assertThat(c.belowPeak()).isFalse();
        assertThat(c.belowNPlusOne()).isTrue();
        assertThat(c.nPlusOneBefore()).isTrue(); // before: 2/3 * 3000 = 2000 >= 1800; after: 2/3 * 2000 < 1800
        assertThat(r.actions().get(0).severity()).isEqualTo(Severity.REDUCED_REDUNDANCY);
    }

    @Test
    void scaleToZeroIsAnOutageAndScaleUpIsHarmless() {
        assertThat(BlastRadiusEngine.analyse(estate(), change(new ActionKind.Scale(6, 0, "replicas"), "api"))
                .actions().get(0).severity()).isEqualTo(Severity.OUTAGE);
        BlastReport up = BlastRadiusEngine.analyse(estate(), change(new ActionKind.Scale(6, 9, "replicas"), "api"));
        assertThat(up.summary().impactedCount()).isZero();
    }

    @Test
    void tagOnlyUpdatesDoNothingAndConfigPutsDependentsAtRisk() {
        assertThat(BlastRadiusEngine.analyse(estate(), change(new ActionKind.Update(List.of("tags.env", "tags_all")), "db"))
                .summary().impactedCount()).isZero();
        BlastReport cfg = BlastRadiusEngine.analyse(estate(), change(new ActionKind.Config(List.of("image")), "api"));
        assertThat(cfg.summary().maxSeverity()).isEqualTo(Severity.AT_RISK);
        assertThat(cfg.summary().impactedCount()).isEqualTo(2);
        assertThat(cfg.alternatives()).extracting(Alternative::kind).containsExactly("scope-to-one-zone");
    }

    @Test
    void unmappedActionsAreFlaggedNotDropped() {
        Action a = new Action("aws_iam_role.x", "aws_iam_role", new ResourceRef.Terraform("aws_iam_role.x", "aws_iam_role", ""),
                new ActionKind.Create(), "", List.of(), Map.of(), null);
        Change c = new Change("test", "", Provenance.UNKNOWN, List.of(a), Scope.UNSPECIFIED, "h", List.of(), Map.of());
        BlastReport r = BlastRadiusEngine.analyse(estate(), c);
        assertThat(r.summary().unmappedActions()).containsExactly("aws_iam_role.x");
        assertThat(r.actions().get(0).mode()).contains("unknown");
    }
}
