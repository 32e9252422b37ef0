package dev.parley.server.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (packages {@code chromium} and
 * {@code chromium-driver}, which .ci/run installs), on a fresh profile that talks to nothing but the
 * test's servers. Without either program the test is skipped, and says why.
 */
final class Chromium implements AutoCloseable {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path EVIDENCE = Path.of("target", "browser-evidence");

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts the browser; skips the calling test (an assumption that fails, its reason printed) without it. */
    static Chromium startOrSkip() {
        for (Path program : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(program)) {
                String reason = "SKIPPED: the browser tests need " + program
                        + " (Debian's chromium and chromium-driver; .ci/run installs them)";
                System.out.println(reason);
                Assumptions.abort(reason);
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("parley-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(BROWSER.toFile())
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--window-size=1280,2400",
                        "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new Chromium(new ChromeDriver(service, options), profile);
    }

    WebDriver driver() {
        return driver;
    }

    Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    /** Waits (polling) until {@code condition} gives something other than null or false. */
    <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        return new FluentWait<WebDriver>(driver)
                .withMessage(what)
                .withTimeout(timeout)
                .pollingEvery(Duration.ofMillis(100))
                .ignoring(RuntimeException.class)
                .until(condition);
    }

    /**
     * Runs a browser test's {@code steps}; if they fail, keeps what the browser showed and logged
     * (a screenshot and the console) in target/browser-evidence and says where.
     */
    void withEvidence(String name, ThrowingSteps steps) throws Exception {
        try {
            steps.run();
        } catch (Exception | AssertionError e) {
            try {
                Files.createDirectories(EVIDENCE);
                Files.write(EVIDENCE.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
                String console = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .map(Object::toString)
                        .collect(Collectors.joining("\n"));
                Files.writeString(
                        EVIDENCE.resolve(name + ".log"), "URL: " + driver.getCurrentUrl() + "\n" + console + "\n");
                System.out.println(
                        "browser evidence: " + EVIDENCE.toAbsolutePath().resolve(name) + ".{png,log}");
            } catch (IOException | RuntimeException evidence) {
                e.addSuppressed(evidence);
            }
            throw e;
        }
    }

    /** A test's steps, which may throw what a test throws. */
    @FunctionalInterface
    interface ThrowingSteps {
        void run() throws Exception;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> paths = Files.walk(profile)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // A leftover profile fails no test.
            }
        }
    }
}
