package io.blastwall.core.controlplane;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnalysisGateTest {

    @Test
    void noMoreThanTheBoundRunAtOnceAndEveryRequestRuns() throws Exception {
        AnalysisGate gate = new AnalysisGate(2, Duration.ofSeconds(30));
        AtomicInteger now = new AtomicInteger(), most = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    go.await();
                    return gate.run(() -> {
                        most.accumulateAndGet(now.incrementAndGet(), Math::max);
                        try {
                            Thread.sleep(2);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        now.decrementAndGet();
                        return n;
                    });
                }));
            }
            go.countDown();
            for (int i = 0; i < results.size(); i++) assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(most.get()).isEqualTo(2);
        assertThat(gate.running()).isZero();
    }

    @Test
    void aRequestThatWaitsTooLongIsRefusedAndTheSlotsStayUsable() throws Exception {
        AnalysisGate gate = new AnalysisGate(1, Duration.ofMillis(50));
        CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
        Thread holder = Thread.ofVirtual().start(() -> gate.run(() -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        inside.await();
        assertThat(gate.running()).isEqualTo(1);
        assertThatThrownBy(() -> gate.run(() -> "never"))
                .isInstanceOf(OverloadedException.class)
                .hasMessageContaining("busy analysing other changes").hasMessageContaining("Nothing was written");
        release.countDown();
        holder.join();
        assertThat(gate.run(() -> "after")).isEqualTo("after");
    }

    @Test
    void analysesRunOnPlatformThreadsSoTheyCannotHoldAVirtualThreadsCarrier() throws Exception {
        AnalysisGate gate = new AnalysisGate(1, Duration.ofSeconds(5));
        java.util.concurrent.atomic.AtomicReference<Boolean> virtual = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> virtual.set(gate.run(() -> Thread.currentThread().isVirtual())));
        caller.join();
        assertThat(virtual.get()).isFalse();
        assertThat(gate.run(() -> Thread.currentThread().getName())).startsWith("blastwall-analysis-");
    }

    @Test
    void aFailingAnalysisFreesItsSlot() {
        AnalysisGate gate = new AnalysisGate(1, Duration.ofMillis(50));
        assertThatThrownBy(() -> gate.run(() -> {
            throw new IllegalStateException("bad plan");
        })).hasMessage("bad plan");
        assertThat(gate.running()).isZero();
        assertThat(gate.run(() -> 1)).isEqualTo(1);
    }

    @Test
    void aBoundBelowOneIsRejected() {
        assertThatThrownBy(() -> new AnalysisGate(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
