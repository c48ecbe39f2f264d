package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyses of {@code zfnet serve} over HTTP, on the built distribution's {@code bin/zfnet serve --port 0} with
 * ZFNet: the plugins listed with their options (a jar dropped into the plugins folder listed within seconds, gone when
 * removed), a run of the occlusion form polled to completion with its figure and {@code report.json} (its settings
 * those given), a long deconv run cancelled with nothing of it left in the server's runs folder, a full queue's 503,
 * a mined top-9 served for the explorer's channel view, and bad option values each refused with a 4xx and one line.
 */
class PluginRunsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;
    private static Path plugins;
    private static Path tmp;
    private static ServeIT.Server server;

    @BeforeAll
    static void start() throws Exception {
        plugins = Files.createDirectories(temp.resolve("plugins"));
        tmp = Files.createDirectories(temp.resolve("tmp"));
        ProcessBuilder pb = TestDistribution.zfnetProcess("serve", "--port", "0", "--model", "zfnet", "--plugins",
                plugins.toString());
        // the runs' folder is a temporary one of the server's: here, to look into
        pb.environment().put("ZFNET_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
        server = ServeIT.serve(pb, temp.resolve("serve-err.txt"));
    }

    @AfterAll
    static void stop() {
        if (server != null && server.process().isAlive()) {
            server.process().destroyForcibly();
        }
    }

    @Test
    void listsEveryPluginWithItsOptions() throws Exception {
        JsonNode list = json(server.get("api/plugins"), 200);
        List<String> ids = new ArrayList<>();
        list.forEach(p -> ids.add(p.get("id").asText()));
        assertTrue(ids.containsAll(List.of("correspondence", "deconv", "invariance", "occlusion", "stats")), ids.toString());
        JsonNode batch = option(list, "occlusion", "batch");
        assertEquals("INT", batch.get("type").asText());
        assertEquals("32", batch.get("defaultValue").asText());
        assertEquals(1.0, batch.get("min").asDouble());
        JsonNode mode = option(list, "occlusion", "mode");
        assertEquals("CHOICE", mode.get("type").asText());
        assertEquals(List.of("exact", "fast", "naive"), JSON.convertValue(mode.get("choices"), List.class));
        assertFalse(mode.get("help").asText().isBlank());
    }

    @Test
    void theAnalysesPageIsServedAndLinkedFromTheExplorer() throws Exception {
        assertTrue(ServeIT.text(server.get("")).contains("href=\"plugins.html\""));
        assertTrue(ServeIT.text(server.get("")).contains("<script src=\"topnine.js\">"));
        for (String file : List.of("plugins.html", "plugins.js", "plugins.css", "topnine.js")) {
            HttpResponse<byte[]> r = server.get(file);
            assertEquals(200, r.statusCode(), file);
            assertTrue(r.body().length > 0, file);
        }
        assertTrue(ServeIT.text(server.get("plugins.html")).contains("<script src=\"plugins.js\">"));
    }

    @Test
    void occlusionFormRunsToCompletionWithItsFiguresAndReport() throws Exception {
        JsonNode run = json(submit("occlusion", List.of("s0"), Map.of("patch", "112", "stride", "56", "batch", "3",
                "mode", "naive")), 202);
        JsonNode done = awaitState(run.get("id").asText(), s -> !s.equals("queued") && !s.equals("running"));
        assertEquals("done", done.get("state").asText(), done.toString());
        assertTrue(done.get("command").asText().startsWith("zfnet analyze occlusion --model zfnet --input "),
                done.get("command").asText());
        assertTrue(done.get("command").asText().contains(" --patch 112 "), done.get("command").asText());

        List<String> files = new ArrayList<>();
        done.get("files").forEach(f -> files.add(f.get("name").asText()));
        String base = "api/runs/" + done.get("id").asText() + "/files/";
        JsonNode report = json(server.get(base + "report.json"), 200);
        JsonNode settings = report.get("settings");
        assertEquals("112", settings.get("patch").asText());
        assertEquals("56", settings.get("stride").asText());
        assertEquals("3", settings.get("batch").asText());
        assertEquals("naive", settings.get("mode").asText());
        assertEquals("zfnet", settings.get("model").asText());
        assertEquals(1, settings.get("inputs").asInt());
        assertEquals(112, report.get("patch").asInt(), report.toString());
        String figure = files.stream().filter(f -> f.endsWith(".png")).findFirst().orElseThrow(
                () -> new AssertionError("no figure among " + files));
        assertTrue(server.png(base + figure).getWidth() > 0);
        assertTrue(files.stream().anyMatch(f -> f.endsWith(".npy")), files.toString());
        assertEquals(404, server.get(base + "secret.txt").statusCode()); // only the files the run lists
    }

    @Test
    void cancelledRunStopsAndKeepsNothing() throws Exception {
        List<String> images = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            images.add("s" + i);
        }
        JsonNode run = json(submit("deconv", images, Map.of("top", "9", "channels", "all", "batch", "1")), 202);
        String id = run.get("id").asText();
        // the plugin's progress reaches the page: a task with its units, while it runs
        JsonNode running = awaitStatus(id, s -> !s.get("state").asText().equals("queued") && s.get("total").asLong() > 0);
        assertEquals("running", running.get("state").asText(), running.toString());
        assertFalse(running.get("task").asText().isEmpty(), running.toString());
        assertTrue(running.get("done").asLong() <= running.get("total").asLong(), running.toString());
        JsonNode cancelled = json(server.send(HttpRequest.newBuilder(server.address().resolve("api/runs/" + id
                + "/cancel")).POST(HttpRequest.BodyPublishers.noBody())), 200);
        assertEquals(id, cancelled.get("id").asText());
        JsonNode ended = awaitState(id, s -> !s.equals("running"));
        assertEquals("cancelled", ended.get("state").asText(), ended.toString());
        assertEquals(0, ended.get("files").size());
        assertEquals(404, server.get("api/runs/" + id + "/files/report.json").statusCode());
        try (Stream<Path> left = Files.walk(tmp)) {
            List<Path> ofRun = left.filter(p -> p.getFileName().toString().contains(id)).toList();
            assertTrue(ofRun.isEmpty(), "left behind: " + ofRun);
        }
    }

    @Test
    void aFullQueueIsA503InOneLine() throws Exception {
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 9; i++) { // one running, eight waiting
                ids.add(json(submit("deconv", List.of("s0", "s1"), Map.of("top", "9", "channels", "all", "batch", "1")),
                        202).get("id").asText());
            }
            refused(503, "the server's run queue is full (one running, 8 waiting)", submit("occlusion", List.of("s0"),
                    Map.of()));
        } finally {
            for (String id : ids) {
                server.send(HttpRequest.newBuilder(server.address().resolve("api/runs/" + id + "/cancel"))
                        .POST(HttpRequest.BodyPublishers.noBody()));
            }
        }
        for (String id : ids) {
            assertEquals("cancelled", awaitState(id, s -> !s.equals("queued") && !s.equals("running")).get("state")
                    .asText());
        }
    }

    @Test
    void aMinedTopNineIsServedForItsChannels() throws Exception {
        JsonNode run = json(submit("deconv", List.of("s0", "s3", "s6"), Map.of("top", "9", "layer", "conv2",
                "channels", "4-5")), 202);
        JsonNode done = awaitState(run.get("id").asText(), s -> !s.equals("queued") && !s.equals("running"));
        assertEquals("done", done.get("state").asText(), done.toString());
        JsonNode top = json(server.get("api/topnine?tap=conv2&channel=5"), 200);
        assertEquals(done.get("id").asText(), top.get("run").asText());
        assertEquals(9, top.get("k").asInt());
        assertTrue(top.get("hits").size() >= 1 && top.get("hits").size() <= 3, top.toString()); // one per input
        assertTrue(server.png(top.get("figure").asText()).getWidth() > 0);
        refused(404, "no top-9 of conv2 channel 6 mined on this server", server.get("api/topnine?tap=conv2&channel=6"));
        refused(404, "no top-9 of conv1 channel 5", server.get("api/topnine?tap=conv1&channel=5"));
    }

    @Test
    void badOptionValuesAreRefusedInOneLine() throws Exception {
        refused(400, "--batch must be at least 1, got 0", submit("occlusion", List.of("s0"), Map.of("batch", "0")));
        refused(400, "--mode must be one of exact, fast, naive, got 'fastest'",
                submit("occlusion", List.of("s0"), Map.of("mode", "fastest")));
        refused(400, "--fill expects a number, got 'grey'", submit("occlusion", List.of("s0"), Map.of("fill", "grey")));
        refused(400, "plugin occlusion has no option --colour",
                submit("occlusion", List.of("s0"), Map.of("colour", "red")));
        refused(400, "no analysis plugin 'nope'", submit("nope", List.of(), Map.of()));
        refused(404, "no image 's999'", submit("occlusion", List.of("s999"), Map.of()));
        refused(404, "no run 'r999'", server.get("api/runs/r999"));
        refused(400, "unknown parameter 'patch'", server.send(HttpRequest.newBuilder(server.address().resolve(
                "api/runs")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("plugin=occlusion&image=s0&patch=8"))));
    }

    @Test
    void anUploadIsAnalysedAsAnImageFileIs() throws Exception {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", png);
        JsonNode upload = json(server.send(HttpRequest.newBuilder(server.address().resolve("api/images?name=up.png"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray()))), 201);
        String id = upload.get("id").asText();
        JsonNode run = json(submit("occlusion", List.of(id), Map.of("patch", "112", "stride", "56", "mode", "naive")),
                202);
        JsonNode done = awaitState(run.get("id").asText(), s -> !s.equals("queued") && !s.equals("running"));
        assertEquals("done", done.get("state").asText(), done.toString());
        assertEquals(1, json(server.get("api/runs/" + run.get("id").asText() + "/files/report.json"), 200)
                .at("/settings/inputs").asInt(), done.toString());
    }

    @Test
    void droppedPluginIsListedWithinSecondsAndGoesWhenRemoved() throws Exception {
        Path jar = FaultyPlugins.drop(TestDistribution.examplePlugin(), plugins);
        awaitListed("edges", true);
        Files.delete(jar);
        awaitListed("edges", false);
    }

    @Test
    void aPluginsOwnPageIsServedAndLinkedWhileItsJarIsThere() throws Exception {
        Path jar = FaultyPlugins.drop(PagePlugin.build(temp, "pagey"), plugins);
        JsonNode listed = awaitPlugin("pagey", p -> p != null && p.has("page"), "no page listed for pagey");
        assertEquals("plugins/pagey/", listed.get("page").asText());
        HttpResponse<byte[]> page = server.get(listed.get("page").asText());
        assertEquals(200, page.statusCode());
        assertEquals(PagePlugin.PAGE_TEXT, ServeIT.text(page));
        for (JsonNode p : json(server.get("api/plugins"), 200)) {
            assertTrue(p.get("id").asText().equals("pagey") || !p.has("page"), "a page listed for " + p);
        }
        Files.delete(jar);
        awaitListed("pagey", false);
        assertEquals(404, server.get("plugins/pagey/").statusCode(), "the page goes with its plugin");
    }

    /** Waits up to 15 s (FileInstall polls every 500 ms) until the plugin list does (not) hold {@code id}. */
    private static void awaitListed(String id, boolean listed) throws Exception {
        awaitPlugin(id, p -> (p != null) == listed, "plugin " + id + (listed ? " not listed" : " still listed"));
    }

    /**
     * Polls the plugin list (at most 15 s) until {@code id}'s entry (null while it is not listed) passes {@code until};
     * that entry.
     */
    private static JsonNode awaitPlugin(String id, Predicate<JsonNode> until, String failure) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            JsonNode entry = null;
            for (JsonNode p : json(server.get("api/plugins"), 200)) {
                if (p.get("id").asText().equals(id)) {
                    entry = p;
                }
            }
            if (until.test(entry)) {
                return entry;
            }
            assertTrue(System.nanoTime() < deadline, failure + ": " + entry);
            Thread.sleep(200);
        }
    }

    /** Polls a run (at most 5 minutes) until its state passes {@code until}; its last status. */
    private static JsonNode awaitState(String id, Predicate<String> until) throws Exception {
        return awaitStatus(id, s -> until.test(s.get("state").asText()));
    }

    /** Polls a run (at most 5 minutes) until its status passes {@code until}; that status. */
    private static JsonNode awaitStatus(String id, Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (true) {
            JsonNode s = json(server.get("api/runs/" + id), 200);
            if (until.test(s)) {
                return s;
            }
            assertTrue(System.nanoTime() < deadline, "run " + id + " stayed " + s);
            Thread.sleep(100);
        }
    }

    private static HttpResponse<byte[]> submit(String plugin, List<String> images, Map<String, String> options)
            throws Exception {
        StringBuilder form = new StringBuilder("plugin=").append(enc(plugin));
        images.forEach(i -> form.append("&image=").append(enc(i)));
        options.forEach((k, v) -> form.append("&option.").append(enc(k)).append('=').append(enc(v)));
        return server.send(HttpRequest.newBuilder(server.address().resolve("api/runs"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<byte[]> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), ServeIT.text(r));
        return JSON.readTree(r.body());
    }

    private static JsonNode option(JsonNode plugins, String plugin, String option) {
        for (JsonNode p : plugins) {
            if (p.get("id").asText().equals(plugin)) {
                for (JsonNode o : p.get("options")) {
                    if (o.get("name").asText().equals(option)) {
                        return o;
                    }
                }
            }
        }
        throw new AssertionError("no option " + option + " of " + plugin + " in " + plugins);
    }

    /** A 4xx of exactly one line of text saying {@code expected}; the server still serves. */
    private static void refused(int status, String expected, HttpResponse<byte[]> r) throws Exception {
        String body = ServeIT.text(r);
        assertEquals(status, r.statusCode(), body);
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"), r.headers().toString());
        assertEquals(1, body.lines().count(), body);
        assertTrue(body.contains(expected), body);
        assertEquals(200, server.get("api/plugins").statusCode());
    }
}
