package io.blastwall.core.canary;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The pieces under the rank-sum test, and what it does where R has no answer. */
class RankSumTest {

    @Test
    void normalDistributionAgreesWithKnownValues() {
        assertThat(Normal.cdf(0, true)).isEqualTo(0.5);
        assertThat(Normal.cdf(1.959963984540054, false)).isCloseTo(0.025, within(1e-15));
        assertThat(Normal.cdf(-10, true) / 7.619853024160527e-24).isCloseTo(1, within(1e-12));
        assertThat(Normal.cdf(3.5, true)).isCloseTo(0.9997673709209645, within(1e-15));
        assertThat(Normal.quantile(0.025, false)).isCloseTo(1.959963984540054, within(1e-13));
        assertThat(Normal.quantile(0.005, true)).isCloseTo(-2.5758293035489004, within(1e-13));
        assertThat(Normal.quantile(0, true)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Normal.quantile(2, true)).isNaN();
    }

    @Test
    void exactDistributionCountsArrangements() {
        RankSumExact d = RankSumExact.of(2, 3); // U takes 0..6 with counts 1 1 2 2 2 1 1 over choose(5, 2) = 10
        assertThat(d.cdf(0, true)).isCloseTo(0.1, within(1e-15));
        assertThat(d.cdf(2, true)).isCloseTo(0.4, within(1e-15));
        assertThat(d.cdf(5, false)).isCloseTo(0.1, within(1e-15));
        assertThat(d.quantile(0.4)).isEqualTo(2);
        assertThat(RankSumExact.of(49, 49).cdf(49 * 49 / 2.0, true)).isCloseTo(0.5, within(0.01));
    }

    @Test
    void allTiedGivesNoEvidenceInsteadOfNaN() {
        double[] same = new double[60];
        RankSum.Result r = RankSum.test(same, same, RankSum.Alternative.GREATER, 0.95);
        assertThat(r.pValue()).isEqualTo(1.0);
        assertThat(r.estimate()).isZero();
    }

    @Test
    void twoConstantSamplesGiveTheirDifference() {
        double[] x = new double[30], y = new double[30];
        java.util.Arrays.fill(x, 5);
        java.util.Arrays.fill(y, 2);
        RankSum.Result r = RankSum.test(x, y, RankSum.Alternative.TWO_SIDED, 0.95);
        assertThat(r.estimate()).isEqualTo(3);
        assertThat(r.confLow()).isEqualTo(3);
        assertThat(r.pValue()).isLessThan(1e-10);
    }

    @Test
    void refusesWhatItCannotTest() {
        assertThatThrownBy(() -> RankSum.test(new double[0], new double[]{1}, RankSum.Alternative.LESS, 0.95))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RankSum.test(new double[]{Double.NaN}, new double[]{1}, RankSum.Alternative.LESS, 0.95))
                .hasMessageContaining("non-finite");
        assertThatThrownBy(() -> RankSum.test(new double[]{1}, new double[]{1}, RankSum.Alternative.LESS, 1.0))
                .hasMessageContaining("confidence level");
    }

    @Test
    void inputsAreNotModified() {
        double[] x = {3, 1, 2}, y = {6, 4, 5};
        RankSum.test(x, y, RankSum.Alternative.TWO_SIDED, 0.9);
        assertThat(x).containsExactly(3, 1, 2);
        assertThat(y).containsExactly(6, 4, 5);
    }
}
