package io.blastwall.core.policy;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicySetTest {

    private static final Instant NOW = Instant.parse("2026-03-04T10:15:00Z");
    private static final Effect DENY = new Effect.Deny();

    /** A policy as a reader would build it: defined at line 1 of the file, its expressions on the given lines. */
    private static PolicySpec spec(String file, String id, PolicyScope scope, String match, int matchLine,
                                   String condition, int conditionLine, String messageExpression, Map<String, Object> params) {
        Map<String, SourceLocation> lines = new HashMap<>();
        lines.put(PolicySpec.MATCH, SourceLocation.of(file, matchLine, "$.match"));
        lines.put(PolicySpec.CONDITION, SourceLocation.of(file, conditionLine, "$.condition"));
        lines.put(PolicySpec.MESSAGE_EXPRESSION, SourceLocation.of(file, 9, "$.messageExpression"));
        return new PolicySpec(id, "", scope, match, condition, DENY, messageExpression.isEmpty() ? "static message" : "",
                messageExpression, params, SourceLocation.of(file, 1, "$"), lines);
    }

    private static PolicySpec condition(String id, PolicyScope scope, String condition) {
        return spec(id + ".yaml", id, scope, "", 0, condition, 7, "", Map.of());
    }

    private static PolicyInput input(Map<String, Object> change, List<Map<String, Object>> actions) {
        return new PolicyInput(change, Map.of("kind", "human", "isAgent", false), Map.of(), Map.of("name", "test"), actions, NOW);
    }

    private static BadInputException compileFails(PolicySpec... specs) {
        try {
            PolicySet.compile(List.of(specs));
        } catch (BadInputException e) {
            return e;
        }
        throw new AssertionError("expected the policies to be refused");
    }

    @Test
    void syntaxErrorNamesFileLineAndCelText() {
        BadInputException e = compileFails(condition("broken", PolicyScope.ACTION, "action.destructive &&"));
        assertThat(e.problems()).hasSize(1);
        BadInputException.Problem p = e.problems().getFirst();
        assertThat(p.where().file()).isEqualTo("broken.yaml");
        assertThat(p.where().line()).isEqualTo(7);
        assertThat(p.message()).contains("policy 'broken'", "condition does not compile", "mismatched input");
        assertThat(e.getMessage()).startsWith("broken.yaml:7");
    }

    @Test
    void errorOnSecondLineOfMultiLineExpressionPointsAtThatLine() {
        BadInputException e = compileFails(condition("multi", PolicyScope.CHANGE, "change.actionCount > 1 &&\n  nosuch.thing"));
        assertThat(e.problems().getFirst().where().line()).isEqualTo(8);
        assertThat(e.problems().getFirst().message()).contains("undeclared reference to 'nosuch'", "expression line 2");
    }

    @Test
    void unknownVariableIsRefusedAtCompileNamingTheLine() {
        BadInputException e = compileFails(spec("u.yaml", "unknown-var", PolicyScope.CHANGE, "chnage.actionCount > 0", 5,
                "true", 6, "", Map.of()));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.where().line()).isEqualTo(5);
            assertThat(p.message()).contains("match does not compile", "undeclared reference to 'chnage'");
        });
    }

    @Test
    void changeScopedPolicyCannotSeeAction() {
        BadInputException e = compileFails(condition("no-action", PolicyScope.CHANGE, "action.destructive"));
        assertThat(e.getMessage()).contains("undeclared reference to 'action'");
        // … while the same expression compiles for an action-scoped policy.
        assertThat(PolicySet.compile(List.of(condition("ok", PolicyScope.ACTION, "action.destructive"))).size()).isEqualTo(1);
    }

    @Test
    void allBrokenPoliciesAreReportedTogether() {
        BadInputException e = compileFails(
                condition("a", PolicyScope.CHANGE, "change.title"),             // dyn: fine at compile time
                condition("b", PolicyScope.CHANGE, "1 +"),
                condition("c", PolicyScope.CHANGE, "change.title + 'x'"),
                condition("d", PolicyScope.CHANGE, "true"));
        assertThat(e.problems()).extracting(p -> p.where().file()).containsExactly("b.yaml", "c.yaml");
    }

    @Test
    void stringConditionIsRefusedAtCompile() {
        BadInputException e = compileFails(condition("str", PolicyScope.CHANGE, "'deny ' + change.title"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.where().line()).isEqualTo(7);
            assertThat(p.message()).contains("condition must return a boolean, returns string");
        });
    }

    @Test
    void intMatchAndNonStringMessageExpressionAreRefused() {
        BadInputException e = compileFails(
                spec("m.yaml", "int-match", PolicyScope.CHANGE, "change.actionCount + 1", 4, "true", 5, "", Map.of()),
                spec("n.yaml", "int-message", PolicyScope.CHANGE, "", 0, "true", 5, "change.actionCount * 2", Map.of()));
        assertThat(e.problems()).extracting(BadInputException.Problem::message).containsExactly(
                "policy 'int-match': match must return a boolean, returns int",
                "policy 'int-message': messageExpression must return a string, returns int");
        assertThat(e.problems().get(1).where().line()).isEqualTo(9);
    }

    @Test
    void duplicateIdsNameBothPlaces() {
        PolicySpec first = condition("same", PolicyScope.CHANGE, "true");
        PolicySpec second = new PolicySpec("same", "", PolicyScope.CHANGE, "", "false", DENY, "m", "", Map.of(),
                SourceLocation.of("other.yaml", 14, "$"), Map.of());
        BadInputException e = compileFails(first, second);
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.where().toString()).startsWith("other.yaml:14");
            assertThat(p.message()).contains("duplicate policy id 'same'", "same.yaml:1");
        });
    }

    @Test
    void runtimeNonBooleanFailsClosedWithPlace() {
        PolicySet set = PolicySet.compile(List.of(condition("dyn", PolicyScope.CHANGE, "change.title")));
        assertThatThrownBy(() -> set.evaluate(input(Map.of("title", "hello"), List.of())))
                .isInstanceOfSatisfying(PolicyEvaluationException.class, e -> {
                    assertThat(e.policyId()).isEqualTo("dyn");
                    assertThat(e.where().file()).isEqualTo("dyn.yaml");
                    assertThat(e.where().line()).isEqualTo(7);
                    assertThat(e.getMessage()).contains("dyn.yaml:7", "policy 'dyn'", "must return a boolean, returned string");
                });
    }

    @Test
    void runtimeErrorNamesPolicyLineAndAction() {
        PolicySet set = PolicySet.compile(List.of(condition("missing", PolicyScope.ACTION, "true &&\n action.nope")));
        assertThatThrownBy(() -> set.evaluate(input(Map.of(), List.of(Map.of("address", "aws_db.main")))))
                .isInstanceOfSatisfying(PolicyEvaluationException.class, e -> {
                    assertThat(e.where().line()).isEqualTo(8);
                    assertThat(e.actionAddress()).isEqualTo("aws_db.main");
                    assertThat(e.getMessage()).contains("'missing'", "aws_db.main", "nope");
                });
    }

    @Test
    void matchFalseSkipsAndActionScopedRunsPerAction() {
        PolicySpec p = spec("d.yaml", "destructive-stateful", PolicyScope.ACTION, "action.destructive", 3, "action.stateful", 4,
                "'Deleting ' + action.address + ' destroys its data'", Map.of());
        PolicySet set = PolicySet.compile(List.of(p));
        List<Map<String, Object>> actions = List.of(
                Map.of("address", "a", "destructive", true, "stateful", true),
                Map.of("address", "b", "destructive", true, "stateful", false),
                // match false: condition would fail at runtime (no 'stateful' key) but is never evaluated
                Map.of("address", "c", "destructive", false),
                Map.of("address", "d", "destructive", true, "stateful", true));
        List<Finding> findings = set.evaluate(input(Map.of(), actions));
        assertThat(findings).extracting(Finding::actionAddress).containsExactly("a", "d");
        assertThat(findings.getFirst().message()).isEqualTo("Deleting a destroys its data");
        assertThat(findings.getFirst().effect()).isEqualTo(DENY);
        assertThat(findings.getFirst().policyLocation().file()).isEqualTo("d.yaml");
    }

    @Test
    void changeScopedSeesActionsAndStaticMessage() {
        PolicySet set = PolicySet.compile(List.of(condition("any-tier0", PolicyScope.CHANGE, "actions.exists(a, a.minTier == 0)")));
        assertThat(set.evaluate(input(Map.of(), List.of(Map.of("minTier", 2), Map.of("minTier", 0)))))
                .singleElement().satisfies(f -> {
                    assertThat(f.message()).isEqualTo("static message");
                    assertThat(f.actionAddress()).isEmpty();
                });
        assertThat(set.evaluate(input(Map.of(), List.of(Map.of("minTier", 2))))).isEmpty();
    }

    @Test
    void javaIntegersFloatsNullsAndNestedValuesAreNormalised() {
        PolicySet set = PolicySet.compile(List.of(condition("n", PolicyScope.CHANGE,
                "change.counts.delete == 3 && change.share > 0.2 && change.model == null && change.tags[1] == 2"
                        + " && params.limit == 4 && change.bake > duration('5m')")
                .withParams(Map.of("limit", (short) 4))));
        Map<String, Object> change = new HashMap<>();
        change.put("counts", Map.of("delete", 3));
        change.put("share", 0.25f);
        change.put("model", null);
        change.put("tags", new Object[]{"x", 2});
        change.put("bake", Duration.ofMinutes(10));
        assertThat(set.evaluate(input(change, List.of()))).hasSize(1);
    }

    @Test
    void nowWorksWithTimestampFunctions() {
        PolicySet set = PolicySet.compile(List.of(condition("clock", PolicyScope.CHANGE,
                "now.getHours('Europe/London') == 10 && now.getDayOfWeek('UTC') == 3"
                        + " && now > timestamp('2026-03-04T10:00:00Z') && now < timestamp('2026-03-04T11:00:00Z')")));
        assertThat(set.evaluate(input(Map.of(), List.of()))).hasSize(1);
        PolicyInput later = new PolicyInput(Map.of(), Map.of(), Map.of(), Map.of(), List.of(), NOW.plusSeconds(3600));
        assertThat(set.evaluate(later)).isEmpty();
    }

    @Test
    void extensionsAreAvailable() {
        PolicySpec p = spec("x.yaml", "ext", PolicyScope.CHANGE, "", 0,
                "cel.bind(r, change.regions, r.size() > 1) && [2, 1, 2].distinct().sort() == [1, 2] && 'EU'.lowerAscii() == 'eu'", 3, "'regions: ' + change.regions.join(', ')", Map.of());
        List<Finding> f = PolicySet.compile(List.of(p)).evaluate(input(Map.of("regions", List.of("eu", "us")), List.of()));
        assertThat(f).singleElement().extracting(Finding::message).isEqualTo("regions: eu, us");
    }

    @Test
    void evaluationIsThreadSafe() throws Exception {
        PolicySet set = PolicySet.compile(List.of(condition("big", PolicyScope.ACTION, "action.n > 50")));
        List<Map<String, Object>> actions = new ArrayList<>();
        for (int i = 0; i < 100; i++) actions.add(Map.of("address", "r" + i, "n", i));
        List<Finding> expected = set.evaluate(input(Map.of(), actions));
        assertThat(expected).hasSize(49);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Finding>>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) results.add(pool.submit(() -> set.evaluate(input(Map.of(), actions))));
            for (Future<List<Finding>> r : results) assertThat(r.get()).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
    }

    @Property(tries = 200)
    void thresholdFiresExactlyAboveParam(@ForAll @IntRange(min = -1000, max = 1000) int value,
                                         @ForAll @IntRange(min = -1000, max = 1000) int limit) {
        PolicySet set = PolicySet.compile(List.of(
                condition("t", PolicyScope.CHANGE, "change.value > params.limit").withParams(Map.of("limit", limit))));
        assertThat(set.evaluate(input(Map.of("value", value), List.of())).size()).isEqualTo(value > limit ? 1 : 0);
    }
}
