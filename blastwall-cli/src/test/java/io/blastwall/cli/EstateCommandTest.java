package io.blastwall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EstateCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) { }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new EstateCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static String example(String relative) {
        Path root = Path.of(System.getProperty("blastwall.root", ".."));
        Path f = root.resolve(relative);
        return (Files.exists(f) ? f : Path.of("..").resolve(relative)).toString();
    }

    private String write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f.toString();
    }

    @Test
    void validatesTheShopExample() {
        Run r = run("validate", example("examples/estate/shop.yaml"));
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().strip()).isEqualTo("estate 'shop': 31 nodes, 50 edges; 0 errors, 0 warnings (0 hard-dependency cycles): valid");
    }

    @Test
    void validateReportsProblemsWithPlacesAndCyclesAsWarnings() throws IOException {
        String f = write("e.yaml", """
                apiVersion: blastwall.io/v1
                kind: Estate
                metadata: {name: loop}
                nodes:
                  - {id: a, kind: service, dependsOn: [b]}
                  - {id: b, kind: service, dependsOn: [a, ghost]}
                  - {id: a, kind: datastore}
                """);
        Run r = run("validate", f);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains(f + ":6: error: dependency b -> ghost names unknown node 'ghost'")
                .contains("[dangling-edge]")
                .contains(f + ":7: error: duplicate node id 'a'")
                .contains(f + ": warning: hard-dependency cycle of 2 nodes: a -> b -> a")
                .contains("allowed but reported")
                .contains("estate 'loop': 2 nodes, 2 edges; 2 errors, 1 warning (1 hard-dependency cycle): invalid");
    }

    @Test
    void cyclesAloneDoNotFailValidation() throws IOException {
        String f = write("c.yaml", """
                apiVersion: blastwall.io/v1
                kind: Estate
                nodes:
                  - {id: a, kind: service, dependsOn: [b]}
                  - {id: b, kind: service, dependsOn: [a]}
                """);
        Run r = run("validate", "--format", "json", f);
        assertThat(r.exit()).isZero();
        JsonNode j = json(r.out());
        assertThat(j.get("valid").asBoolean()).isTrue();
        assertThat(j.get("warnings").asInt()).isEqualTo(1);
        assertThat(j.get("problems").get(0).get("code").asText()).isEqualTo("hard-cycle");
        assertThat(j.get("hardCycles").asInt()).isEqualTo(1);
    }

    @Test
    void badInputPrintsTheMessageOnlyAndExitsTwo() throws IOException {
        String f = write("bad.yaml", """
                apiVersion: blastwall.io/v1
                kind: Estate
                nodes:
                  - {id: a, kind: service, tier: 7}
                """);
        Run r = run("validate", f);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(f + ":4:").contains("$.nodes[0].tier").doesNotContain("Exception").doesNotContain("\tat ");
        Run missing = run("stats", dir.resolve("absent.yaml").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
        Run other = run("validate", write("k.yaml", "apiVersion: v1\nkind: ConfigMap\n"));
        assertThat(other.exit()).isEqualTo(2);
        assertThat(other.err()).contains("not an estate source");
    }

    @Test
    void usageMistakesExitTwo() {
        assertThat(run("validate").exit()).isEqualTo(2);
        assertThat(run("validate", "--format", "xml", "x.yaml").exit()).isEqualTo(2);
        assertThat(run().exit()).isEqualTo(2);
        assertThat(run("stats", "--help").exit()).isZero();
    }

    @Test
    void statsOfTheShopAsText() {
        Run r = run("stats", example("examples/estate/shop.yaml"));
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("estate 'shop'")
                .contains("nodes:          31")
                .contains("edges:          50 (hard 34, soft 14, async 2)")
                .contains("by tier:        tier 0 14, tier 1 11, tier 2 6, tier 3 0")
                .contains("by kind:        service 15, datastore 6, queue 2, cache 2, load-balancer 2, dns 1, network 2, gateway 1")
                .contains("by region:      (global) 3, eu-west-1 14, us-east-1 14")
                .contains("entry points:   1 (total traffic weight 1): shop-dns 1")
                .contains("stateful:       8")
                .contains("without owner:  0")
                .contains("orphans:        0")
                .contains("hard cycles:    0 (0 nodes)");
    }

    @Test
    void statsAsJsonAndAutoDetectedBackstageMixedWithAnEstateFile() throws IOException {
        String extra = write("extra.yaml", """
                apiVersion: blastwall.io/v1
                kind: Estate
                nodes:
                  - {id: lb, kind: lb, trafficWeight: 1, dependsOn: [component:default/web-eu-west-1]}
                """);
        Run r = run("stats", "--format", "JSON", example("examples/backstage/catalog-info.yaml"), extra);
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        JsonNode j = json(r.out());
        assertThat(j.get("nodes").asInt()).isEqualTo(10);
        assertThat(j.get("edges").asInt()).isEqualTo(10);
        assertThat(j.get("entryPoints").asInt()).isEqualTo(1);
        assertThat(j.get("nodesByKind").get("load-balancer").asInt()).isEqualTo(1);
        assertThat(j.get("errors").asInt()).isZero();
    }

    @Test
    void backstageFlagReadsEveryFileAsACatalog() {
        Run r = run("validate", "--backstage", example("examples/backstage/catalog-info.yaml"));
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("note: ").contains("Location 'shop-catalog' skipped")
                .contains("estate 'shop': 9 nodes, 9 edges; 0 errors, 0 warnings");
        Run wrong = run("validate", "--backstage", example("examples/estate/shop.yaml"));
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("unsupported apiVersion for a Backstage catalog");
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
