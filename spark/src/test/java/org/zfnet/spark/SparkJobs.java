package org.zfnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the Spark tests run, as a user would: the distribution's {@code bin/zfnet}, and the Spark application's driver
 * as {@code ./zfnet spark} starts it (a JVM with Spark's jars and the application jar), both as processes of their own.
 */
final class SparkJobs {

    private SparkJobs() {
    }

    /** What a process printed and returned. */
    record Result(int code, String out, String err) {
    }

    static Path dist() {
        return Path.of(property("zfnet.dist"));
    }

    static Path sparkHome() {
        return Path.of(property("zfnet.spark.home"));
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("run through Maven (failsafe sets -D" + name + ")");
        }
        return value;
    }

    /** The JVM options of Spark 3.5 on Java 17, from {@code spark/java-options}. */
    static List<String> javaOptions() throws IOException {
        return Files.readAllLines(Path.of("java-options")).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
    }

    /** {@code bin/zfnet args}, at most 5 minutes. */
    static Result zfnet(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(dist().resolve("bin/zfnet").toString());
        command.addAll(List.of(args));
        return run(new ProcessBuilder(command), r -> { });
    }

    /** A process while it runs: what it has written to standard error so far. */
    record Running(Process process, Path err) {
        boolean said(String text) {
            try {
                return Files.readString(err).contains(text);
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** The driver of {@code zfnet spark args}, as {@code ./zfnet spark} starts it, at most 5 minutes. */
    static Result spark(String... args) throws Exception {
        return spark(null, r -> { }, args);
    }

    /** As {@link #spark(String...)}, started in {@code folder}. */
    static Result sparkIn(Path folder, String... args) throws Exception {
        return spark(folder, r -> { }, args);
    }

    /**
     * As {@link #spark(String...)}, in {@code folder} (null: this one), {@code whileRunning} called once the driver
     * started.
     */
    static Result spark(Path folder, Consumer<Running> whileRunning, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions());
        command.add("-Dzfnet.home=" + dist());
        command.add("-Dzfnet.cache=" + property("zfnet.cache"));
        command.add("-cp");
        command.add(property("zfnet.spark.app") + File.pathSeparator + sparkHome().resolve("jars") + File.separator + "*");
        command.add("org.zfnet.spark.SparkMain");
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        if (folder != null) {
            pb.directory(folder.toFile());
        }
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return run(pb, whileRunning);
    }

    private static Result run(ProcessBuilder pb, Consumer<Running> whileRunning) throws Exception {
        Path out = Files.createTempFile("zfnet-out", ".txt");
        Path err = Files.createTempFile("zfnet-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            whileRunning.accept(new Running(p, err));
            boolean finished = p.waitFor(300, TimeUnit.SECONDS);
            assertTrue(finished, String.join(" ", pb.command()) + " did not finish; its errors: " + Files.readString(err));
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A procedural dataset of {@code perClass} held-out images of each of its six classes under {@code dir}/val. */
    static Path dataset(Path dir, int perClass) throws Exception {
        Result r = zfnet("dataset", "generate", "--out", dir.toString(), "--train", "1", "--val",
                Integer.toString(perClass), "--seed", "5");
        assertEquals(0, r.code(), r.err());
        return dir.resolve("val");
    }

    static JsonNode report(Path out) throws IOException {
        return new ObjectMapper().readTree(out.resolve("report.json").toFile());
    }

    /**
     * The hits of a top-k report, per channel, each as {@code file value position}: inputs by file name, which the
     * command line gives and Spark's paths end with.
     */
    static Map<Integer, List<String>> hits(Path out) throws IOException {
        Map<Integer, List<String>> hits = new TreeMap<>();
        for (JsonNode channel : report(out).get("channels")) {
            List<String> rows = new ArrayList<>();
            for (JsonNode hit : channel.get("hits")) {
                String input = hit.get("input").asText();
                rows.add(input.substring(input.lastIndexOf('/') + 1) + " " + hit.get("value").floatValue() + " "
                        + hit.get("position"));
            }
            hits.put(channel.get("channel").asInt(), rows);
        }
        return hits;
    }

    /** A float32 or int32 {@code .npy} array's values in C order (little-endian, as zfnet writes them), as floats. */
    static float[] npy(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals((byte) 0x93, b.get(0), file + " is not a .npy file");
        int major = b.get(6);
        int headerLength = major == 1 ? b.getShort(8) & 0xffff : b.getInt(8);
        int start = (major == 1 ? 10 : 12) + headerLength;
        String header = new String(Files.readAllBytes(file), 0, start, StandardCharsets.ISO_8859_1);
        boolean ints = header.contains("'<i4'");
        assertTrue(ints || header.contains("'<f4'"), file + " holds neither float32 nor int32: " + header);
        float[] values = new float[(b.capacity() - start) / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = ints ? b.getInt(start + 4 * i) : b.getFloat(start + 4 * i);
        }
        return values;
    }

    /** Top-k mining in {@code actual} found what it found in {@code expected}: the same hits, arrays within 1e-6. */
    static void assertSameMining(Path expected, Path actual) throws IOException {
        assertEquals(hits(expected), hits(actual));
        assertArraysWithin(expected, actual, List.of("top_projections.npy", "top_patches.npy", "top_values.npy"));
    }

    /** The arrays named (at least one) are in both folders and agree within 1e-6 absolute. */
    static void assertArraysWithin(Path expected, Path actual, List<String> arrays) throws IOException {
        assertFalse(arrays.isEmpty(), "no arrays in " + expected);
        for (String array : arrays) {
            double difference = maxDifference(npy(expected.resolve(array)), npy(actual.resolve(array)));
            assertTrue(difference <= 1e-6, array + " differs by " + difference);
        }
    }

    /** The {@code .npy} files of a result folder, by name. */
    static List<String> arrays(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".npy")).sorted().toList();
        }
    }

    /** The largest absolute difference of two arrays of the same size. */
    static double maxDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length, "array sizes");
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}
