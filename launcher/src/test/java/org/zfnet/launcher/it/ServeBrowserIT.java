package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page of {@code zfnet serve} in a real browser: headless Chromium driven through its WebDriver (Selenium) against
 * the distribution's {@code bin/zfnet serve --port 0}. A user's path through it: pick a sample image, see its top-5
 * (the server's), click a conv5 channel on the grid and see its projection decode, drag the occluder and see the
 * displayed probability change to what the server answers for the square's new position. A screenshot of the page is
 * left in {@code target/serve.png} (README's docs/serve.png is one). Skipped, with the reason, where Chromium or
 * chromium-driver is missing ({@code apt-get install chromium chromium-driver}; .ci/run installs both).
 */
class ServeBrowserIT {

    /** The pixels the page draws the input at (app.js SHOWN). */
    private static final int SHOWN = 336;

    private static ServeIT.Server server;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start();
        server = ServeIT.serve("--port", "0");
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
    void pickAnImageClickAChannelAndDragTheOccluder() throws Exception {
        browser.get(server.address().toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
        wait.until(b -> b.findElements(By.cssSelector("#top5 li")).size() == 5);

        // pick a sample (the one the network is least sure of, so that occluding it shows): its top-5 are the server's
        String image = leastCertainSample();
        new Select(browser.findElement(By.id("images"))).selectByValue(image);
        JsonNode top = server.json("api/classes?image=" + image + "&k=5");
        String expectedFirst = top.get(0).get("name").asText() + " "
                + String.format(Locale.ROOT, "%.1f", 100 * top.get(0).get("probability").asDouble()) + "%";
        wait.until(b -> b.findElements(By.cssSelector("#top5 li")).size() == 5
                && b.findElement(By.cssSelector("#top5 li")).getText().equals(expectedFirst));
        assertTrue(decoded("input"), "the input image did not decode");

        // pick conv5 (the page starts on the last layer) and click a channel other than the strongest one it shows
        new Select(browser.findElement(By.id("tap"))).selectByValue("conv5");
        wait.until(b -> text("channelText").startsWith("conv5 channel"));
        JsonNode grid = server.json("api/activations?image=" + image + "&tap=conv5");
        int channel = grid.get("columns").asInt() + 1; // second row, second column
        String before = text("channelText");
        assertTrue(!before.startsWith("conv5 channel " + channel + ":"), before);
        clickTile(grid, channel);
        wait.until(b -> text("channelText").startsWith("conv5 channel " + channel + ":"));
        wait.until(b -> browser.findElement(By.id("projection")).getAttribute("src").contains("channel=" + channel)
                && decoded("projection"));
        JsonNode projection = server.json("api/projection?image=" + image + "&tap=conv5&channel=" + channel);
        assertTrue(text("channelText").contains(String.format(Locale.ROOT, "strongest activation %.3f",
                projection.get("value").asDouble())), text("channelText"));

        // drag the occluder to the middle of the image: the probability shown changes to the server's answer there
        wait.until(b -> !text("occProb").isEmpty() && text("occAct").contains("channel " + channel));
        int side = server.json("api/model").get("input").get(2).asInt();
        WebElement size = browser.findElement(By.id("size"));
        int steps = side / 2 - Integer.parseInt(size.getAttribute("value"));
        size.sendKeys(Keys.ARROW_RIGHT.toString().repeat(Math.max(0, steps)));
        wait.until(b -> text("sizeText").equals(side / 2 + " px"));
        JsonNode corner = server.json("api/occlusion?image=" + image + "&tap=conv5&channel=" + channel
                + "&x=0&y=0&size=" + side / 2);
        String probabilityBefore = String.format(Locale.ROOT, "%.2f%%", 100 * corner.get("probability").asDouble());
        wait.until(b -> text("occProb").equals(probabilityBefore));
        WebElement occluder = browser.findElement(By.id("occluder"));
        new Actions(browser).clickAndHold(occluder).moveByOffset(SHOWN / 4, SHOWN / 6).moveByOffset(SHOWN / 4, SHOWN / 6)
                .release().perform();
        int[] square = square(side);
        assertTrue(square[0] > 0 && square[1] > 0, "the occluder did not move: " + List.of(square[0], square[1]));
        JsonNode there = server.json("api/occlusion?image=" + image + "&tap=conv5&channel=" + channel + "&x="
                + square[0] + "&y=" + square[1] + "&size=" + square[2]);
        String expected = String.format(Locale.ROOT, "%.2f%%", 100 * there.get("probability").asDouble());
        wait.until(b -> text("occProb").equals(expected));
        assertNotEquals(probabilityBefore, expected, "occluding the middle instead of the corner changed nothing");
        assertEquals("", text("error"));

        browser.manage().window().setSize(new Dimension(1280, 1200));
        js("window.scrollTo(0, 0)");
        Path shot = Path.of("target", "serve.png");
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(shot) > 0);
    }

    /** The sample image whose top class has the lowest probability. */
    private static String leastCertainSample() throws Exception {
        String least = null;
        double lowest = 2;
        for (JsonNode entry : server.json("api/images")) {
            String id = entry.get("id").asText();
            if (entry.get("kind").asText().equals("sample")) {
                double p = server.json("api/classes?image=" + id + "&k=1").get(0).get("probability").asDouble();
                if (p < lowest) {
                    lowest = p;
                    least = id;
                }
            }
        }
        assertTrue(least != null, "the server lists no sample image");
        return least;
    }

    /** Clicks the middle of channel {@code channel}'s tile on the grid image, however the page scales it. */
    private static void clickTile(JsonNode grid, int channel) {
        WebElement img = browser.findElement(By.id("grid"));
        int naturalWidth = ((Number) js("return document.getElementById('grid').naturalWidth")).intValue();
        double s = img.getSize().getWidth() / (double) naturalWidth;
        int pad = grid.get("pad").asInt();
        int tw = grid.get("tileWidth").asInt();
        int th = grid.get("tileHeight").asInt();
        int col = channel % grid.get("columns").asInt();
        int row = channel / grid.get("columns").asInt();
        double x = (pad + col * (tw + pad) + tw / 2.0) * s;
        double y = (pad + row * (th + pad) + th / 2.0) * s;
        new Actions(browser).moveToElement(img, (int) Math.round(x - img.getSize().getWidth() / 2.0),
                (int) Math.round(y - img.getSize().getHeight() / 2.0)).click().perform();
    }

    /** The occluder's square in input pixels, from where the page drew it: x, y, size. */
    private static int[] square(int side) {
        double s = SHOWN / (double) side;
        Object[] xy = ((List<?>) js("const o = document.getElementById('occluder');"
                + " return [parseFloat(o.style.left), parseFloat(o.style.top), document.getElementById('size').value];"))
                .toArray();
        return new int[] {(int) Math.round(((Number) xy[0]).doubleValue() / s),
                (int) Math.round(((Number) xy[1]).doubleValue() / s), Integer.parseInt(xy[2].toString())};
    }

    private static boolean decoded(String id) {
        return Browser.decoded(browser, id);
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static Object js(String script) {
        return Browser.js(browser, script);
    }
}
