package dev.imlab.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium windows for the page tests, each its own browser profile (so two windows are two
 * devices). Uses the system's Chromium and chromedriver (Debian packages {@code chromium} and
 * {@code chromium-driver}), never a downloaded one, so the tests run offline.
 */
final class Chromium implements AutoCloseable {
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final String CHROMIUM = "/usr/bin/chromium";

    private final List<WebDriver> drivers = new ArrayList<>();

    /** Skips the calling tests loudly where no browser is installed; fails them in CI, which installs one. */
    static void requireInstalled() {
        String missing = !CHROMEDRIVER.canExecute() ? CHROMEDRIVER + " is missing"
                : !new File(CHROMIUM).canExecute() ? CHROMIUM + " is missing" : null;
        if (missing != null) {
            String message = "BROWSER TESTS NOT RUN: " + missing + "; install the Debian packages chromium and "
                    + "chromium-driver (apt-get install -y chromium chromium-driver)";
            // In CI (.ci/run installs the browser) a missing one is a failure; elsewhere a loud skip.
            assertThat("true".equals(System.getenv("CI"))).as(message).isFalse();
            System.err.println("\n*** " + message + " ***\n");
            Assumptions.abort(message);
        }
    }

    /** A new window on {@code url}; closed by {@link #close()} if not before. */
    WebDriver open(String url) {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1440,900", "--user-data-dir=" + tempDir());
        WebDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        driver.get(url);
        return driver;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("imlab-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        drivers.forEach(WebDriver::quit);
        drivers.clear();
    }
}
