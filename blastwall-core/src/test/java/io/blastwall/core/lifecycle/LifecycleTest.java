package io.blastwall.core.lifecycle;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleTest {

    @Test
    void theHappyPathIsLegal() {
        ChangeState s = ChangeState.PROPOSED;
        for (Trigger t : new Trigger[]{Trigger.ANALYSE, Trigger.REQUIRE_APPROVAL, Trigger.APPROVE, Trigger.SCHEDULE,
                Trigger.START_ROLLOUT, Trigger.COMPLETE}) {
            s = Lifecycle.next(s, t);
        }
        assertThat(s).isEqualTo(ChangeState.COMPLETED);
    }

    @Test
    void illegalMovesAreTypedAndSayWhatIsAllowed() {
        assertThatThrownBy(() -> Lifecycle.check(ChangeState.PROPOSED, Trigger.APPROVE, ChangeState.APPROVED))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("proposed cannot become approved")
                .hasMessageContaining("analyse → analysed");
        assertThatThrownBy(() -> Lifecycle.next(ChangeState.COMPLETED, Trigger.ROLL_BACK))
                .hasMessageContaining("completed is final");
    }

    @Test
    void aFailedWaveIsReversedThroughRollingBack() {
        ChangeState s = ChangeState.ROLLING_OUT;
        for (Trigger t : new Trigger[]{Trigger.HALT, Trigger.ROLL_BACK, Trigger.HALT, Trigger.ROLL_BACK, Trigger.FINISH_ROLL_BACK}) {
            s = Lifecycle.next(s, t);
        }
        assertThat(s).isEqualTo(ChangeState.ROLLED_BACK);
        assertThat(Lifecycle.next(ChangeState.HALTED, Trigger.ABORT)).isEqualTo(ChangeState.ABORTED);
        assertThat(ChangeState.ABORTED.terminal()).isTrue();
        assertThatThrownBy(() -> Lifecycle.next(ChangeState.ROLLING_BACK, Trigger.RESUME))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Property
    void terminalStatesHaveNoWayOutAndOthersHaveOne(@ForAll ChangeState s) {
        boolean anyOut = Lifecycle.table().stream().anyMatch(t -> t.from() == s);
        assertThat(anyOut).isEqualTo(!s.terminal());
    }

    @Test
    void everyStateIsReachableFromProposed() {
        Set<ChangeState> seen = new HashSet<>(Set.of(ChangeState.PROPOSED));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Lifecycle.Transition t : Lifecycle.table()) if (seen.contains(t.from())) grew |= seen.add(t.to());
        }
        assertThat(seen).containsExactlyInAnyOrder(ChangeState.values());
    }

    @Property
    void checkAgreesWithNext(@ForAll ChangeState from, @ForAll Trigger trigger, @ForAll ChangeState to) {
        boolean legal;
        try {
            legal = Lifecycle.next(from, trigger) == to;
        } catch (IllegalTransitionException e) {
            legal = false;
        }
        boolean checked;
        try {
            Lifecycle.check(from, trigger, to);
            checked = true;
        } catch (IllegalTransitionException e) {
            checked = false;
        }
        assertThat(checked).isEqualTo(legal);
    }
}
