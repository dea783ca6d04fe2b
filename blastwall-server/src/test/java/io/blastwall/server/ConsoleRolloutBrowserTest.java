package io.blastwall.server;

import io.blastwall.core.time.ManualClock;
import com.fasterxml.jackson.databind.JsonNode;
import io.blastwall.core.rollout.ExecutionStep;
import io.blastwall.core.rollout.MetricQuery;
import io.blastwall.core.rollout.MetricsSource;
import io.blastwall.core.rollout.RolloutExecutor;
import io.blastwall.core.rollout.RolloutPolicy;
import io.blastwall.core.rollout.StepOutcome;
import io.blastwall.core.rollout.WaveJudge;
import io.blastwall.core.rollout.WaveVerdict;
import io.blastwall.server.console.ConsoleExtension;
import io.blastwall.server.rollout.RolloutExtension;
import io.blastwall.store.JdbcRolloutStore;
import io.blastwall.store.StoreConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollout view in a real browser: a rollout of an approved change, driven in virtual time by ticking the rollout
 * extension by hand, is watched live (the page follows the ledger's server-sent events): the first wave bakes, is
 * judged and passes, its metric chart appears; then a reviewer rolls it back with one confirmed click and watches
 * the waves revert. Executor, metrics and judge are TEST DOUBLES here (one object; the simulator and the canary
 * judge are other modules' adapters): the canary's error rate is what the test sets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleRolloutBrowserTest {

    Path dir;
    TestEnv env;
    Browser browser;
    RolloutExtension rollouts;
    final Doubles doubles = new Doubles();

    @BeforeAll
    void start() throws IOException {
        Browser.assumeInstalled();
        dir = Files.createTempDirectory("console-rollout-test");
        env = TestEnv.start(StoreConfig.sqlite(dir.resolve("blastwall.db")), null, ServerSettings.loopback(0), s -> s, store -> {
            rollouts = new RolloutExtension(new JdbcRolloutStore(store), doubles, doubles, doubles, new RolloutExtension.Settings(
                    RolloutPolicy.defaults().withBake(Duration.ofMinutes(2)), doubles.clock, "replica-console", Duration.ofHours(1),
                    Duration.ofSeconds(30)));
            return List.of(new ConsoleExtension(), rollouts);
        });
        browser = Browser.start();
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) browser.close();
        if (env != null) env.close();
        Browser.delete(dir);
    }

    @Test
    void aWaveIsWatchedToPassAndTheRolloutIsRolledBackWithOneConfirmedClick() {
        WebDriver d = browser.driver;
        WebDriverWait wait = browser.waitFor();
        String change = approvedChange();
        browser.signIn(env, "carol");
        browser.open("#/changes/" + change);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("start-rollout"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("confirm-ok"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("waves")));
        String rollout = d.getCurrentUrl().replaceAll(".*#/rollouts/", "");
        assertThat(rollout).startsWith("ro_");

        rollouts.tick(); // wave 1 is applied and starts baking: the page learns it from the event stream
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("waves"), "baking"));
        doubles.clock.advance(Duration.ofMinutes(3));
        rollouts.tick(); // the bake is over: wave 1 is judged
        rollouts.tick();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#waves tbody tr:first-child"), "pass"));
        assertThat(d.findElement(By.cssSelector("#waves tbody tr:first-child")).getText()).contains("passed");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".chart canvas")));
        assertThat(d.findElement(By.cssSelector("section[aria-labelledby='h-metrics']")).getText()).contains("error_rate");
        // wave 1's canary and baseline over its bake: a time-series chart with both lines, and the values as a table
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".samples-chart[data-metric='error_rate'] canvas")));
        WebElement samples = d.findElement(By.id("ro-samples"));
        assertThat(samples.findElement(By.cssSelector(".samples-chart")).getAttribute("data-points")).isEqualTo("12");
        assertThat(samples.findElements(By.cssSelector("details tbody tr"))).hasSize(12);
        assertThat(samples.getText()).contains("error_rate").contains("pass");
        Object canaryPixels = browser.js("""
                const c = document.querySelector('.samples-chart canvas');
                const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 0; i < px.length; i += 4) if (px[i] === 183 && px[i + 1] === 28 && px[i + 2] === 28 && px[i + 3] > 200) n++;
                return n;""");
        assertThat(((Number) canaryPixels).intValue()).as("pixels of the canary's line").isGreaterThan(20);
        browser.screenshot("rollout");
        browser.js("document.getElementById('h-samples').scrollIntoView()");
        browser.screenshot("rollout-metrics");

        d.findElement(By.id("ro-rollback")).click();
        WebElement reason = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("confirm-reason")));
        d.findElement(By.id("confirm-ok")).click(); // a reason is required: the dialog stays and says so
        assertThat(d.findElement(By.cssSelector("dialog")).getText()).contains("Say why");
        reason.sendKeys("customer reports from the canary zone");
        d.findElement(By.id("confirm-ok")).click();
        wait.until(ExpectedConditions.or(
                ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("section.facts"), "rolling-back"),
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("#ro-status .notice-error"))));
        assertThat(d.findElement(By.cssSelector("section.facts")).getText()).as(d.findElement(By.tagName("main")).getText())
                .contains("rolling-back");
        for (int i = 0; i < 10; i++) {
            rollouts.tick();
            doubles.clock.advance(Duration.ofMinutes(1));
        }
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("section.facts"), "rolled-back"));
        JsonNode r = env.http.get("/api/v1/rollouts/" + rollout, env.token("bob")).json();
        assertThat(r.get("state").asText()).isEqualTo("rolled-back");
        // who asked for it, and why, is in the ledger
        String ledger = env.http.get("/api/v1/ledger?limit=1000", env.token("bob")).body();
        assertThat(ledger).contains("rollout.rollback-requested").contains("customer reports from the canary zone");
        browser.assertNoScriptErrors();
    }

    private String approvedChange() {
        JsonNode c = env.http.post("/api/v1/changes", env.token("alice"),
                Http.submission("change.yaml", TestEnv.changeFile("raise upstream timeout", Map.of()))).json();
        if (c.get("state").asText().equals("awaiting-approval")) {
            c = env.http.post("/api/v1/changes/" + c.get("id").asText() + "/approvals", env.token("dave"), Http.decision(c, "ok")).json();
        }
        assertThat(c.get("state").asText()).isEqualTo("approved");
        return c.get("id").asText();
    }

    /** Executor, metrics source and judge in one TEST DOUBLE, on a clock the test moves. */
    static final class Doubles implements RolloutExecutor, MetricsSource, WaveJudge {
        final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T08:00:00Z"));

        Doubles() {
            // virtual time starts at the wall clock, so the page's bake countdowns read sensibly
            clock.advance(Duration.between(clock.instant(), Instant.now()));
        }
        volatile double canaryErrorRate = 0.013; // a little above the baseline, within what passes

        @Override
        public String name() {
            return "console-test-double";
        }

        @Override
        public StepOutcome apply(ExecutionStep step) {
            return StepOutcome.ok("applied " + step.idempotencyKey());
        }

        @Override
        public StepOutcome rollBack(ExecutionStep step) {
            return StepOutcome.ok("reverted " + step.idempotencyKey());
        }

        @Override
        public String describe() {
            return "console-test-double";
        }

        @Override
        public double[] fetch(MetricQuery q) {
            double level = q.role() == MetricQuery.Role.CANARY ? canaryErrorRate : 0.01;
            double[] out = new double[12];
            for (int i = 0; i < out.length; i++) out[i] = level + 0.002 * (i % 3);
            return out;
        }

        @Override
        public List<String> metrics() {
            return List.of("error_rate");
        }

        @Override
        public WaveVerdict judge(Map<String, double[]> baseline, Map<String, double[]> canary) {
            double b = Arrays.stream(baseline.get("error_rate")).average().orElse(Double.NaN);
            double c = Arrays.stream(canary.get("error_rate")).average().orElse(Double.NaN);
            boolean pass = c <= 1.5 * b;
            return new WaveVerdict(pass ? WaveVerdict.Outcome.PASS : WaveVerdict.Outcome.FAIL, pass ? 100 : 0,
                    List.of(new WaveVerdict.MetricVerdict("error_rate", pass ? "pass" : "fail", true,
                            baseline.get("error_rate").length, canary.get("error_rate").length, c - b, Double.NaN,
                            "mean " + c + " against " + b)), pass ? List.of() : List.of("error_rate above 1.5× the baseline"));
        }
    }
}
