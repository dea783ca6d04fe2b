package io.blastwall.formats.policy;

import io.blastwall.core.BadInputException;
import io.blastwall.core.policy.Effect;
import io.blastwall.core.policy.PolicyScope;
import io.blastwall.core.policy.PolicySet;
import io.blastwall.core.policy.PolicySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyFileReaderTest {

    private static final String HEADER = "apiVersion: blastwall.io/v1\nkind: Policy\n";

    private static BadInputException refused(String name, String text) {
        try {
            PolicyFileReader.parse(name, text);
        } catch (BadInputException e) {
            return e;
        }
        throw new AssertionError("expected " + name + " to be refused");
    }

    @Test
    void readsAFullPolicy() {
        List<PolicySpec> specs = PolicyFileReader.parse("p.yaml", HEADER + """
                id: destructive-stateful
                description: Deleting data destroys it.
                scope: action
                match: action.destructive
                condition: action.stateful
                effect: require-approval
                approval: {count: 2, roles: [senior, sre], independentOfAuthor: true}
                messageExpression: '"Deleting " + action.address'
                params: {maxTier: 1, names: [a, b]}
                """);
        PolicySpec p = specs.getFirst();
        assertThat(p.id()).isEqualTo("destructive-stateful");
        assertThat(p.scope()).isEqualTo(PolicyScope.ACTION);
        assertThat(p.match()).isEqualTo("action.destructive");
        assertThat(p.condition()).isEqualTo("action.stateful");
        assertThat(p.effect()).isEqualTo(new Effect.RequireApproval(2, List.of("senior", "sre"), true));
        assertThat(p.messageExpression()).isEqualTo("\"Deleting \" + action.address");
        assertThat(p.params()).isEqualTo(Map.of("maxTier", 1L, "names", List.of("a", "b")));
        assertThat(p.where().line()).isEqualTo(1);
        assertThat(p.locationOf(PolicySpec.MATCH).line()).isEqualTo(6);
        assertThat(p.locationOf(PolicySpec.CONDITION).line()).isEqualTo(7);
        assertThat(p.locationOf(PolicySpec.MESSAGE_EXPRESSION).line()).isEqualTo(10);
    }

    @Test
    void readsMultiDocumentAndListForms() {
        String multi = HEADER + "id: a\nscope: change\ncondition: 'true'\neffect: deny\nmessage: m\n---\n"
                + HEADER + "id: b\nscope: action\ncondition: action.destructive\neffect: warn\nmessage: m\n";
        assertThat(PolicyFileReader.parse("m.yaml", multi)).extracting(PolicySpec::id).containsExactly("a", "b");

        List<PolicySpec> list = PolicyFileReader.parse("l.yaml", """
                apiVersion: blastwall.io/v1
                kind: PolicyList
                policies:
                  - id: one
                    scope: change
                    condition: change.actionCount > 3
                    effect: warn
                    message: many
                  - id: two
                    scope: change
                    condition: |
                      change.actionCount > 10 &&
                      change.destructiveCount > 0
                    effect: require-progressive-rollout
                    rollout: {minWaves: 4, bakeTime: 1h30m, maxShareAtOnce: 0.25}
                    message: more
                """);
        assertThat(list).extracting(PolicySpec::id).containsExactly("one", "two");
        assertThat(list.get(1).effect()).isEqualTo(new Effect.RequireProgressiveRollout(4, Duration.ofMinutes(90), 0.25));
        assertThat(list.get(1).where().path()).isEqualTo("$.policies[1]");
        // block scalar: the expression's first line is the one after "condition: |"
        assertThat(list.get(1).locationOf(PolicySpec.CONDITION).line()).isEqualTo(12);
        assertThat(list.get(0).locationOf(PolicySpec.CONDITION).line()).isEqualTo(6);
    }

    @Test
    void rolloutDefaultsApply() {
        PolicySpec p = PolicyFileReader.parse("r.yaml", HEADER
                + "id: r\nscope: change\ncondition: 'true'\neffect: require-progressive-rollout\nmessage: m\n").getFirst();
        assertThat(p.effect()).isEqualTo(new Effect.RequireProgressiveRollout(3, Duration.ofMinutes(10), 0.34));
        PolicySpec a = PolicyFileReader.parse("a.yaml", HEADER
                + "id: a\nscope: change\ncondition: 'true'\neffect: require-approval\napproval: {}\nmessage: m\n").getFirst();
        assertThat(a.effect()).isEqualTo(new Effect.RequireApproval(1, List.of(), true));
    }

    @Test
    void unknownFieldIsRefusedWithItsLine() {
        BadInputException e = refused("u.yaml", HEADER + "id: x\nscope: change\nconditon: 'true'\neffect: deny\nmessage: m\n");
        assertThat(e.getMessage()).contains("u.yaml:5", "unknown field 'conditon'", "$.conditon");
        assertThat(e.getMessage()).contains("missing required field 'condition'");
    }

    @Test
    void unknownEffectAndScopeAreRefusedTogether() {
        BadInputException e = refused("e.yaml", HEADER + "id: x\nscope: cluster\ncondition: 'true'\neffect: block\nmessage: m\n");
        assertThat(e.problems()).extracting(p -> p.where().line()).containsExactly(4, 6);
        assertThat(e.getMessage()).contains("unknown scope 'cluster'", "unknown effect 'block'", "require-progressive-rollout");
    }

    @Test
    void effectBlocksAreChecked() {
        assertThat(refused("a.yaml", HEADER + "id: x\nscope: change\ncondition: 'true'\neffect: require-approval\nmessage: m\n")
                .getMessage()).contains("needs an 'approval' block");
        assertThat(refused("b.yaml", HEADER + "id: x\nscope: change\ncondition: 'true'\neffect: deny\napproval: {count: 1}\nmessage: m\n")
                .getMessage()).contains("b.yaml:7", "'approval' only goes with effect require-approval");
        assertThat(refused("c.yaml", HEADER + "id: x\nscope: change\ncondition: 'true'\neffect: require-approval\n"
                + "approval: {count: 0, rolez: [x]}\nmessage: m\n").getMessage()).contains("unknown field 'rolez'");
        assertThat(refused("d.yaml", HEADER + "id: x\nscope: change\ncondition: 'true'\neffect: require-progressive-rollout\n"
                + "rollout:\n  bakeTime: 600\nmessage: m\n").getMessage()).contains("d.yaml:8", "a bare number has no unit");
        assertThat(refused("e.yaml", HEADER + "id: x\nscope: change\ncondition: 'true'\neffect: require-progressive-rollout\n"
                + "rollout: {maxShareAtOnce: 1.5}\nmessage: m\n").getMessage()).contains("at most 1");
    }

    @Test
    void messageRules() {
        assertThat(refused("m.yaml", HEADER + "id: x\nscope: change\ncondition: 'true'\neffect: deny\n").getMessage())
                .contains("missing 'message' or 'messageExpression'");
        assertThat(refused("m.yaml", HEADER + "id: x\nscope: change\ncondition: 'true'\neffect: deny\nmessage: a\nmessageExpression: '\"b\"'\n")
                .getMessage()).contains("not both");
    }

    @Test
    void headerIsRequiredOnADocument() {
        assertThat(refused("h.yaml", "id: x\nscope: change\ncondition: 'true'\neffect: deny\nmessage: m\n").getMessage())
                .contains("missing required field 'apiVersion'");
        assertThat(refused("k.yaml", "apiVersion: blastwall.io/v1\nkind: Estate\nid: x\nscope: change\ncondition: 'true'\neffect: deny\nmessage: m\n")
                .getMessage()).contains("k.yaml:2", "expected kind Policy");
        assertThat(refused("i.yaml", HEADER + "id: 'has space'\nscope: change\ncondition: 'true'\neffect: deny\nmessage: m\n")
                .getMessage()).contains("expected an id");
    }

    @Test
    void compileErrorInABlockScalarNamesTheFileLine() {
        List<PolicySpec> specs = PolicyFileReader.parse("b.yaml", HEADER + """
                id: broken
                scope: change
                condition: |
                  change.actionCount > 1 &&
                  chnage.destructiveCount > 0
                effect: deny
                message: m
                """);
        assertThatThrownBy(() -> PolicySet.compile(specs)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.where().file()).isEqualTo("b.yaml");
                assertThat(p.where().line()).isEqualTo(7);
                assertThat(p.message()).contains("policy 'broken'", "undeclared reference to 'chnage'");
            });
        });
    }

    @Test
    void compileErrorOnAnInlineExpressionNamesItsLine() {
        List<PolicySpec> specs = PolicyFileReader.parse("s.yaml", HEADER + """
                id: typed
                scope: change
                match: change.title
                condition: '"deny " + change.title'
                effect: deny
                message: m
                """);
        assertThatThrownBy(() -> PolicySet.compile(specs)).isInstanceOfSatisfying(BadInputException.class, e ->
                assertThat(e.getMessage()).contains("s.yaml:6", "condition must return a boolean, returns string"));
    }

    @Test
    void readsADirectoryInNameOrderAndReportsAllItsProblems(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.yaml"), HEADER + "id: b\nscope: change\ncondition: 'true'\neffect: warn\nmessage: m\n");
        Files.writeString(dir.resolve("a.yml"), HEADER + "id: a\nscope: change\ncondition: 'true'\neffect: warn\nmessage: m\n");
        Files.writeString(dir.resolve("notes.txt"), "not a policy");
        assertThat(PolicyFileReader.read(dir)).extracting(PolicySpec::id).containsExactly("a", "b");

        Files.writeString(dir.resolve("c.yaml"), HEADER + "id: c\nscope: change\neffect: warn\nmessage: m\n");
        Files.writeString(dir.resolve("d.yaml"), HEADER + "id: d\nscope: change\ncondition: 'true'\neffect: nope\nmessage: m\n");
        BadInputException e = assertThrowsBadInput(() -> PolicyFileReader.read(dir));
        assertThat(e.problems()).extracting(p -> p.where().file())
                .containsExactly(dir.resolve("c.yaml").toString(), dir.resolve("d.yaml").toString());
    }

    @Test
    void missingAndEmptyInputs(@TempDir Path dir) {
        assertThat(assertThrowsBadInput(() -> PolicyFileReader.read(dir)).getMessage()).contains("holds no policy files");
        assertThat(assertThrowsBadInput(() -> PolicyFileReader.read(dir.resolve("nope.yaml"))).getMessage()).contains("no such file");
        assertThat(refused("empty.yaml", "# nothing\n").getMessage()).contains("holds no policies");
        assertThat(refused("bad.yaml", HEADER + "id: [\n").getMessage()).contains("bad.yaml", "malformed YAML");
    }

    private static BadInputException assertThrowsBadInput(Runnable r) {
        try {
            r.run();
        } catch (BadInputException e) {
            return e;
        }
        throw new AssertionError("expected BadInputException");
    }
}
