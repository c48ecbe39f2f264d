package org.zfnet.launcher.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium, to check that an HTML report renders: how many images it has, how many are broken; and where
 * Chromium and its WebDriver are, for the browser tests that drive a page ({@code ServeBrowserIT}).
 */
final class Chromium {

    private static final Pattern TITLE = Pattern.compile("<title>zfnet-check images=(\\d+) broken=(\\d+) height=(\\d+)</title>");
    private static final String CHECK = "<script>addEventListener('load', () => { const images = [...document.images];"
            + " const broken = images.filter(i => !i.complete || i.naturalWidth === 0).length;"
            + " document.title = 'zfnet-check images=' + images.length + ' broken=' + broken"
            + " + ' height=' + document.documentElement.scrollHeight; });</script>";

    record Page(int images, int broken, int height) {
    }

    private final Path executable;

    private Chromium(Path executable) {
        this.executable = executable;
    }

    /** Chromium from {@code ZFNET_CHROMIUM} or the PATH, or null when there is none. */
    static Chromium find() {
        Path executable = executable("ZFNET_CHROMIUM", "chromium", "chromium-browser", "google-chrome");
        return executable == null ? null : new Chromium(executable);
    }

    /**
     * Chromium's WebDriver from {@code ZFNET_CHROMEDRIVER} or the PATH (Debian's chromium-driver installs
     * {@code chromedriver}), or null when there is none.
     */
    static Path driver() {
        return executable("ZFNET_CHROMEDRIVER", "chromedriver", "chromium-driver");
    }

    /** The browser's executable. */
    Path executable() {
        return executable;
    }

    /** The file the environment variable names, else the first of {@code names} found on the PATH, else null. */
    private static Path executable(String variable, String... names) {
        String configured = System.getenv(variable);
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /**
     * Loads the page (a copy with a script appended that counts its images once everything has loaded) and takes a
     * screenshot of the page itself.
     */
    Page load(Path html, Path screenshot) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("zfnet-chromium");
        Path check = work.resolve("check.html");
        Files.writeString(check, Files.readString(html).replace("</body>", CHECK + "</body>"));
        String dom = chromium(work, "--virtual-time-budget=30000", "--dump-dom", check.toUri().toString());
        chromium(work, "--window-size=1440,2400", "--screenshot=" + screenshot, html.toUri().toString());
        Matcher m = TITLE.matcher(dom);
        if (!m.find()) {
            throw new AssertionError("the page did not finish loading in Chromium; its title: "
                    + dom.replaceAll("(?s).*?(<title>.*?</title>).*", "$1"));
        }
        return new Page(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    private String chromium(Path work, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + work.resolve("profile")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(work.resolve("chromium.log").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("chromium failed: " + command + "\n" + Files.readString(work.resolve("chromium.log")));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
