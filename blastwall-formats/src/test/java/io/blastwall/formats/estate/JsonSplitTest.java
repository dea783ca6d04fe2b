package io.blastwall.formats.estate;

import io.blastwall.core.BadInputException;
import io.blastwall.core.estate.Estate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JSON file whose node list is read on two threads must give exactly what the one-thread read gives: the same
 * estate, the same problems (place, JSON path, message) in the same order, wherever in the file they are.
 */
class JsonSplitTest {

    private static final int NODES = 2_000;

    @TempDir
    Path dir;
    private List<String> lines;

    @BeforeEach
    void generate() throws IOException {
        Path f = dir.resolve("base.json");
        GeneratedEstates.writeJson(f, NODES, 5, 11);
        lines = new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
    }

    /** The line of node {@code i} (one node per line after the header and the {@code "nodes": [} line). */
    private static int lineOf(int i) {
        return 2 + i;
    }

    private void edit(int node, UnaryOperator<String> change) {
        lines.set(lineOf(node), change.apply(lines.get(lineOf(node))));
    }

    private Path write(String text) throws IOException {
        Path f = dir.resolve("estate-" + System.nanoTime() + ".json");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private String text() {
        return String.join("\n", lines) + "\n";
    }

    /** What a load gives, as text: the estate's every attribute and problem, or the bad input's every problem. */
    private static String outcome(Path f, long splitBytes) {
        try {
            EstateLoad load = new EstateFileReader(splitBytes).load(List.of(f));
            return describe(load.estate()) + "\nproblems: " + load.problems();
        } catch (BadInputException e) {
            return "bad input: " + e.problems() + "\n" + e.getMessage();
        }
    }

    private static String describe(Estate e) {
        StringBuilder sb = new StringBuilder(e.name()).append('\n');
        for (int c = 0; c < e.dictionarySize(); c++) sb.append(e.dictionaryValue(c)).append(',');
        sb.append('\n');
        for (int i = 0; i < e.nodeCount(); i++) {
            sb.append(e.id(i)).append(' ').append(e.kind(i)).append(' ').append(e.tier(i)).append(' ')
                    .append(e.stateful(i)).append(' ').append(e.ownerCode(i)).append(' ').append(e.regionCode(i))
                    .append(' ').append(e.system(i)).append(' ').append(e.cell(i)).append(' ').append(e.group(i))
                    .append(' ').append(e.groupIndex(i)).append(' ').append(e.capacity(i)).append(' ')
                    .append(e.peakLoad(i)).append(' ').append(e.replicas(i)).append(' ').append(e.trafficWeight(i))
                    .append(' ').append(e.labels(i)).append(' ').append(e.selectors(i)).append(" z");
            for (int k = 0; k < e.zoneCount(i); k++) sb.append(' ').append(e.zoneCode(i, k));
            sb.append(" ->");
            for (int k = e.dependenciesStart(i); k < e.dependenciesEnd(i); k++) {
                sb.append(' ').append(e.dependencyAt(k)).append('/').append(e.dependencyTypeAt(k));
            }
            sb.append(" <- ").append(e.dependentsEnd(i) - e.dependentsStart(i)).append('\n');
        }
        return sb.toString();
    }

    /** Reads {@code text} split and not split; the outcomes must be equal. Returns it and whether the tail was used. */
    private String sameEitherWay(String text, boolean tailUsed) throws IOException {
        Path f = write(text);
        String alone = outcome(f, Long.MAX_VALUE);
        long before = JsonSplit.SPLITS.get();
        String split = outcome(f, 0);
        assertThat(split).isEqualTo(alone);
        assertThat(JsonSplit.SPLITS.get() - before).as("the second thread's part was used").isEqualTo(tailUsed ? 1 : 0);
        return split;
    }

    @Test
    void aValidFileGivesTheSameEstate() throws IOException {
        String out = sameEitherWay(text(), true);
        assertThat(out).contains("problems: [").doesNotContain("bad input");
    }

    @Test
    void fieldProblemsInTheSecondHalfKeepTheirLinePathAndOrder() throws IOException {
        edit(NODES / 4, l -> l.replace("\"tier\": ", "\"tier\": 9, \"x\": "));
        edit(NODES * 3 / 4, l -> l.replace("\"tier\": ", "\"tier\": 7, \"tiers\": "));
        edit(NODES - 2, l -> l.replace("\"kind\": \"service\"", "\"kind\": \"servise\""));
        String out = sameEitherWay(text(), true);
        assertThat(out).contains("$.nodes[" + (NODES * 3 / 4) + "].tier", ":" + (lineOf(NODES * 3 / 4) + 1) + ":")
                .contains("unknown field 'tiers'", "unknown kind 'servise'");
    }

    @Test
    void duplicateIdsDanglingEdgesAndTheFirstDuplicateReported() throws IOException {
        edit(NODES * 2 / 3, l -> l.replaceFirst("\"id\": \"n\\d+\"", "\"id\": \"n5\""));
        edit(NODES * 3 / 4, l -> l.replaceFirst("\"id\": \"n\\d+\"", "\"id\": \"n5\""));
        edit(NODES * 4 / 5, l -> l.replace("\"dependsOn\": [", "\"dependsOn\": [\"nowhere\", "));
        String out = sameEitherWay(text(), true);
        assertThat(out).contains("duplicate node id 'n5'", "unknown node 'nowhere'");
    }

    @Test
    void malformedJsonInTheSecondHalfIsReportedAtItsLineAndColumn() throws IOException {
        edit(NODES * 3 / 4, l -> l.replace("\"tier\": ", "\"tier\" "));
        String out = sameEitherWay(text(), true);
        assertThat(out).contains("malformed JSON", ":" + (lineOf(NODES * 3 / 4) + 1) + ":");
    }

    @Test
    void aFileCutOffInTheSecondHalfIsReportedAsTheWholeFileParseReportsIt() throws IOException {
        String t = text();
        sameEitherWay(t.substring(0, t.length() * 4 / 5), true);
        sameEitherWay(t.substring(0, t.length() - 3), true);
    }

    @Test
    void malformedJsonInTheFirstHalfStopsTheReadThereAndDropsTheSecondHalf() throws IOException {
        edit(NODES / 5, l -> l.replace("\"tier\": ", "\"tier\": ]"));
        edit(NODES * 3 / 4, l -> l.replace("\"tier\": ", "\"tier\": 8, \"y\": "));
        String out = sameEitherWay(text(), false);
        assertThat(out).contains("malformed JSON").doesNotContain("'y'");
    }

    @Test
    void problemsInBothHalvesAreCappedAsOne() throws IOException {
        for (int i = 0; i < 40; i++) {
            edit(10 + i, l -> l.replace("\"tier\": ", "\"tier\": 4, \"a\": "));
            edit(NODES - 60 + i, l -> l.replace("\"tier\": ", "\"tier\": 5, \"b\": "));
        }
        String out = sameEitherWay(text(), true);
        assertThat(out).contains("more problems not shown");
    }

    @Test
    void fieldsAfterTheNodesAndAMissingApiVersionAreReadByTheSecondPart() throws IOException {
        lines.set(0, lines.get(0).replace("\"apiVersion\": \"blastwall.io/v1\", ", ""));
        String t = text();
        t = t.substring(0, t.lastIndexOf(']') + 1) + ",\n\"edges\": [{\"from\": \"n1\", \"to\": \"n2\", \"type\": \"sideways\"}],"
                + " \"metadata\": {\"name\": \"late\"}}\n";
        t = t.replace("\"metadata\": {\"name\": \"generated\"},", "");
        String out = sameEitherWay(t, true);
        assertThat(out).contains("missing required field 'apiVersion'", "unknown dependency type 'sideways'",
                "$.edges[0].type");
    }

    @Test
    void contentAfterTheDocumentIsReportedOnce() throws IOException {
        String out = sameEitherWay(text() + "{}\n", true);
        assertThat(out).contains("unexpected content after the end of the JSON document");
    }

    @Test
    void oneLineFilesCarriageReturnsAndAByteOrderMarkGiveTheSameColumnsAndLines() throws IOException {
        edit(NODES * 3 / 4, l -> l.replace("\"tier\": ", "\"tier\": 6, \"z\": "));
        String t = text();
        sameEitherWay(t.replace("\n", ""), true);
        sameEitherWay(t.replace("\n", "\r\n"), true);
        sameEitherWay(t.replace("\n", "\r"), true);
        sameEitherWay("\uFEFF" + t, true);
        String cut = t.replace("\n", "");
        sameEitherWay(cut.substring(0, cut.length() * 3 / 4), true);
    }

    @Test
    void stringsThatLookLikeNodeBoundariesDoNotMisleadTheSplit() throws IOException {
        for (int i = NODES / 2 - 40; i < NODES / 2 + 40; i++) {
            edit(i, l -> l.replace("\"tier\": ", "\"labels\": {\"note\": \"}, {\\\"id\\\": \\\"x\\\"}, [\"}, \"tier\": "));
        }
        sameEitherWay(text(), true);
    }

    @Test
    void prettyPrintedAndCommaFirstLayoutsAreCutAtNodesNotAtNestedObjects() throws IOException {
        StringBuilder sb = new StringBuilder("{\n  \"apiVersion\": \"blastwall.io/v1\",\n  \"kind\": \"Estate\",\n  \"nodes\": [\n");
        int n = 1_500;
        for (int i = 0; i < n; i++) {
            sb.append("    {\n      \"id\": \"p").append(i).append("\",\n      \"kind\": \"service\",\n");
            sb.append("      \"tier\": ").append(i == n * 3 / 4 ? 9 : i % 4).append(",\n      \"dependsOn\": [\n");
            sb.append("        {\n          \"id\": \"p").append((i + 1) % n).append("\",\n          \"type\": \"soft\"\n        },\n");
            sb.append("        {\n          \"id\": \"p").append((i + 2) % n).append("\"\n        }\n      ]\n    }");
            sb.append(i + 1 < n ? ",\n" : "\n");
        }
        sb.append("  ]\n}\n");
        String pretty = sb.toString();
        String out = sameEitherWay(pretty, true);
        assertThat(out).contains("$.nodes[" + (n * 3 / 4) + "].tier");
        sameEitherWay(pretty.replace("9,\n", "2,\n"), true);

        edit(NODES * 3 / 4, l -> l.replace("\"tier\": ", "\"tier\": 5, \"w\": "));
        edit(NODES * 4 / 5, l -> l.replaceFirst("\"id\": \"n\\d+\"", "\"id\": \"n1900\""));
        String commaFirst = text().replace(",\n{", "\n,{");
        assertThat(commaFirst).contains("\n,{");
        sameEitherWay(commaFirst, true);
    }

    @Test
    void anEmptyNodeListAndATinyFileAreNotSplit() throws IOException {
        sameEitherWay("{\"apiVersion\": \"blastwall.io/v1\", \"kind\": \"Estate\", \"nodes\": []}", false);
        sameEitherWay("{\"apiVersion\": \"blastwall.io/v1\", \"kind\": \"Estate\", \"nodes\": [{\"id\": \"a\", \"kind\": \"service\"}]}", false);
        sameEitherWay("{\"apiVersion\": \"blastwall.io/v1\", \"kind\": \"Estate\", \"nodes\": [", false);
    }
}
