package io.blastwall.server;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium driven through the system chromedriver, for the console's browser tests: a fresh
 * profile per instance, a laptop-sized window, the browser console captured (script errors and CSP violations fail
 * a test), and screenshots saved when {@code -Dconsole.screenshots=DIR} is set. One per test class.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    final WebDriver driver;
    private final Path profile;

    private Browser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test class, saying why, when Chromium or its driver is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "no /usr/bin/chromedriver or /usr/bin/chromium: apt-get install chromium chromium-driver (.ci/run does)");
    }

    static Browser start() throws IOException {
        Path profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1366,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, o), profile);
    }

    /** Waits bound how long a test looks for an element; they assert nothing about speed. */
    WebDriverWait waitFor() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    /** Signs in to the console of {@code env} with the token of {@code who}, from a fresh tab session. */
    void signIn(TestEnv env, String who) {
        driver.get(env.server.baseUrl() + "/console/#/signin");
        js("sessionStorage.clear()");
        driver.navigate().refresh();
        WebElement token = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("token")));
        if (who.equals("dave")) screenshot("sign-in");
        token.sendKeys(env.token(who));
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), who));
    }

    void open(String hash) {
        js("location.hash = arguments[0]", hash);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void assertNoScriptErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            // refused requests (401/403/404/409) are expected in the scenarios and logged by the browser
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() && !e.getMessage().contains("Failed to load resource")) {
                errors.add(e.getMessage());
            }
        }
        assertThat(errors).as("script errors or CSP violations in the browser console").isEmpty();
    }

    void screenshot(String name) {
        String target = System.getProperty("console.screenshots");
        if (target == null || target.isBlank()) return;
        try {
            File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path out = Path.of(target).resolve(name + ".png");
            Files.createDirectories(out.getParent());
            Files.copy(png.toPath(), out, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        delete(profile);
    }

    static void delete(Path p) throws IOException {
        if (p == null || !Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
