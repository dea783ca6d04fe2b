package io.blastwall.formats.policy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {

    @Test
    void readsCommonForms() {
        assertThat(Durations.parse("10m")).contains(Duration.ofMinutes(10));
        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("90s")).contains(Duration.ofSeconds(90));
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("1.5h")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("2d")).contains(Duration.ofDays(2));
        assertThat(Durations.parse("PT15M")).contains(Duration.ofMinutes(15));
    }

    @Test
    void refusesWhatIsNotADuration() {
        for (String s : new String[]{"", "10", "m", "10 m", "10x", "PTX", "-5m", "1h-2m"}) {
            assertThat(Durations.parse(s)).as(s).isEqualTo(Optional.empty());
        }
    }

    @Property(tries = 300)
    void formatReadsBack(@ForAll @LongRange(min = 0, max = 10L * 365 * 86_400_000) long millis) {
        Duration d = Duration.ofMillis(millis);
        assertThat(Durations.parse(Durations.format(d))).contains(d);
    }
}
