package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.launcher.it.TestDistribution.Result;

/**
 * {@code zfnet serve} as a user starts it: the distribution's {@code bin/zfnet serve --port 0} in a process of its own,
 * the address read from the one line it prints, every endpoint of the api asked over HTTP (the top-5 checked against
 * {@code zfnet forward} of the same image), hostile requests each answered by a 4xx with one line while the server
 * keeps serving, the access token of a server that listens beyond loopback, and SIGTERM stopping it.
 */
class ServeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ADDRESS = Pattern.compile("^zfnet serve: open (http://\\S+/)(\\?token=([0-9a-f]+))?$");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path temp;
    private static Path images;
    private static Server server;

    /** A running {@code zfnet serve}, its address and access token (empty on loopback). */
    record Server(Process process, URI address, String token, Path err) {

        HttpResponse<byte[]> get(String path) throws Exception {
            return send(HttpRequest.newBuilder(address.resolve(path)).GET());
        }

        HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        JsonNode json(String path) throws Exception {
            HttpResponse<byte[]> r = get(path);
            assertEquals(200, r.statusCode(), path + ": " + text(r));
            assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
            return JSON.readTree(r.body());
        }

        BufferedImage png(String path) throws Exception {
            HttpResponse<byte[]> r = get(path);
            assertEquals(200, r.statusCode(), path + ": " + text(r));
            assertEquals("image/png", r.headers().firstValue("content-type").orElse(""));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
            assertTrue(image != null, path + " is no PNG");
            return image;
        }

        /** Stops the server with SIGTERM; returns its exit code. */
        int stop() throws Exception {
            new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).start().waitFor();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "zfnet serve did not stop on SIGTERM");
            return process.exitValue();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        images = Files.createDirectories(temp.resolve("images"));
        BufferedImage noise = new BufferedImage(150, 120, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < noise.getHeight(); y++) {
            for (int x = 0; x < noise.getWidth(); x++) {
                noise.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ImageIO.write(noise, "png", images.resolve("noise.png").toFile());
        server = serve("--port", "0", "--images", images.toString());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null && server.process().isAlive()) {
            server.process().destroyForcibly();
        }
    }

    /** Starts {@code zfnet serve args} and waits (at most 3 minutes) for the line with its address. */
    static Server serve(String... args) throws Exception {
        return serve(Map.of(), args);
    }

    /** Starts {@code zfnet serve args} with {@code env} added to its environment. */
    static Server serve(Map<String, String> env, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "serve";
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = TestDistribution.zfnetProcess(command);
        pb.environment().putAll(env);
        Path err = Files.createTempFile("zfnet-serve-err", ".txt");
        err.toFile().deleteOnExit();
        return serve(pb, err);
    }

    /** Starts a {@code zfnet serve} process, its standard error to {@code err}, and waits for its address line. */
    static Server serve(ProcessBuilder pb, Path err) throws Exception {
        pb.redirectError(err.toFile());
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        });
        String first = line.get(180, TimeUnit.SECONDS);
        assertTrue(first != null, "zfnet serve printed nothing; stderr: " + Files.readString(err));
        Matcher m = ADDRESS.matcher(first);
        assertTrue(m.matches(), "not the address line: " + first + "; stderr: " + Files.readString(err));
        return new Server(p, URI.create(m.group(1)), m.group(3) == null ? "" : m.group(3), err);
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** A refusal: the status, text/plain, exactly one line saying {@code expected}; and the server still serves. */
    static void refused(int status, String expected, HttpResponse<byte[]> r) throws Exception {
        String body = text(r);
        assertEquals(status, r.statusCode(), body);
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"), r.headers().toString());
        assertEquals(1, body.lines().count(), body);
        assertTrue(body.contains(expected), body);
        assertEquals(200, server.get("api/model").statusCode(), "the server stopped serving after: " + body);
    }

    @Test
    void theModelItsTapsAndTheImagesAreListed() throws Exception {
        JsonNode model = server.json("api/model");
        assertEquals("zfnet-mini", model.get("name").asText());
        assertEquals(List.of(3, 112, 112), JSON.convertValue(model.get("input"), List.class));
        JsonNode conv5 = null;
        for (JsonNode tap : model.get("taps")) {
            if (tap.get("name").asText().equals("conv5")) {
                conv5 = tap;
            }
        }
        assertTrue(conv5 != null && conv5.get("windowed").asBoolean(), model.toString());
        assertEquals(3, conv5.get("shape").size());
        JsonNode list = server.json("api/images");
        long samples = 0;
        for (JsonNode image : list) {
            samples += image.get("kind").asText().equals("sample") ? 1 : 0;
        }
        assertEquals(12, samples, "two samples of each of the six classes: " + list);
        assertTrue(list.toString().contains("{\"id\":\"f0\",\"name\":\"noise.png\",\"kind\":\"file\"}"), list.toString());
        assertEquals(200, server.get("").statusCode());
        assertTrue(text(server.get("")).contains("<script src=\"app.js\">"));
        assertEquals(200, server.get("app.js").statusCode());
    }

    @Test
    void topFiveEqualsThoseOfZfnetForwardOnTheSameImage() throws Exception {
        Path out = temp.resolve("forward");
        Result forward = TestDistribution.zfnet(Map.of(), null, "forward", "--input",
                images.resolve("noise.png").toString(), "--taps", "prob", "--out", out.toString());
        assertEquals(0, forward.code(), forward.err());
        JsonNode expected = JSON.readTree(out.resolve("report.json").toFile()).get("inputs").get(0).get("top5");
        JsonNode served = server.json("api/classes?image=f0");
        assertEquals(5, served.size());
        for (int k = 0; k < 5; k++) {
            assertEquals(expected.get(k).get("class").asInt(), served.get(k).get("index").asInt(), served.toString());
            assertEquals(expected.get(k).get("label").asText(), served.get(k).get("name").asText());
            assertEquals(expected.get(k).get("probability").asDouble(), served.get(k).get("probability").asDouble(), 1e-6);
        }
    }

    @Test
    void inputActivationsAndProjectionAgree() throws Exception {
        BufferedImage input = server.png("api/input.png?image=s4");
        assertEquals(112, input.getWidth());
        assertEquals(112, input.getHeight());
        JsonNode grid = server.json("api/activations?image=s4&tap=conv5");
        JsonNode maxima = grid.get("maxima");
        int columns = grid.get("columns").asInt();
        int pad = grid.get("pad").asInt();
        int rows = (maxima.size() + columns - 1) / columns;
        BufferedImage picture = server.png("api/activations.png?image=s4&tap=conv5");
        assertEquals(columns * (grid.get("tileWidth").asInt() + pad) + pad, picture.getWidth());
        assertEquals(rows * (grid.get("tileHeight").asInt() + pad) + pad, picture.getHeight());
        int strongest = 0;
        for (int c = 1; c < maxima.size(); c++) {
            strongest = maxima.get(c).asDouble() > maxima.get(strongest).asDouble() ? c : strongest;
        }
        assertTrue(maxima.get(strongest).asDouble() > 0, "conv5 of a face sample is all zero: " + maxima);
        for (String rule : List.of("deconvnet", "guided", "gradient")) {
            String query = "?image=s4&tap=conv5&channel=" + strongest + "&rule=" + rule;
            JsonNode p = server.json("api/projection" + query);
            assertEquals(maxima.get(strongest).asDouble(), p.get("value").asDouble(), 1e-5, "the channel's maximum");
            JsonNode f = p.get("field");
            assertTrue(f.get("top").asInt() >= 0 && f.get("left").asInt() >= 0 && f.get("bottom").asInt() <= 112
                    && f.get("right").asInt() <= 112 && f.get("top").asInt() < f.get("bottom").asInt()
                    && f.get("left").asInt() < f.get("right").asInt(), f.toString());
            BufferedImage projection = server.png("api/projection.png" + query);
            assertEquals(112, projection.getWidth());
            assertEquals(112, projection.getHeight());
        }
    }

    @Test
    void anOccluderChangesWhatTheNetworkSees() throws Exception {
        JsonNode top = server.json("api/classes?image=s4&k=1").get(0);
        String base = "api/occlusion?image=s4&tap=conv5&channel=0";
        JsonNode corner = server.json(base + "&x=0&y=0&size=1");
        assertEquals(top.get("index").asInt(), corner.get("class").asInt(), "watches the unoccluded top class");
        assertEquals(top.get("probability").asDouble(), corner.get("probability").asDouble(), 0.05,
                "one grey pixel hardly changes the probability");
        JsonNode all = server.json(base + "&x=0&y=0&size=112");
        assertNotEquals(corner.get("probability").asDouble(), all.get("probability").asDouble(), corner + " " + all);
        for (JsonNode r : List.of(corner, all)) {
            double p = r.get("probability").asDouble();
            assertTrue(p >= 0 && p <= 1 && r.get("topProbability").asDouble() >= p, r.toString());
            assertTrue(r.get("activation").asDouble() >= 0, "conv5 is after its ReLU: " + r);
        }
    }

    @Test
    void anUploadIsDecodedAndServedByItsId() throws Exception {
        BufferedImage picture = new BufferedImage(200, 160, BufferedImage.TYPE_INT_RGB);
        picture.getGraphics().fillOval(40, 30, 120, 100);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        ImageIO.write(picture, "png", png);
        HttpResponse<byte[]> r = server.send(HttpRequest.newBuilder(server.address().resolve("api/images?name=oval.png"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray())));
        assertEquals(201, r.statusCode(), text(r));
        JsonNode entry = JSON.readTree(r.body());
        assertEquals("upload", entry.get("kind").asText());
        assertEquals("oval.png", entry.get("name").asText());
        String id = entry.get("id").asText();
        assertTrue(id.matches("u[0-9]+"), id);
        assertEquals(5, server.json("api/classes?image=" + id).size());
        assertEquals(112, server.png("api/input.png?image=" + id).getWidth());
        assertTrue(server.json("api/images").toString().contains("\"id\":\"" + id + "\""));
    }

    @Test
    void hostileRequestsAreRefusedInOneLineAndTheServerKeepsServing() throws Exception {
        byte[] huge = new byte[17 * 1024 * 1024];
        refused(413, "more than an upload may have", server.send(HttpRequest.newBuilder(
                server.address().resolve("api/images?name=huge.png")).POST(HttpRequest.BodyPublishers.ofByteArray(huge))));
        refused(400, "not a readable image", server.send(HttpRequest.newBuilder(server.address().resolve(
                "api/images?name=notes.png")).POST(HttpRequest.BodyPublishers.ofString("just some text\n"))));
        refused(400, "upload is empty", server.send(HttpRequest.newBuilder(server.address().resolve("api/images"))
                .POST(HttpRequest.BodyPublishers.noBody())));
        BufferedImage wide = new BufferedImage(8000, 6000, BufferedImage.TYPE_BYTE_BINARY);
        java.io.ByteArrayOutputStream big = new java.io.ByteArrayOutputStream();
        ImageIO.write(wide, "png", big);
        refused(413, "8000x6000 pixels is more than an upload may have", server.send(HttpRequest.newBuilder(
                server.address().resolve("api/images?name=big.png")).POST(HttpRequest.BodyPublishers.ofByteArray(big.toByteArray()))));
        refused(400, "image ids are", server.get("api/input.png?image=..%2F..%2Fetc%2Fpasswd"));
        refused(400, "image ids are", server.get("api/classes?image=f0%2F..%2F..%2Fsecret"));
        refused(404, "no image 's999'", server.get("api/classes?image=s999"));
        refused(400, "missing parameter 'image'", server.get("api/classes"));
        refused(400, "conv9", server.get("api/activations?image=s0&tap=conv9"));
        refused(400, "has no feature maps", server.get("api/activations?image=s0&tap=fc6"));
        refused(404, "not 9999", server.get("api/projection?image=s0&tap=conv5&channel=9999"));
        refused(400, "rule must be deconvnet, guided or gradient", server.get(
                "api/projection?image=s0&tap=conv5&channel=0&rule=bogus"));
        refused(400, "parameter 'x' must be a whole number, got 'abc'", server.get(
                "api/occlusion?image=s0&tap=conv5&channel=0&x=abc&y=0&size=8"));
        refused(400, "parameter 'size' must be 1 to", server.get("api/occlusion?image=s0&tap=conv5&channel=0&x=0&y=0&size=-3"));
        refused(400, "outside the 112x112 input", server.get("api/occlusion?image=s0&tap=conv5&channel=0&x=500&y=0&size=8"));
        // a path that climbs out of the root is refused by Jetty itself, before any servlet (its own HTML page)
        HttpResponse<byte[]> climbing = server.get("../../etc/passwd");
        assertEquals(400, climbing.statusCode(), text(climbing));
        assertFalse(text(climbing).contains("root:"), text(climbing));
        assertEquals(200, server.get("api/model").statusCode());
        refused(404, "no page", server.get("web/app.js"));
        refused(405, "not allowed", server.send(HttpRequest.newBuilder(server.address().resolve("api/model"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody())));
    }

    @Test
    void aServerBeyondLoopbackNeedsItsTokenAndStopsOnSigterm() throws Exception {
        Server open = serve("--port", "0", "--host", "0.0.0.0");
        try {
            assertFalse(open.token().isEmpty(), "no token printed for 0.0.0.0");
            assertTrue(open.token().length() >= 32, open.token());
            URI local = URI.create("http://127.0.0.1:" + open.address().getPort() + "/");
            HttpResponse<byte[]> none = HTTP.send(HttpRequest.newBuilder(local.resolve("api/model")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(403, none.statusCode());
            assertEquals(1, text(none).lines().count(), text(none));
            assertTrue(text(none).contains("needs its access token"), text(none));
            HttpResponse<byte[]> wrong = HTTP.send(HttpRequest.newBuilder(local.resolve("api/model?token=0123")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(403, wrong.statusCode());
            assertTrue(text(wrong).contains("wrong access token"), text(wrong));
            HttpResponse<byte[]> wrongHeader = HTTP.send(HttpRequest.newBuilder(local.resolve("api/images"))
                    .header("X-Zfnet-Token", open.token() + "0").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(403, wrongHeader.statusCode());
            HttpResponse<byte[]> right = HTTP.send(HttpRequest.newBuilder(local.resolve("?token=" + open.token())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, right.statusCode());
            String cookie = right.headers().firstValue("set-cookie").orElse("");
            assertTrue(cookie.startsWith("zfnet-token=" + open.token() + ";") && cookie.contains("HttpOnly"), cookie);
            HttpResponse<byte[]> byCookie = HTTP.send(HttpRequest.newBuilder(local.resolve("api/images"))
                    .header("Cookie", "zfnet-token=" + open.token()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, byCookie.statusCode(), text(byCookie));
            HttpResponse<byte[]> byHeader = HTTP.send(HttpRequest.newBuilder(local.resolve("api/model"))
                    .header("X-Zfnet-Token", open.token()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, byHeader.statusCode(), text(byHeader));
        } finally {
            int code = open.stop();
            assertEquals(143, code, Files.readString(open.err()));
            assertTrue(Files.readString(open.err()).strip().endsWith("zfnet: interrupted (SIGTERM); stopped before finishing"),
                    Files.readString(open.err()));
        }
    }

    @Test
    void badOptionsAreOneLineAndExitCode2() throws Exception {
        Result port = TestDistribution.zfnet(Map.of(), null, "serve", "--port", "70000");
        assertEquals(2, port.code(), port.err());
        assertEquals("zfnet: --port must be 0 to 65535, got 70000", port.err().strip());
        Result busy = TestDistribution.zfnet(Map.of(), null, "serve", "--port", String.valueOf(server.address().getPort()));
        assertEquals(2, busy.code(), busy.err());
        assertTrue(busy.err().strip().startsWith("zfnet: cannot listen on 127.0.0.1 port " + server.address().getPort()),
                busy.err());
        Result folder = TestDistribution.zfnet(Map.of(), null, "serve", "--images", temp.resolve("nowhere").toString());
        assertEquals(2, folder.code(), folder.err());
        assertTrue(folder.err().strip().matches("zfnet: --images .*nowhere: not a folder"), folder.err());
    }

    @Test
    void theOcclusionMapsFillInAndAgreeWithSinglePositions() throws Exception {
        String query = "image=s2&tap=conv5&channel=3&size=24";
        JsonNode maps = server.json("api/occlusion-maps?" + query);
        for (int i = 0; i < 1200 && maps.get("done").asInt() < maps.get("total").asInt(); i++) {
            assertTrue(!maps.has("error"), maps.toString());
            Thread.sleep(100);
            maps = server.json("api/occlusion-maps?" + query);
        }
        JsonNode positions = maps.get("positions");
        int n = positions.size();
        assertEquals(n * n, maps.get("total").asInt());
        assertEquals(n * n, maps.get("done").asInt(), "the maps were not finished after two minutes: " + maps);
        assertEquals(server.json("api/classes?image=s2&k=1").get(0).get("index").asInt(), maps.get("class").asInt());
        for (int k : new int[] {0, n + 1, n * n / 2, n * n - 1}) {
            JsonNode one = server.json("api/occlusion?" + query + "&x=" + positions.get(k % n).asInt() + "&y="
                    + positions.get(k / n).asInt());
            assertEquals(one.get("probability").asDouble(), maps.get("probability").get(k).asDouble(), 1e-6, "position " + k);
            assertEquals(one.get("topClass").asInt(), maps.get("topClass").get(k).asInt(), "position " + k);
            assertEquals(one.get("activation").asDouble(), maps.get("activation").get(k).asDouble(),
                    1e-4 * Math.max(1, one.get("activation").asDouble()), "position " + k);
        }
        refused(404, "tap conv5 has no channel 9999", server.get("api/occlusion-maps?image=s2&tap=conv5&channel=9999&size=24"));
        refused(400, "size must be 1 to 112 pixels, got 500", server.get(
                "api/occlusion-maps?image=s2&tap=conv5&channel=0&size=500"));
    }
}
