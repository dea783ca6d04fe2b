package io.blastwall.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.blastwall.server.console.ConsoleExtension;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.blastwall.server.TestEnv.AGENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser: Debian's headless Chromium driven through the system chromedriver, against a real
 * server with the console extension and the example shop estate. One browser and one server for the class; each test
 * submits its own changes through the API. Skips (with the reason) only when /usr/bin/chromedriver is absent; CI
 * installs it ({@code .ci/run}). With {@code -Dconsole.screenshots=DIR} the main views are saved there as PNG.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    Path dir;
    TestEnv env;
    Browser browser;
    WebDriver driver;
    WebDriverWait wait;

    @BeforeAll
    void start() throws IOException {
        Browser.assumeInstalled();
        dir = Files.createTempDirectory("console-test");
        env = TestEnv.sqlite(dir, List.of(new ConsoleExtension()));
        browser = Browser.start();
        driver = browser.driver;
        wait = browser.waitFor();
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) browser.close();
        if (env != null) env.close();
        Browser.delete(dir);
    }

    @Test
    void reviewerSeesTheAgentChangeWithItsGraphAndApprovesIt() {
        String id = submit(AGENT, "plan.json", TestEnv.example("02-agent-recreate-orders-db.json"));
        signIn("dave");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("awaiting-me"), "Waiting for me"));
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("section[aria-labelledby='awaiting-me'] a[href='#/changes/" + id + "']")));
        screenshot("inbox");
        row.click();

        WebElement graph = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#graph[data-node-count]")));
        int drawn = Integer.parseInt(graph.getAttribute("data-node-count"));
        int served = env.http.get("/api/v1/changes/" + id + "/revisions/1/graph?maxNodes=500", env.token("dave")).json()
                .get("nodes").size();
        assertThat(drawn).isEqualTo(served).isGreaterThan(5);
        assertThat(graph.findElements(By.tagName("canvas"))).isNotEmpty();
        // the text alternative lists the impacted components with their paths; deletes and replaces come first
        assertThat(driver.findElement(By.cssSelector("table.impacted")).getText()).contains("shop-dns").contains("→");
        assertThat(driver.findElement(By.cssSelector("section[aria-labelledby='h-actions'] tbody tr")).getText()).startsWith("replace");
        screenshot("change");
        js("document.getElementById('h-blast').scrollIntoView()");
        screenshot("blast-radius");

        driver.findElement(By.id("comment")).sendKeys("restore drill done; backup verified");
        driver.findElement(By.id("approve")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("decision-status"), "Approved"));
        JsonNode after = env.http.get("/api/v1/changes/" + id, env.token("dave")).json();
        assertThat(after.get("decisions").get(0).get("approver").asText()).isEqualTo("dave");
        assertThat(after.get("decisions").get(0).get("comment").asText()).isEqualTo("restore drill done; backup verified");
        assertThat(after.get("decisions").get(0).get("contentHash").asText()).isEqualTo(after.at("/revision/contentHash").asText());
        assertNoScriptErrors();
    }

    @Test
    void theHumanBehindTheAgentCannotApproveAndAStalePageIsRefusedWithTheReason() {
        String id = submit(AGENT, "plan.json", TestEnv.example("02-agent-recreate-orders-db.json"));
        signIn("carol");
        open("#/changes/" + id);
        WebElement approve = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("approve")));
        assertThat(approve.isEnabled()).isFalse();
        assertThat(driver.findElement(By.id("approve-reason")).getText()).contains("carol launched the agent");

        // frank reviews revision 1; meanwhile the agent amends the change; frank's approval names the old revision
        signIn("frank");
        open("#/changes/" + id);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("approve")));
        Http.Res amended = env.http.post("/api/v1/changes/" + id + "/revisions", env.token(AGENT),
                Http.submission("plan.json", TestEnv.example("06-agent-detach-lb-targets.json")));
        assertThat(amended.status()).as(amended.body()).isEqualTo(201);
        driver.findElement(By.id("approve")).click();
        WebElement status = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#decision-status .notice-error")));
        assertThat(status.getText()).contains("moved on").contains("revision 2").contains("stale-revision");
        assertThat(env.http.get("/api/v1/changes/" + id, env.token("frank")).json().get("decisions")).isEmpty();
        js("document.getElementById('decision-status').scrollIntoView({block: 'center'})");
        screenshot("stale-approval");
    }

    @Test
    void htmlInATitleIsShownAsTextAndAMissingChangeSaysSo() {
        String title = "<img src=x onerror=\"window.pwned=1\"><b>bold</b> & co";
        String file = TestEnv.changeFile("placeholder", Map.of()).replace("\"placeholder\"",
                "'" + title.replace("'", "''") + "'");
        String id = submit("alice", "change.yaml", file);
        signIn("bob");
        open("#/changes/" + id);
        WebElement h1 = wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
        wait.until(ExpectedConditions.textToBePresentInElement(h1, "bold"));
        assertThat(h1.getText()).isEqualTo(title);
        assertThat(h1.findElements(By.tagName("b"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("main img"))).isEmpty();
        assertThat(js("return window.pwned === undefined")).isEqualTo(true);

        open("#/changes/ch_doesnotexist");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Change not found"));
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("There is no change ch_doesnotexist");
    }

    @Test
    void anEndedSessionReturnsToSignInAndEstateAndLedgerViewsWork() {
        String id = submit(AGENT, "plan.json", TestEnv.example("02-agent-recreate-orders-db.json"));
        signIn("alice");
        open("#/estate/checkout-api-eu-west-1");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main"), "orders-db-eu-west-1"));
        assertThat(driver.findElement(By.cssSelector("section[aria-labelledby='h-dependents']")).getText()).contains("edge-lb-eu-west-1");
        screenshot("estate");
        open("#/ledger");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main table"), id));
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Verified: the hash chain");
        screenshot("ledger");
        open("#/ledger/attribution/" + id);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("pre.report")));
        assertThat(driver.findElement(By.cssSelector("pre.report")).getText()).contains(AGENT);

        // the token stops being accepted (expired or revoked): the next request sends the user back to sign in
        js("sessionStorage.setItem('blastwall.token', 'bw_expired')");
        open("#/estate");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("token")));
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Sign in");
        assertNoScriptErrors();
    }

    // ------------------------------------------------------------------ helpers

    private String submit(String who, String name, String content) {
        Map<String, Object> body = new LinkedHashMap<>(Http.submission(name, content));
        Http.Res r = env.http.post("/api/v1/changes", env.token(who), body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private void signIn(String who) {
        browser.signIn(env, who);
    }

    private void open(String hash) {
        browser.open(hash);
    }

    private Object js(String script, Object... args) {
        return browser.js(script, args);
    }

    private void assertNoScriptErrors() {
        browser.assertNoScriptErrors();
    }

    private void screenshot(String name) {
        browser.screenshot(name);
    }
}
