package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The analyses page of {@code zfnet serve} in a real browser (headless Chromium through chromium-driver) against the
 * distribution's {@code bin/zfnet serve --port 0}: the occlusion plugin's form, built from its options, run to
 * completion on the image picked in the explorer, with its figures decoded and its command line shown; the example
 * plugin's jar dropped into the plugins folder while the server runs appears in the list with its form, and goes when
 * the jar is removed; a plugin's page of its own is linked from its form. Skipped, with the reason, where Chromium or
 * chromium-driver is missing.
 */
class ServeAnalysesBrowserIT {

    @TempDir
    static Path temp;
    private static Path plugins;
    private static ServeIT.Server server;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start();
        plugins = Files.createDirectories(temp.resolve("plugins"));
        server = ServeIT.serve(TestDistribution.zfnetProcess("serve", "--port", "0", "--plugins", plugins.toString()),
                temp.resolve("serve-err.txt"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null && server.process().isAlive()) {
            server.stop();
        }
    }

    @Test
    void theOcclusionFormRunsToCompletionOnThePickedImage() throws Exception {
        String image = server.json("api/images").get(0).get("id").asText();
        browser.get(server.address().resolve("plugins.html?image=" + image).toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
        wait.until(b -> !b.findElements(By.linkText("occlusion")).isEmpty());
        browser.findElement(By.linkText("occlusion")).click();
        wait.until(b -> b.findElement(By.id("pluginForm")).isDisplayed());
        WebElement mode = browser.findElement(By.cssSelector("#options select[name=mode]"));
        assertEquals("exact", mode.getAttribute("value"), "the form shows the option's default");
        WebElement picked = browser.findElement(By.cssSelector("#runImages option[value='" + image + "']"));
        assertTrue(picked.isSelected(), "the explorer's image is picked");
        WebElement stride = browser.findElement(By.cssSelector("#options input[name=stride]"));
        stride.clear();
        stride.sendKeys("16");
        browser.findElement(By.id("runButton")).click();

        wait.until(b -> b.findElement(By.id("runResult")).isDisplayed());
        assertEquals("", browser.findElement(By.id("runError")).getText());
        String command = browser.findElement(By.id("runCommand")).getText();
        assertTrue(command.startsWith("zfnet analyze occlusion") && command.contains("--stride 16"), command);
        List<WebElement> figures = browser.findElements(By.cssSelector("#figures img"));
        assertTrue(figures.size() >= 4, "figures shown: " + figures.size());
        wait.until(b -> Boolean.TRUE.equals(Browser.js(browser, "return [...document.querySelectorAll('#figures img')]"
                + ".every(i => i.complete && i.naturalWidth > 0);")));
        assertTrue(browser.findElement(By.id("settings")).getText().contains("stride 16"),
                browser.findElement(By.id("settings")).getText());
        assertTrue(browser.findElements(By.cssSelector("#files a")).stream()
                .anyMatch(a -> a.getText().equals("report.json")), "report.json offered for download");
    }

    @Test
    void aPluginDroppedInWhileServingGetsItsPageAndGoesWhenRemoved() throws Exception {
        browser.get(server.address().resolve("plugins.html").toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(b -> !b.findElements(By.linkText("deconv")).isEmpty());
        assertTrue(browser.findElements(By.linkText("edges")).isEmpty(), "edges listed before its jar is there");
        Path jar = FaultyPlugins.drop(TestDistribution.examplePlugin(), plugins);
        wait.until(b -> !b.findElements(By.linkText("edges")).isEmpty());
        browser.findElement(By.linkText("edges")).click();
        wait.until(b -> b.findElement(By.id("pluginForm")).isDisplayed()
                && b.findElement(By.id("formTitle")).getText().equals("edges"));
        Files.delete(jar);
        wait.until(b -> b.findElements(By.linkText("edges")).isEmpty());
        wait.until(b -> !b.findElement(By.id("pluginForm")).isDisplayed());
    }

    @Test
    void aPluginsOwnPageIsLinkedFromItsForm() throws Exception {
        Path jar = FaultyPlugins.drop(PagePlugin.build(temp, "pagey"), plugins);
        browser.get(server.address().resolve("plugins.html").toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(b -> !b.findElements(By.linkText("pagey")).isEmpty());
        browser.findElement(By.linkText("pagey")).click();
        wait.until(b -> b.findElement(By.id("ownPage")).isDisplayed());
        browser.findElement(By.id("ownPageLink")).click();
        wait.until(b -> b.findElement(By.tagName("body")).getText().equals(PagePlugin.PAGE_TEXT));
        Files.delete(jar);
    }
}
