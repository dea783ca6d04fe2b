package io.blastwall.formats.terraform;

import io.blastwall.core.change.Action;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.change.ResourceRef;
import io.blastwall.formats.TestSupport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.blastwall.formats.TestSupport.lines;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden tests over every plan in the shared OpenTofu fixtures (real {@code tofu show -json} output): each file's
 * exact actions. A fixture added without an expectation here fails the test.
 */
class OpenTofuFixturesGoldenTest {

    private static final Map<String, List<String>> EXPECTED = Map.of(
            "basic-create.json", List.of(
                    "test_instance.test[0] create", "test_instance.test[1] create", "test_instance.test[2] create"),
            "basic-delete.json", List.of("test_instance.test update ami", "test_instance.test-delete delete"),
            "basic-update.json", List.of("test_instance.test no-op"),
            "drift.json", List.of("test_instance.no_refresh update ami", "test_instance.should_refresh update ami"),
            "modules.json", List.of(
                    "module.module_test_bar.test_instance.test create",
                    "module.module_test_foo.test_instance.test[0] create",
                    "module.module_test_foo.test_instance.test[1] create",
                    "module.module_test_foo.test_instance.test[2] create"),
            "moved.json", List.of("test_instance.baz update ami"),
            "multi-resource-update.json", List.of("test_instance.test[0] no-op", "test_instance.test[1] create"),
            "requires-replace.json", List.of("test_instance.test replace delete-then-create ami"),
            "sensitive-values.json", List.of("test_instance.test create"));

    private static Change read(String name) {
        return TerraformPlanReader.read(TestSupport.sharedFixtures("opentofu-show-json").resolve(name), Long.MAX_VALUE);
    }

    @Test
    void everyFixtureReadsToItsExpectedActions() throws IOException {
        Path dir = TestSupport.sharedFixtures("opentofu-show-json");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            String name = f.getFileName().toString();
            assertThat(EXPECTED).as("an expectation for %s", name).containsKey(name);
            Change c = TerraformPlanReader.read(f, Long.MAX_VALUE);
            assertThat(lines(c)).as(name).containsExactlyElementsOf(EXPECTED.get(name));
            assertThat(c.source()).isEqualTo("terraform-plan");
            assertThat(c.author()).isEqualTo(Provenance.UNKNOWN);
            assertThat(c.hash()).matches("[0-9a-f]{64}");
            for (Action a : c.actions()) {
                assertThat(a.nodes()).as("readers never map").isEmpty();
                assertThat(a.target()).isInstanceOf(ResourceRef.Terraform.class);
                assertThat(a.where().file()).endsWith(name);
                assertThat(a.where().line()).isPositive();
                assertThat(a.where().path()).startsWith("$.resource_changes[");
            }
        }
    }

    @Test
    void requiresReplaceKeepsReasonAndReplacePaths() {
        Action a = read("requires-replace.json").actions().getFirst();
        assertThat(a.reason()).isEqualTo("replace_because_cannot_update");
        assertThat(a.type()).isEqualTo("test_instance");
        assertThat(a.where().path()).isEqualTo("$.resource_changes[0]");
        assertThat(a.kind().destructive()).isTrue();
    }

    @Test
    void driftIsANoteNotAnAction() {
        Change c = read("drift.json");
        assertThat(c.actions()).hasSize(2);
        assertThat(c.notes()).containsExactly("drift on test_instance.should_refresh (not part of this change)");
    }

    @Test
    void movedResourceRemembersWhereItCameFrom() {
        assertThat(read("moved.json").actions().getFirst().attributes()).containsEntry("movedFrom", "test_instance.foo");
        assertThat(read("multi-resource-update.json").actions().getFirst().attributes())
                .containsEntry("movedFrom", "test_instance.test");
    }

    @Test
    void deleteCarriesItsReason() {
        List<Action> as = read("basic-delete.json").actions();
        assertThat(as.get(0).reason()).isEmpty();
        assertThat(as.get(1).reason()).isEqualTo("delete_because_no_resource_config");
    }

    @Test
    void moduleAddressesComeFromThePlan() {
        List<Action> as = read("modules.json").actions();
        assertThat(as).extracting(a -> ((ResourceRef.Terraform) a.target()).moduleAddress())
                .containsExactly("module.module_test_bar", "module.module_test_foo", "module.module_test_foo", "module.module_test_foo");
        assertThat(((ResourceRef.Terraform) as.get(1).target()).address()).isEqualTo("module.module_test_foo.test_instance.test[0]");
    }

    @Test
    void rootModuleResourcesHaveAnEmptyModuleAddress() {
        ResourceRef.Terraform t = (ResourceRef.Terraform) read("basic-create.json").actions().getFirst().target();
        assertThat(t).isEqualTo(new ResourceRef.Terraform("test_instance.test[0]", "test_instance", ""));
    }

    @Test
    void sensitiveValuesNeverAppearAnywhereInTheChange() {
        Change c = read("sensitive-values.json");
        assertThat(c.actions().getFirst().attributes()).containsEntry("sensitivePaths", List.of("ami"));
        String all = TestSupport.serialise(c);
        assertThat(all).contains("sensitivePaths").doesNotContain("boop");
        assertThat(c.toString()).doesNotContain("boop");
    }

    @Test
    void titleSummarisesLikeTerraform() {
        assertThat(read("basic-delete.json").title()).isEqualTo("Plan: 0 to add, 1 to change, 1 to destroy");
        assertThat(read("requires-replace.json").title()).isEqualTo("Plan: 1 to add, 0 to change, 1 to destroy");
    }
}
