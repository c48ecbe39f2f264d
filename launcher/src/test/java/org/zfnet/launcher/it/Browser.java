package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven through chromium-driver (Selenium WebDriver), for the tests of {@code zfnet serve}'s pages;
 * the calling test is skipped, with the reason, where Chromium or its driver is missing.
 */
final class Browser {

    private Browser() {
    }

    /** A headless Chromium 1280 pixels wide, with a profile of its own; the caller quits it. */
    static ChromeDriver start() throws IOException {
        Chromium chromium = Chromium.find();
        assumeTrue(chromium != null, "no chromium on the PATH (apt-get install chromium, or set ZFNET_CHROMIUM)");
        Path driver = Chromium.driver();
        assumeTrue(driver != null, "no chromedriver on the PATH (apt-get install chromium-driver, or set ZFNET_CHROMEDRIVER)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.executable().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--window-size=1280,860", "--user-data-dir="
                + Files.createTempDirectory("zfnet-selenium").resolve("profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Whether the image element {@code id} has loaded and decoded (a broken image has no natural width). */
    static boolean decoded(ChromeDriver browser, String id) {
        return Boolean.TRUE.equals(js(browser, "const i = document.getElementById('" + id + "');"
                + " return i !== null && i.complete && i.naturalWidth > 0;"));
    }

    static Object js(ChromeDriver browser, String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }
}
