package io.blastwall.bench.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blastwall.bench.EstateGenerator;
import io.blastwall.bench.GeneratedEstate;
import io.blastwall.core.estate.NodeKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes the inputs of the control-plane load run: a generated estate whose nodes carry Terraform resource selectors,
 * and a {@code terraform show -json} plan of {@value #ACTIONS} resource changes on addresses of that estate.
 *
 * <p>Every node gets exactly one selector {@code module.<region>.<type>.<id>} (region {@code global} for nodes without
 * one), the type following its kind ({@code aws_ecs_service} for services …), so that plan addresses map onto nodes
 * one to one. The selectors are added to the generator's own JSON output rather than inside
 * {@link GeneratedEstate}, which stays as it is for the JMH benchmarks.
 *
 * <p>The plan has 40 in-place updates (tags and image on services), 4 scale-ups ({@code desired_count} up by one, never
 * below peak), 4 creates and 2 deletes of stateless tier 2–3 services; one update touches a tier 1 service, so an
 * agent's submission needs a senior's approval under the default policies. Its text holds the placeholder
 * {@value #SEQ} in one tag value: the load generator replaces it with a sequence number so that every submission has
 * its own content hash, as real plans do.
 *
 * <p>Stateless; not for concurrent use of the same output files.
 */
public final class LoadFixtures {

    /** Number of resource changes in the plan. */
    public static final int ACTIONS = 50;
    /** Placeholder in the plan text replaced per submission. */
    public static final String SEQ = "__SEQ__";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LoadFixtures() {
    }

    /** What {@link #write} produced. */
    public record Files2(Path estate, Path plan, int nodes, int edges) {
    }

    /** Generates the estate ({@code nodes}, {@code seed}) and the plan into {@code dir}. */
    public static Files2 write(Path dir, int nodes, long seed) throws IOException {
        Files.createDirectories(dir);
        GeneratedEstate g = EstateGenerator.generate(nodes, seed);
        Path raw = dir.resolve("estate-raw.json");
        g.writeJson(raw);
        ObjectNode estate = (ObjectNode) JSON.readTree(raw.toFile());
        Files.delete(raw);
        for (JsonNode n : estate.get("nodes")) {
            ObjectNode node = (ObjectNode) n;
            node.putObject("resources").putArray("terraform").add(address(node));
        }
        Path estateFile = dir.resolve("estate-" + nodes + ".json");
        JSON.writeValue(estateFile.toFile(), estate);
        Path planFile = dir.resolve("plan-" + ACTIONS + ".json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(planFile.toFile(), plan(estate, seed));
        return new Files2(estateFile, planFile, g.nodeCount(), g.edgeCount());
    }

    static String module(JsonNode node) {
        JsonNode r = node.get("region");
        return r == null ? "global" : r.asText().replace('-', '_');
    }

    static String type(JsonNode node) {
        NodeKind k = NodeKind.parse(node.get("kind").asText()).orElse(NodeKind.OTHER);
        return switch (k) {
            case SERVICE -> "aws_ecs_service";
            case DATASTORE -> "aws_db_instance";
            case QUEUE -> "aws_sqs_queue";
            case CACHE -> "aws_elasticache_replication_group";
            case LOAD_BALANCER -> "aws_lb";
            case DNS -> "aws_route53_record";
            case NETWORK -> "aws_vpc";
            case FUNCTION -> "aws_lambda_function";
            case STORAGE -> "aws_s3_bucket";
            case GATEWAY -> "aws_api_gateway_rest_api";
            case CDN -> "aws_cloudfront_distribution";
            case CLUSTER -> "aws_ecs_cluster";
            case SECRET -> "aws_kms_key";
            case OTHER -> "null_resource";
        };
    }

    static String address(JsonNode node) {
        return "module." + module(node) + "." + type(node) + "." + node.get("id").asText().replace('-', '_');
    }

    private static ObjectNode plan(ObjectNode estate, long seed) {
        // candidates: plain services (not platform ones, not stateful), split by tier
        List<JsonNode> low = new ArrayList<>(), tier1 = new ArrayList<>();
        for (JsonNode n : estate.get("nodes")) {
            if (!n.get("id").asText().startsWith("svc-") || n.path("stateful").asBoolean()) continue;
            int tier = n.get("tier").asInt();
            if (tier >= 2) low.add(n);
            else if (tier == 1) tier1.add(n);
        }
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5eed);
        List<JsonNode> chosen = new ArrayList<>();
        chosen.add(tier1.get(rnd.nextInt(tier1.size())));
        while (chosen.size() < ACTIONS) {
            JsonNode n = low.get(rnd.nextInt(low.size()));
            if (!chosen.contains(n)) chosen.add(n);
        }

        ObjectNode plan = JSON.createObjectNode();
        plan.put("format_version", "1.2");
        plan.put("terraform_version", "1.9.8");
        ArrayNode changes = JSON.createArrayNode();
        ArrayNode planned = JSON.createArrayNode();
        ArrayNode prior = JSON.createArrayNode();
        ArrayNode configured = JSON.createArrayNode();
        for (int i = 0; i < chosen.size(); i++) {
            JsonNode n = chosen.get(i);
            String action = i < 40 ? "update" : i < 44 ? "scale" : i < 48 ? "create" : "delete";
            int replicas = Math.max(1, n.path("replicas").asInt(2));
            ObjectNode before = values(n, replicas, "v1", "stable");
            ObjectNode after = switch (action) {
                case "update" -> values(n, replicas, i == 1 ? "v2-" + SEQ : "v2", "canary");
                case "scale" -> values(n, replicas + 1, "v1", "stable");
                case "create" -> values(n, replicas, "v1", "stable");
                default -> null;
            };
            String address = address(n);
            ObjectNode rc = changes.addObject();
            rc.put("address", address);
            rc.put("module_address", "module." + module(n));
            rc.put("mode", "managed");
            rc.put("type", "aws_ecs_service");
            rc.put("name", n.get("id").asText().replace('-', '_'));
            rc.put("provider_name", "registry.terraform.io/hashicorp/aws");
            ObjectNode ch = rc.putObject("change");
            ArrayNode acts = ch.putArray("actions");
            acts.add(switch (action) {
                case "update", "scale" -> "update";
                default -> action;
            });
            if (action.equals("create")) ch.putNull("before");
            else ch.set("before", before);
            if (action.equals("delete")) ch.putNull("after");
            else ch.set("after", after);
            ObjectNode unknown = ch.putObject("after_unknown");
            if (action.equals("create")) unknown.put("id", true);
            ch.putObject("before_sensitive");
            ch.putObject("after_sensitive");
            if (action.equals("delete")) rc.put("action_reason", "delete_because_no_resource_config");
            if (after != null) planned.addObject().put("address", address).put("mode", "managed")
                    .put("type", "aws_ecs_service").put("name", rc.get("name").asText())
                    .put("provider_name", "registry.terraform.io/hashicorp/aws").put("schema_version", 0)
                    .set("values", after);
            if (!action.equals("create")) prior.addObject().put("address", address).put("mode", "managed")
                    .put("type", "aws_ecs_service").put("name", rc.get("name").asText())
                    .put("provider_name", "registry.terraform.io/hashicorp/aws").put("schema_version", 0)
                    .set("values", before);
            if (!action.equals("delete")) configured.addObject().put("address", address).put("mode", "managed")
                    .put("type", "aws_ecs_service").put("name", rc.get("name").asText())
                    .put("provider_config_key", "aws").putObject("expressions");
        }
        plan.putObject("planned_values").putObject("root_module").set("resources", planned);
        plan.set("resource_changes", changes);
        ObjectNode ps = plan.putObject("prior_state");
        ps.put("format_version", "1.0");
        ps.put("terraform_version", "1.9.8");
        ps.putObject("values").putObject("root_module").set("resources", prior);
        ObjectNode cfg = plan.putObject("configuration");
        cfg.putObject("provider_config").putObject("aws").put("name", "aws")
                .put("full_name", "registry.terraform.io/hashicorp/aws");
        cfg.putObject("root_module").set("resources", configured);
        plan.put("timestamp", "2026-11-27T12:00:00Z");
        plan.put("applyable", true);
        plan.put("complete", true);
        plan.put("errored", false);
        return plan;
    }

    private static ObjectNode values(JsonNode n, int desired, String version, String track) {
        ObjectNode v = JSON.createObjectNode();
        String id = n.get("id").asText();
        v.put("name", id);
        v.put("cluster", n.path("cell").asText("default"));
        v.put("desired_count", desired);
        v.put("task_definition", id + ":" + (version.startsWith("v1") ? 41 : 42));
        v.put("launch_type", "FARGATE");
        ObjectNode tags = v.putObject("tags");
        tags.put("owner", n.path("owner").asText());
        tags.put("version", version);
        tags.put("track", track);
        return v;
    }

    /** Command line: {@code LoadFixtures DIR [NODES [SEED]]} writes the two files and prints their paths. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: LoadFixtures DIR [NODES [SEED]]");
            System.exit(2);
        }
        Files2 f = write(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 100_000,
                args.length > 2 ? Long.parseLong(args[2]) : 42L);
        System.out.printf(Locale.ROOT, "%s (%d nodes, %d edges)%n%s%n", f.estate(), f.nodes(), f.edges(), f.plan());
    }
}
