package io.blastwall.formats.terraform;

import io.blastwall.core.BadInputException;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.ActionKind;
import io.blastwall.core.change.Change;
import io.blastwall.formats.TestSupport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.blastwall.formats.TestSupport.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TerraformPlanReaderTest {

    private static Change read(String name) {
        return TerraformPlanReader.read(TestSupport.resource("terraform/" + name), Long.MAX_VALUE);
    }

    private static Change inline(String resourceChanges) {
        return TerraformPlanReader.parse("inline.json", """
                {"format_version": "1.2", "planned_values": {}, "resource_changes": [%s]}""".formatted(resourceChanges));
    }

    @Test
    void scalingAttributesThatChangeNumericallyAreScales() {
        assertThat(lines(read("scale-detection.json"))).containsExactly(
                "module.shop_us_east_1.aws_ecs_service.checkout_api scale desired_count 6->2",
                "aws_eks_node_group.workers scale scaling_config[0].desired_size 3->5",
                "aws_eks_node_group.workers update tags.env",
                "aws_autoscaling_group.batch scale desired_capacity 4->2",
                "aws_autoscaling_group.batch update min_size",
                "aws_ecs_service.later update desired_count",
                "aws_elasticache_replication_group.sessions update engine_version");
        ActionKind.Scale s = (ActionKind.Scale) read("scale-detection.json").actions().getFirst().kind();
        assertThat(s.isDown()).isTrue();
    }

    @Test
    void createThenDeleteIsAReplacementThatKeepsTheOldOneUntilTheNewOneStands() {
        Action a = read("create-then-delete.json").actions().getFirst();
        assertThat(a.kind()).isEqualTo(new ActionKind.Replace(ActionKind.ReplaceOrder.CREATE_THEN_DELETE, List.of("internal")));
    }

    @Test
    void changedPathsNameNestedAttributesUnknownsAndOddKeysButNoValues() {
        Change c = read("misc-actions.json");
        assertThat(lines(c)).containsExactly(
                "aws_security_group.web update arn,ingress[0].cidr_blocks,tags.team,tags[\"kubernetes.io/role\"]",
                "aws_s3_bucket.legacy no-op",
                "aws_s3_bucket.imported no-op",
                "aws_instance.old delete",
                "aws_db_instance.secret update password",
                "data.aws_ami.base read");
        List<Action> as = c.actions();
        assertThat(as.get(1).attributes()).containsEntry("forget", true);
        assertThat(as.get(2).attributes()).containsEntry("importing", true);
        assertThat(as.get(3).attributes()).containsEntry("deposed", "a1b2c3d4");
        assertThat(as.get(4).attributes()).containsEntry("sensitivePaths", List.of("password"));
        assertThat(as.get(5).reason()).isEqualTo("read_because_config_unknown");
        assertThat(as.get(5).type()).isEqualTo("aws_ami");
        String all = TestSupport.serialise(c);
        assertThat(all).doesNotContain("hunter2").doesNotContain("10.0.0.0/8").doesNotContain("0.0.0.0/0");
    }

    @Test
    void everyFormatVersionOneIsRead() {
        for (String v : List.of("1.0", "1.1", "1.2", "1.9")) {
            Change c = TerraformPlanReader.parse("v.json", """
                    {"format_version": "%s", "resource_changes": []}""".formatted(v));
            assertThat(c.actions()).isEmpty();
        }
    }

    @Test
    void otherFormatVersionsAreRefusedNamingTheFieldAndTheSupportedVersion() {
        for (String f : List.of("format-version-2.json", "format-version-0.json")) {
            assertThatThrownBy(() -> read(f)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining(f).hasMessageContaining("$.format_version").hasMessageContaining("1.x");
        }
    }

    @Test
    void missingFormatVersionIsRefused() {
        assertThatThrownBy(() -> TerraformPlanReader.parse("x.json", "{\"resource_changes\": []}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("format_version");
    }

    @Test
    void aStateIsNotAPlan() {
        assertThatThrownBy(() -> read("state-not-plan.json")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("state").hasMessageContaining("not a plan").hasMessageContaining("resource_changes");
        assertThatThrownBy(() -> TerraformPlanReader.parse("x.json", "{\"format_version\": \"1.2\"}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not a plan");
    }

    @Test
    void anErroredPlanIsRefusedAsIncomplete() {
        assertThatThrownBy(() -> read("errored.json")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("incomplete").hasMessageContaining("errored");
    }

    @Test
    void malformedJsonNamesTheLine() {
        assertThatThrownBy(() -> read("malformed.json")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("malformed.json:5").hasMessageContaining("malformed JSON");
    }

    @Test
    void unknownActionNamesTheJsonPathAndListsTheAcceptedForms() {
        assertThatThrownBy(() -> read("unknown-action.json")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("$.resource_changes[1].change.actions")
                .hasMessageContaining("[destroy]")
                .hasMessageContaining("[\"delete\",\"create\"]")
                .hasMessageContaining("[\"forget\"]");
    }

    @Test
    void unknownActionReportsItsLine() {
        BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class, () -> read("unknown-action.json"));
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().getFirst().where().line()).isPositive();
    }

    @Test
    void missingChangeOrAddressIsRefusedAtItsPlace() {
        assertThatThrownBy(() -> inline("{\"address\": \"a.b\"}")).hasMessageContaining("$.resource_changes[0]")
                .hasMessageContaining("'change'");
        assertThatThrownBy(() -> inline("{\"change\": {\"actions\": [\"create\"]}}")).hasMessageContaining("'address'");
        assertThatThrownBy(() -> inline("{\"address\": \"a.b\", \"change\": {}}")).hasMessageContaining("'actions'");
        assertThatThrownBy(() -> inline("{\"address\": \"a.b\", \"mode\": \"weird\", \"change\": {\"actions\": [\"create\"]}}"))
                .hasMessageContaining("$.resource_changes[0].mode");
    }

    @Test
    void sensitiveScalingAttributeIsNotCopiedIntoAScale() {
        Change c = inline("""
                {"address": "aws_ecs_service.s", "type": "aws_ecs_service", "change": {"actions": ["update"],
                 "before": {"desired_count": 6}, "after": {"desired_count": 2},
                 "before_sensitive": {"desired_count": true}, "after_sensitive": {"desired_count": true}}}""");
        assertThat(lines(c)).containsExactly("aws_ecs_service.s update desired_count");
    }

    @Test
    void hashIgnoresTheTimestampButNotContent() throws Exception {
        String text = Files.readString(TestSupport.resource("terraform/scale-detection.json"));
        String h = TerraformPlanReader.parse("a.json", text).hash();
        assertThat(TerraformPlanReader.parse("b.json", text.replace("2025-11-20T10:00:00Z", "2026-01-01T00:00:00Z")).hash()).isEqualTo(h);
        assertThat(TerraformPlanReader.parse("c.json", text.replace("\"desired_count\": 2", "\"desired_count\": 3")).hash()).isNotEqualTo(h);
    }

    @Test
    void moduleAddressIsDerivedWhenThePlanOmitsIt() {
        Change c = inline("""
                {"address": "module.a.module.b[\\"x\\"].aws_sqs_queue.q", "type": "aws_sqs_queue", "change": {"actions": ["create"]}}""");
        assertThat(((io.blastwall.core.change.ResourceRef.Terraform) c.actions().getFirst().target()).moduleAddress())
                .isEqualTo("module.a.module.b[\"x\"]");
    }

    @Test
    void oversizedFilesAreRefusedBeforeReading(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("big.json");
        Files.writeString(f, "{\"format_version\": \"1.2\", \"resource_changes\": []}" + " ".repeat(2 * 1024 * 1024));
        assertThatThrownBy(() -> TerraformPlanReader.read(f, 1024 * 1024)).hasMessageContaining("limit");
    }
}
