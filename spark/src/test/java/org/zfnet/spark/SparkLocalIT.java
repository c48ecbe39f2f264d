package org.zfnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zfnet spark} in Spark's local mode, two executor threads in the driver's JVM, against the single-machine
 * command on the same images: the same hits, arrays and figures; and bad input refused in one line.
 */
class SparkLocalIT {

    @TempDir
    static Path dir;
    static Path images;

    @BeforeAll
    static void dataset() throws Exception {
        images = SparkJobs.dataset(dir.resolve("dataset"), 5);
    }

    @Test
    void topNineMiningEqualsTheSingleMachineCommand() throws Exception {
        List<String> options = List.of("--top", "9", "--layer", "conv5", "--channels", "0-7", "--batch", "4");
        Path local = dir.resolve("local-deconv");
        Path spark = dir.resolve("spark-deconv");
        SparkJobs.Result l = SparkJobs.zfnet(args("analyze", "deconv", options, "--input", images, "--out", local));
        assertEquals(0, l.code(), l.err());
        SparkJobs.Result s = SparkJobs.spark(args("deconv", options, "--input", images, "--out", spark,
                "--master", "local[2]", "--partitions", "5", "--shard-size", "3"));
        assertEquals(0, s.code(), s.err());
        assertTrue(s.err().contains("over 30 images in 5 partitions on local[2]"), s.err());
        assertTrue(s.err().contains("5/5 tasks, 30/30 images"), s.err());
        SparkJobs.assertSameMining(local, spark);
        assertTrue(Files.isRegularFile(spark.resolve("conv5-top9.png")));
        assertTrue(Files.isRegularFile(spark.resolve("index.html")));
        assertEquals(30, SparkJobs.report(spark).get("settings").get("inputs").asInt());
    }

    @Test
    void activationStatisticsEqualTheSingleMachineCommand() throws Exception {
        Path local = dir.resolve("local-stats");
        Path spark = dir.resolve("spark-stats");
        SparkJobs.Result l = SparkJobs.zfnet(args("analyze", "stats", List.of(), "--input", images, "--out", local));
        assertEquals(0, l.code(), l.err());
        SparkJobs.Result s = SparkJobs.spark(args("stats", List.of(), "--input", images, "--out", spark,
                "--master", "local[2]", "--partitions", "4"));
        assertEquals(0, s.code(), s.err());
        try (Stream<Path> files = Files.list(local)) {
            for (Path array : files.filter(f -> f.toString().endsWith(".npy")).toList()) {
                float[] expected = SparkJobs.npy(array);
                float[] actual = SparkJobs.npy(spark.resolve(array.getFileName()));
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-6 * Math.max(1, Math.abs(expected[i])), array + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void occlusionOfManyImagesEqualsTheSingleMachineCommand() throws Exception {
        Path four = Files.createDirectories(dir.resolve("four"));
        try (Stream<Path> files = Files.walk(images)) {
            for (Path image : files.filter(f -> f.toString().endsWith(".png")).sorted().limit(4).toList()) {
                Files.copy(image, four.resolve(image.getFileName()));
            }
        }
        Path local = dir.resolve("local-occlusion");
        Path spark = dir.resolve("spark-occlusion");
        SparkJobs.Result l = SparkJobs.zfnet(args("analyze", "occlusion", List.of(), "--input", four, "--out", local));
        assertEquals(0, l.code(), l.err());
        SparkJobs.Result s = SparkJobs.spark(args("occlusion", List.of(), "--input", four, "--out", spark,
                "--master", "local[2]", "--partitions", "3"));
        assertEquals(0, s.code(), s.err());
        assertTrue(s.err().contains("over 4 images in 3 partitions"), s.err());
        SparkJobs.assertArraysWithin(local, spark, SparkJobs.arrays(local));
        List<String> inputs = new java.util.ArrayList<>();
        SparkJobs.report(spark).get("inputs").forEach(row -> inputs.add(row.get("input").asText()));
        assertEquals(4, inputs.size(), inputs.toString());
        assertTrue(inputs.get(0).startsWith("file:") && inputs.get(0).endsWith(".png"), inputs.toString());
    }

    @Test
    void badInputIsRefusedInOneLine() throws Exception {
        Path out = dir.resolve("refused");
        assertRefused(SparkJobs.spark("deconv", "--top", "9", "--input", dir.resolve("nowhere").toString(), "--out",
                out.toString(), "--master", "local[2]"), "input path " + dir.resolve("nowhere") + " does not exist");
        assertRefused(SparkJobs.spark("deconv", "--top", "9", "--input", images.toString(), "--out", out.toString(),
                "--master", "spark://127.0.0.1:1"), "cannot reach the Spark master at spark://127.0.0.1:1");
        assertRefused(SparkJobs.spark("invariance", "--input", images.toString(), "--out", out.toString(),
                "--master", "local[2]"), "analysis invariance with these options does not stream over a dataset");
        assertRefused(SparkJobs.spark("deconv", "--top", "9", "--bogus", "--input", images.toString(), "--out",
                out.toString(), "--master", "local[2]"), "Unknown option: '--bogus'");
        assertRefused(SparkJobs.spark("deconv", "--top", "9", "--input", images.toString(), "--out", out.toString()),
                "no Spark master");
        assertFalse(Files.exists(out), "a refused job wrote " + out);
    }

    private static void assertRefused(SparkJobs.Result r, String message) {
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("zfnet spark:")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains(message), r.err());
    }

    static String[] args(String first, Object... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        for (Object o : rest) {
            if (o instanceof List<?> list) {
                list.forEach(x -> all.add(x.toString()));
            } else {
                all.add(o.toString());
            }
        }
        return all.toArray(String[]::new);
    }
}
