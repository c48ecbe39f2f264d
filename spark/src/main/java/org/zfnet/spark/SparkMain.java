package org.zfnet.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.util.LongAccumulator;
import org.zfnet.launcher.Distribution;
import org.zfnet.launcher.LaunchOptions;
import org.zfnet.launcher.spi.CommandRunner;
import org.zfnet.launcher.spi.DatasetRunner;

/**
 * {@code zfnet spark <plugin>}: a plugin's dataset work on Apache Spark. The driver checks the command in its own
 * container, lists the images, has every partition's shard work done where its images are (the executors' containers),
 * reduces the partial states, has the revisited images' details done the same way, and writes the result to {@code
 * --out} as {@code zfnet analyze} does. Bad input gets one line and exit code 2; a failed job one line and 1.
 */
public final class SparkMain {

    /** The Spark configuration key of the distribution's folder on the executors (default: the driver's). */
    static final String HOME_KEY = "spark.zfnet.home";
    /** The Spark configuration key of zfnet's cache folder on the executors (default: theirs). */
    static final String CACHE_KEY = "spark.zfnet.cache";

    private SparkMain() {
    }

    public static void main(String[] args) {
        List<String> given = List.of(args);
        if (System.getProperty("log4j2.configurationFile") == null && !given.contains("--verbose")) {
            System.setProperty("log4j2.configurationFile", "zfnet-spark-log4j2.properties");
        }
        int code = run(given, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one job and returns its exit code; never throws. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            SparkOptions options = SparkOptions.parse(args);
            if (options.help()) {
                out.println(SparkOptions.USAGE);
                return CommandRunner.OK;
            }
            return run(options, String.join(" ", args), out, err);
        } catch (IllegalArgumentException e) {
            err.println("zfnet spark: " + e.getMessage());
            return CommandRunner.BAD_INPUT;
        } catch (SparkException e) {
            Throwable cause = rootOf(e);
            err.println("zfnet spark: " + (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException
                    ? "on an executor: " + cause.getMessage() : "the job failed: " + firstLine(e.getMessage())));
            return cause instanceof IllegalArgumentException ? CommandRunner.BAD_INPUT : CommandRunner.FAILED;
        } catch (RuntimeException | LinkageError e) {
            err.println("zfnet spark: " + (e instanceof IllegalStateException ? e.getMessage() : "internal error: " + e));
            return CommandRunner.FAILED;
        } finally {
            Containers.close();
        }
    }

