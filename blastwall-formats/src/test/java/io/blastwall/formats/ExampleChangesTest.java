package io.blastwall.formats;

import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.change.Scope;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.blastwall.formats.TestSupport.lines;
import static org.assertj.core.api.Assertions.assertThat;

/** Every example under examples/changes parses, and reads to the actions its README promises. */
class ExampleChangesTest {

    private static final Map<String, List<String>> EXPECTED = Map.of(
            "01-human-config-timeout.yaml", List.of("checkout-api config timeouts.upstream"),
            "02-agent-recreate-orders-db.json", List.of(
                    "module.shop_eu_west_1.aws_db_instance.orders replace delete-then-create storage_encrypted",
                    "module.shop_eu_west_1.aws_sqs_queue.order_events update tags.cost-center"),
            "03-agent-scale-down-checkout", List.of("Deployment/shop/checkout-api scale spec.replicas 6->2"),
            "04-agent-global-flag-push.yaml", List.of("feature-flags config flags.new-checkout"),
            "05-human-search-tags.json", List.of(
                    "module.shop_us_east_1.aws_opensearch_domain.search update tags.cost-center,tags_all.cost-center",
                    "module.shop_us_east_1.aws_sqs_queue.order_events update tags.cost-center,tags_all.cost-center"),
            "06-agent-detach-lb-targets.json", List.of(
                    "module.shop_us_east_1.aws_lb_target_group_attachment.checkout[0] delete",
                    "module.shop_us_east_1.aws_lb_target_group_attachment.checkout[1] delete",
                    "module.shop_us_east_1.aws_lb_target_group_attachment.checkout[2] delete",
                    "module.shop_us_east_1.aws_ecs_service.web delete",
                    "module.shop_us_east_1.aws_ecs_service.checkout_api delete"),
            "07-agent-unknown-resource.json", List.of("aws_iam_role.ci_runner create", "aws_s3_bucket.build_cache update tags.retention"));

    private static Path examples() {
        Path dir = TestSupport.projectRoot().resolve("examples/changes");
        Assumptions.assumeTrue(Files.isDirectory(dir), "examples not present at " + dir);
        return dir;
    }

    private static Change read(Path p) {
        if (Files.isDirectory(p)) {
            return ChangeReaders.read(List.of(p.resolve("desired.yaml")), Optional.of(p.resolve("current.yaml")), false);
        }
        return ChangeReaders.read(p);
    }

    @Test
    void everyExampleParsesToItsDocumentedActions() throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(examples())) {
            entries = s.filter(p -> !p.getFileName().toString().equals("README.md")).sorted().toList();
        }
        assertThat(entries).hasSize(EXPECTED.size());
        for (Path p : entries) {
            String name = p.getFileName().toString();
            assertThat(EXPECTED).as("an expectation for %s", name).containsKey(name);
            Change c = read(p);
            assertThat(lines(c)).as(name).containsExactlyElementsOf(EXPECTED.get(name));
            assertThat(c.actions()).allSatisfy(a -> assertThat(a.where().line()).isPositive());
        }
    }

    @Test
    void changeFilesCarryTheirAuthorsAndScopes() {
        Change human = read(examples().resolve("01-human-config-timeout.yaml"));
        assertThat(human.author()).isEqualTo(Provenance.human("alice"));
        assertThat(human.scope()).isEqualTo(new Scope(List.of("eu-west-1"), List.of("eu-west-1a"), List.of(), false));
        assertThat(human.labels()).containsEntry("ticket", "OPS-123");
        Change agent = read(examples().resolve("04-agent-global-flag-push.yaml"));
        assertThat(agent.author().isAgent()).isTrue();
        assertThat(agent.author().id()).isEqualTo("agent:flag-bot");
        assertThat(agent.author().accountableHuman()).isEqualTo("carol");
        assertThat(agent.scope().everywhere()).isTrue();
    }

    @Test
    void plansAreFaithfulShowJsonAndKeepNoSecrets() throws IOException {
        for (String name : List.of("02-agent-recreate-orders-db.json", "05-human-search-tags.json",
                "06-agent-detach-lb-targets.json", "07-agent-unknown-resource.json")) {
            String text = Files.readString(examples().resolve(name));
            for (String key : List.of("\"format_version\": \"1.2\"", "\"terraform_version\"", "\"planned_values\"",
                    "\"resource_changes\"", "\"prior_state\"", "\"configuration\"")) {
                assertThat(text).as(name).contains(key);
            }
        }
        Change db = read(examples().resolve("02-agent-recreate-orders-db.json"));
        assertThat(db.actions().getFirst().reason()).isEqualTo("replace_because_cannot_update");
        assertThat(db.actions().getFirst().attributes()).containsEntry("sensitivePaths", List.of("password"));
        assertThat(TestSupport.serialise(db)).doesNotContain("example-only-placeholder");
        assertThat(read(examples().resolve("06-agent-detach-lb-targets.json")).actions().getLast().reason())
                .isEqualTo("delete_because_no_resource_config");
    }
}
