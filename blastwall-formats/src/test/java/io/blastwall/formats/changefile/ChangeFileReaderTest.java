package io.blastwall.formats.changefile;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastwall.core.BadInputException;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.ActionKind;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.change.ResourceRef;
import io.blastwall.core.change.Scope;
import io.blastwall.formats.TestSupport;
import io.blastwall.formats.doc.Documents;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static io.blastwall.formats.TestSupport.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangeFileReaderTest {

    private static final String HEAD = """
            apiVersion: blastwall.io/v1
            kind: Change
            """;

    private static Change full() {
        return ChangeFileReader.read(TestSupport.resource("changefile/full.yaml"), Long.MAX_VALUE);
    }

    private static Change yaml(String body) {
        return ChangeFileReader.parse("c.yaml", HEAD + body);
    }

    @Test
    void readsEveryPartOfTheDocumentedExample() {
        Change c = full();
        assertThat(c.source()).isEqualTo("blastwall-change");
        assertThat(c.title()).isEqualTo("Raise checkout upstream timeout");
        assertThat(c.labels()).containsExactly(Map.entry("ticket", "OPS-123"));
        assertThat(c.author()).isEqualTo(Provenance.agent("agent:ops-copilot", "claude-opus-4", "alice", "s-42", "sha256:9f2c"));
        assertThat(c.scope()).isEqualTo(new Scope(List.of("eu-west-1"), List.of("eu-west-1a"), List.of(), false));
        assertThat(lines(c)).containsExactly(
                "checkout-api config timeouts.upstream",
                "fulfilment-worker scale replicas 3->2",
                "module.shop_eu_west_1.aws_db_instance.orders replace delete-then-create",
                "Deployment/shop/web restart",
                "module.shop_eu_west_1.aws_lb_target_group.checkout replace create-then-delete",
                "ClusterRole/old-reader delete");
        List<Action> as = c.actions();
        assertThat(as.get(0).target()).isEqualTo(new ResourceRef.Component("checkout-api"));
        assertThat(as.get(0).attributes()).containsEntry("description", "30s -> 45s");
        assertThat(as.get(2).target()).isEqualTo(new ResourceRef.Terraform(
                "module.shop_eu_west_1.aws_db_instance.orders", "aws_db_instance", "module.shop_eu_west_1"));
        assertThat(as.get(3).target()).isEqualTo(new ResourceRef.Kubernetes("", "Deployment", "shop", "web", Map.of()));
        assertThat(as.get(5).target()).isEqualTo(new ResourceRef.Kubernetes(
                "rbac.authorization.k8s.io/v1", "ClusterRole", "", "old-reader", Map.of()));
        assertThat(as.get(1).where().line()).isEqualTo(16);
        assertThat(as.get(1).where().path()).isEqualTo("$.actions[1]");
        assertThat(as).allSatisfy(a -> assertThat(a.nodes()).isEmpty());
    }

    @Test
    void humanAuthorNeedsOnlyAnIdAndNoAuthorIsUnknown() {
        Change c = yaml("""
                author: {kind: human, id: alice}
                actions: [{action: restart, component: web}]
                """);
        assertThat(c.author()).isEqualTo(Provenance.human("alice"));
        assertThat(yaml("actions: [{action: restart, component: web}]").author()).isEqualTo(Provenance.UNKNOWN);
        assertThat(yaml("actions: [{action: restart, component: web}]").scope()).isEqualTo(Scope.UNSPECIFIED);
    }

    @Test
    void agentWithoutTheHumanItActsForIsRefusedAtItsLine() {
        assertThatThrownBy(() -> yaml("""
                author:
                  kind: agent
                  id: agent:x
                actions: [{action: restart, component: web}]
                """)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("c.yaml:4").hasMessageContaining("$.author").hasMessageContaining("on-behalf-of");
        assertThatThrownBy(() -> yaml("""
                author: {kind: human, id: bob, model: gpt}
                actions: [{action: restart, component: web}]
                """)).hasMessageContaining("$.author");
        assertThatThrownBy(() -> yaml("""
                author: {kind: robot, id: bob}
                actions: [{action: restart, component: web}]
                """)).hasMessageContaining("$.author.kind").hasMessageContaining("human or agent");
    }

    @Test
    void hashIgnoresTheAuthorAndTheSyntaxButNotTheContent() throws Exception {
        String text = Files.readString(TestSupport.resource("changefile/full.yaml"));
        String h = full().hash();
        String otherAuthor = text.replace("onBehalfOf: alice", "onBehalfOf: bob").replace("sessionId: s-42", "sessionId: s-43");
        assertThat(ChangeFileReader.parse("b.yaml", otherAuthor).hash()).isEqualTo(h);
        Object tree = Documents.parse("full.yaml", text).getFirst().root();
        String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        assertThat(ChangeFileReader.parse("full.json", json).hash()).isEqualTo(h);
        assertThat(ChangeFileReader.parse("c.yaml", text.replace("from: 3, to: 2", "from: 3, to: 1")).hash()).isNotEqualTo(h);
        assertThat(ChangeFileReader.parse("c.yaml", text.replace("zones: [eu-west-1a]", "zones: [eu-west-1b]")).hash()).isNotEqualTo(h);
    }

    @Test
    void unknownActionNamesItsPlaceAndTheAcceptedNames() {
        assertThatThrownBy(() -> yaml("""
                actions:
                  - {action: restart, component: web}
                  - {action: nuke, component: web}
                """)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("c.yaml:5").hasMessageContaining("$.actions[1].action")
                .hasMessageContaining("create, update, delete, replace, scale, config, restart, read, no-op");
    }

    @Test
    void exactlyOneTargetPerAction() {
        assertThatThrownBy(() -> yaml("actions: [{action: restart}]")).hasMessageContaining("exactly one of component, terraform or kubernetes");
        assertThatThrownBy(() -> yaml("actions: [{action: restart, component: web, terraform: aws_lb.edge}]"))
                .hasMessageContaining("component and terraform");
        assertThatThrownBy(() -> yaml("actions: [{action: restart, terraform: \"not an address\"}]"))
                .hasMessageContaining("$.actions[0].terraform");
    }

    @Test
    void scaleNeedsWholeNonNegativeCounts() {
        assertThatThrownBy(() -> yaml("actions: [{action: scale, component: web, from: 3}]")).hasMessageContaining("'to'");
        assertThatThrownBy(() -> yaml("actions: [{action: scale, component: web, from: 3, to: -1}]"))
                .hasMessageContaining("$.actions[0].to").hasMessageContaining("whole number >= 0");
        assertThatThrownBy(() -> yaml("actions: [{action: scale, component: web, from: 3, to: 1.5}]")).hasMessageContaining("$.actions[0].to");
        assertThatThrownBy(() -> yaml("actions: [{action: scale, component: web, from: \"3\", to: 1}]")).hasMessageContaining("$.actions[0].from");
    }

    @Test
    void typosAreRefusedNotIgnored() {
        assertThatThrownBy(() -> yaml("scop: {everywhere: true}\nactions: [{action: restart, component: web}]"))
                .hasMessageContaining("unknown field 'scop'").hasMessageContaining("scope");
        assertThatThrownBy(() -> yaml("actions: [{action: config, component: web, pahts: [a]}]"))
                .hasMessageContaining("unknown field 'pahts'").hasMessageContaining("$.actions[0].pahts");
        assertThatThrownBy(() -> yaml("actions: [{action: delete, component: web, from: 1}]"))
                .hasMessageContaining("unknown field 'from' in a delete action");
        assertThatThrownBy(() -> yaml("scope: {everywhere: false, region: [eu-west-1]}\nactions: [{action: restart, component: web}]"))
                .hasMessageContaining("unknown field 'region'");
        assertThatThrownBy(() -> yaml("author: {kind: human, id: a, name: b}\nactions: [{action: restart, component: web}]"))
                .hasMessageContaining("unknown field 'name'");
    }

    @Test
    void apiVersionKindAndActionsAreRequired() {
        assertThatThrownBy(() -> ChangeFileReader.parse("c.yaml", "apiVersion: blastwall.io/v2\nkind: Change\nactions: []"))
                .hasMessageContaining("$.apiVersion").hasMessageContaining("blastwall.io/v1");
        assertThatThrownBy(() -> ChangeFileReader.parse("c.yaml", "apiVersion: blastwall.io/v1\nkind: Estate\nactions: []"))
                .hasMessageContaining("$.kind");
        assertThatThrownBy(() -> yaml("metadata: {title: x}")).hasMessageContaining("'actions'");
        assertThatThrownBy(() -> yaml("actions: []")).hasMessageContaining("at least one action");
    }

    @Test
    void everywhereContradictingRegionsIsRefused() {
        assertThatThrownBy(() -> yaml("scope: {everywhere: true, regions: [eu-west-1]}\nactions: [{action: restart, component: web}]"))
                .hasMessageContaining("$.scope").hasMessageContaining("contradicts");
        assertThat(yaml("scope: {everywhere: true}\nactions: [{action: restart, component: web}]").scope().everywhere()).isTrue();
    }

    @Test
    void replaceOrderIsCheckedAndDefaultsToDeleteFirst() {
        assertThat(yaml("actions: [{action: replace, component: orders-db}]").actions().getFirst().kind())
                .isEqualTo(new ActionKind.Replace(ActionKind.ReplaceOrder.DELETE_THEN_CREATE, List.of()));
        assertThatThrownBy(() -> yaml("actions: [{action: replace, component: orders-db, order: sideways}]"))
                .hasMessageContaining("$.actions[0].order").hasMessageContaining("delete-then-create, create-then-delete");
    }

    @Test
    void severalMistakesAreReportedTogether() {
        BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class, () -> yaml("""
                author: {kind: agent, id: a}
                actions:
                  - {action: nuke, component: web}
                  - {action: scale, component: web}
                """));
        assertThat(e.problems()).hasSize(3);
    }
}
