package org.zfnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zfnet spark} on a real standalone cluster on this machine (a master and two workers, each executor a JVM of
 * its own with its own container): top-9 mining equals the single-machine command, also when an executor is killed
 * in the middle of the job; a model file the executors cannot see is reported in one line.
 */
class SparkClusterIT {

    private static final List<String> MINING = List.of("--top", "9", "--layer", "conv5", "--channels", "0-15",
            "--batch", "4");

    @TempDir
    static Path dir;
    static Path images;
    static Path local;
    static StandaloneCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        images = SparkJobs.dataset(dir.resolve("dataset"), 10);
        local = dir.resolve("local");
        SparkJobs.Result l = SparkJobs.zfnet(SparkLocalIT.args("analyze", "deconv", MINING, "--input", images, "--out",
                local));
        assertEquals(0, l.code(), l.err());
        cluster = StandaloneCluster.start(Files.createDirectories(dir.resolve("cluster")), 2);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void miningOnTheClusterEqualsTheSingleMachineCommand() throws Exception {
        Path out = dir.resolve("cluster-deconv");
        SparkJobs.Result s = SparkJobs.spark(SparkLocalIT.args("deconv", MINING, "--input", images, "--out", out,
                "--master", cluster.url(), "--partitions", "6"));
        assertEquals(0, s.code(), s.err());
        SparkJobs.assertSameMining(local, out);
    }

    @Test
    void aKilledExecutorLosesNoHitsAndCountsNoneTwice() throws Exception {
        Path out = dir.resolve("cluster-killed");
        SparkJobs.Result s = SparkJobs.spark(null, SparkClusterIT::killAnExecutorOnceMiningRuns, SparkLocalIT.args("deconv",
                MINING, "--input", images, "--out", out, "--master", cluster.url(), "--partitions", "12",
                "--shard-size", "2"));
        s.err().lines().filter(l -> l.startsWith("zfnet spark:")).forEach(System.out::println); // in the test's report
        assertEquals(0, s.code(), s.err());
        assertTrue(s.err().contains("failed, Spark runs it again"), "no task was lost with the executor: " + s.err());
        assertTrue(s.err().contains("12/12 tasks, 60/60 images"), s.err());
        SparkJobs.assertSameMining(local, out);
    }

    @Test
    void aModelFileTheExecutorsCannotSeeIsOneLine() throws Exception {
        Path work = Files.createDirectories(dir.resolve("driver-only"));
        SparkJobs.Result init = SparkJobs.zfnet("model", "init", "--model", "zfnet-mini", "--out",
                work.resolve("mini.safetensors").toString());
        assertEquals(0, init.code(), init.err());
        // relative to the driver's folder; an executor runs in its worker's folder, where there is no such file
        SparkJobs.Result s = SparkJobs.sparkIn(work, SparkLocalIT.args("deconv", MINING, "--weights", "mini.safetensors",
                "--input", images, "--out", dir.resolve("never"), "--master", cluster.url(), "--partitions", "2"));
        assertEquals(2, s.code(), s.err());
        List<String> lines = s.err().lines().filter(l -> l.startsWith("zfnet spark: on an executor:")).toList();
        assertEquals(1, lines.size(), s.err());
        assertTrue(lines.get(0).contains("mini.safetensors"), s.err());
        assertTrue(!Files.exists(dir.resolve("never")));
    }

    /** Kills one executor JVM a moment after the mining pass has begun (its tasks are then starting or running). */
    private static void killAnExecutorOnceMiningRuns(SparkJobs.Running driver) {
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < deadline && driver.process().isAlive()) {
                if (StandaloneCluster.executors().size() >= 2 && driver.said("over 60 images")) {
                    Thread.sleep(1000);
                    StandaloneCluster.executors().get(0).destroyForcibly();
                    return;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
