package io.blastwall.core.canary;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks {@link RankSum} against R's {@code wilcox.test(x, y, conf.int = TRUE)} on the vectors in
 * {@code canary/wilcox-r.tsv}, produced by {@code canary/wilcox-r.R} (see that script to regenerate them).
 * Every number must agree to 1e-9 (relative for magnitudes above 1; p-values relative too). The issue asks for
 * 1e-6; the implementation follows R's arithmetic closely enough that 1e-13 also holds on this fixture.
 */
class RankSumRTest {

    static final double TOLERANCE = 1e-9;

    record Case(String id, RankSum.Alternative alternative, double confLevel, double[] x, double[] y, String method,
                double statistic, double pValue, double estimate, double confLow, double confHigh) {
    }

    static List<Case> cases() throws IOException {
        try (InputStream in = RankSumRTest.class.getResourceAsStream("/canary/wilcox-r.tsv")) {
            assertThat(in).as("fixture canary/wilcox-r.tsv").isNotNull();
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            List<Case> cases = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isBlank()) continue;
                String[] f = lines[i].split("\t");
                assertThat(f).as("line %d", i + 1).hasSize(11);
                cases.add(new Case(f[0], RankSum.Alternative.valueOf(f[1].replace('.', '_').toUpperCase(Locale.ROOT)),
                        number(f[2]), numbers(f[3]), numbers(f[4]), f[5], number(f[6]), number(f[7]), number(f[8]),
                        number(f[9]), number(f[10])));
            }
            return cases;
        }
    }

    static double number(String s) {
        return switch (s) {
            case "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    static double[] numbers(String s) {
        return Arrays.stream(s.split(",")).mapToDouble(RankSumRTest::number).toArray();
    }

    @Test
    void theFixtureCoversEveryBranch() throws IOException {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(70);
        assertThat(cases).anyMatch(c -> c.method.equals("exact")).anyMatch(c -> c.method.equals("asymptotic"));
        for (RankSum.Alternative a : RankSum.Alternative.values()) {
            assertThat(cases).anyMatch(c -> c.alternative == a && c.method.equals("exact"))
                    .anyMatch(c -> c.alternative == a && c.method.equals("asymptotic"));
        }
        assertThat(cases.stream().map(Case::confLevel).distinct()).hasSizeGreaterThanOrEqualTo(4);
    }

    @TestFactory
    List<DynamicTest> matchesR() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.id, () -> {
            RankSum.Result r = RankSum.test(c.x, c.y, c.alternative, c.confLevel);
            assertThat(r.method()).isEqualTo(c.method.equals("exact") ? RankSum.Method.EXACT : RankSum.Method.NORMAL_APPROXIMATION);
            close("statistic", r.statistic(), c.statistic);
            close("p-value", r.pValue(), c.pValue);
            assertThat(Math.abs(r.pValue() - c.pValue)).as("p-value relative").isLessThanOrEqualTo(TOLERANCE * c.pValue);
            close("estimate", r.estimate(), c.estimate);
            close("conf.low", r.confLow(), c.confLow);
            close("conf.high", r.confHigh(), c.confHigh);
        })).toList();
    }

    static void close(String what, double actual, double expected) {
        if (Double.isInfinite(expected)) {
            assertThat(actual).as(what).isEqualTo(expected);
            return;
        }
        assertThat(Math.abs(actual - expected)).as("%s: %s vs R %s", what, actual, expected)
                .isLessThanOrEqualTo(TOLERANCE * Math.max(1, Math.abs(expected)));
    }
}