    private static int run(SparkOptions options, String command, PrintStream out, PrintStream err) throws SparkException {
        String home = System.getProperty(Distribution.HOME_PROPERTY, System.getenv("ZFNET_HOME"));
        if (home == null) {
            throw new IllegalArgumentException("no zfnet distribution: set ZFNET_HOME (or -Dzfnet.home) to its folder, "
                    + "e.g. launcher/target/zfnet of a build");
        }
        String cache = System.getProperty("zfnet.cache");
        Launch driver = new Launch(home, options.backend(), cache != null ? cache
                : LaunchOptions.defaultCache(System.getenv()).toString(), options.verbose());
        DatasetRunner.Job job = Containers.job(driver, options.analyze());
        SparkConf conf = new SparkConf().setAppName("zfnet " + options.analyze().get(0));
        if (options.master() != null) {
            conf.setMaster(options.master());
        }
        if (!conf.contains("spark.master")) {
            throw new IllegalArgumentException("no Spark master: give --master (e.g. 'local[2]' or spark://host:7077) "
                    + "or run with spark-submit");
        }
        String master = conf.get("spark.master");
        checkReachable(master);
        if (master.startsWith("spark://") && !conf.contains("spark.jars")) {
            conf.set("spark.jars", applicationJar());
        }
        if (master.startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        conf.set("spark.hadoop.mapreduce.input.fileinputformat.input.dir.recursive", "true");
        String malloc = System.getenv("GLIBC_TUNABLES");
        if (malloc != null) {
            // the driver's allocator settings (./zfnet spark sets bin/zfnet's) for the executors' ND4J too
            conf.setIfMissing("spark.executorEnv.GLIBC_TUNABLES", malloc);
        }
        Launch executors = new Launch(conf.get(HOME_KEY, Path.of(home).toAbsolutePath().toString()), options.backend(),
                conf.get(CACHE_KEY, cache), options.verbose());
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel(options.verbose() ? "INFO" : "WARN");
            checkInput(sc, options.input());
            int asked = options.partitions() > 0 ? options.partitions() : 4 * sc.defaultParallelism();
            JavaPairRDD<String, PortableDataStream> files = sc.binaryFiles(options.input(), asked)
                    .filter(file -> isImage(file._1()));
            long count = files.count();
            if (count == 0) {
                throw new IllegalArgumentException("no images (.png, .jpg, .jpeg) under " + options.input());
            }
            int partitions = (int) Math.min(asked, count);
            if (files.getNumPartitions() < partitions) {
                // Hadoop packs small files into splits of up to 128 MB: a folder of small images is one partition.
                // Spread by path (the streams open where they land), the same way on every run of a task
                files = files.partitionBy(new HashPartitioner(partitions));
                files.count(); // the shuffle's work done here, outside the passes' progress (they reuse its output)
            }
            err.println("zfnet spark: " + job.task() + " over " + count + " images in " + files.getNumPartitions()
                    + " partitions on " + master);
            LongAccumulator images = sc.sc().longAccumulator("images");
            MergeStates merge = new MergeStates(executors, options.analyze());
            byte[] merged;
            try (JobProgress progress = new JobProgress(err, images)) {
                sc.sc().addSparkListener(progress);
                progress.pass(job.task(), count);
                merged = files.mapPartitions(new ShardTask(executors, options.analyze(), options.shardSize(), null,
                        images)).reduce(merge);
                progress.passDone();
                Set<String> revisit = job.revisit(merged);
                if (!revisit.isEmpty()) {
                    Broadcast<HashSet<String>> wanted = sc.broadcast(new HashSet<>(revisit));
                    progress.pass("details of " + revisit.size() + " images", revisit.size());
                    byte[] details = files.filter(file -> wanted.value().contains(file._1()))
                            .mapPartitions(new ShardTask(executors, options.analyze(), options.shardSize(), merged,
                                    images)).reduce(merge);
                    merged = job.merge(merged, details);
                    progress.passDone();
                }
                sc.sc().removeSparkListener(progress);
            }
            return job.finish(merged, Math.toIntExact(count), "zfnet spark " + command, out, err);
        }
    }

    static boolean isImage(String path) {
        String ext = ShardTask.extension(path);
        return ext.equals(".png") || ext.equals(".jpg") || ext.equals(".jpeg");
    }

    /** Refuses a path that is not there, in one line, before any task fails on it. */
    private static void checkInput(JavaSparkContext sc, String input) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(input);
        try {
            if (!path.getFileSystem(sc.hadoopConfiguration()).exists(path)) {
                throw new IllegalArgumentException("input path " + input + " does not exist");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the input path " + input + ": " + firstLine(e.getMessage()));
        }
    }

    /** Refuses a standalone master that no one answers at, in one line, rather than Spark's retries. */
    private static void checkReachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        String reason = "";
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            int port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 3000);
                return;
            } catch (IOException e) {
                reason = e.getMessage();
            }
        }
        throw new IllegalArgumentException("cannot reach the Spark master at " + master + ": " + reason);
    }

    /** This application's jar, for the executors of a standalone cluster to load. */
    private static String applicationJar() {
        try {
            return Path.of(SparkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the zfnet Spark application jar", e);
        }
    }

    private static Throwable rootOf(Throwable e) {
        List<Throwable> seen = new ArrayList<>();
        Throwable t = e;
        while (t.getCause() != null && !seen.contains(t.getCause())) {
            seen.add(t);
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").trim();
    }
}
