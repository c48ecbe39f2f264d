package org.zfnet.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code zfnet spark <plugin>}: the options of {@code zfnet analyze <plugin>}, which go to the
 * plugin as they are, except {@code --input}, here one path any Spark can read (a folder, {@code hdfs://},
 * {@code s3a://}), plus the job's own: {@code --master}, {@code --partitions}, {@code --shard-size},
 * {@code --backend}, {@code --verbose}.
 *
 * @param analyze    the arguments of {@code zfnet analyze}: the plugin's id, then its options, without {@code --input}
 * @param input      where the images are
 * @param master     the master URL; null where {@code spark-submit} gives it
 * @param partitions how many partitions to cut the images into at least; 0: Spark's default parallelism times four
 * @param shardSize  images per call of the plugin's shard work within a partition
 * @param backend    the compute backend of every JVM: {@code cpu} or {@code cuda}
 */
record SparkOptions(List<String> analyze, String input, String master, int partitions, int shardSize, String backend,
        boolean verbose, boolean help) {

    static final String USAGE = String.join("\n",
            "Usage: zfnet spark <plugin> --input PATH --out DIR [--master URL] [--partitions N] [--shard-size N]",
            "                   [--backend cpu|cuda] [--verbose] [the options of 'zfnet analyze <plugin>']",
            "Runs a dataset-wide analysis (deconv --top K, stats, occlusion) on Apache Spark: each executor runs the",
            "plugin on the images of its partitions, the partial states merge, and the driver writes the usual outputs",
            "(.npy, PNG, report.json, index.html) to --out.",
            "  --input PATH       images (.png, .jpg, .jpeg) under a path Spark can read: a folder, hdfs://..., s3a://...",
            "  --master URL       local[2], spark://host:7077, ... (spark-submit gives it otherwise)",
            "  --partitions N     cut the images into at least N partitions (default: 4 per core of the cluster)",
            "  --shard-size N     images per call of the plugin within a partition (default: 16)",
            "  --backend NAME     compute backend of the driver and every executor: cpu (default) or cuda",
            "  --verbose          log what Spark and the containers do",
            "Executors find the distribution at spark.zfnet.home (default: the driver's).");

    /** Reads the arguments; throws {@link IllegalArgumentException} with one line on bad ones. */
    static SparkOptions parse(List<String> args) {
        List<String> analyze = new ArrayList<>();
        String input = null;
        String master = null;
        int partitions = 0;
        int shardSize = 16;
        String backend = "cpu";
        boolean verbose = false;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--input" -> input = value(args, ++i, a);
                case "--master" -> master = value(args, ++i, a);
                case "--partitions" -> partitions = positive(value(args, ++i, a), a);
                case "--shard-size" -> shardSize = positive(value(args, ++i, a), a);
                case "--backend" -> backend = value(args, ++i, a);
                case "--verbose" -> verbose = true;
                case "-h", "--help" -> help = true;
                default -> analyze.add(a);
            }
        }
        if (help) {
            return new SparkOptions(analyze, input, master, partitions, shardSize, backend, verbose, true);
        }
        if (analyze.isEmpty() || analyze.get(0).startsWith("-")) {
            throw new IllegalArgumentException("missing analysis: zfnet spark <plugin> --input PATH --out DIR ...");
        }
        if (input == null) {
            throw new IllegalArgumentException("missing --input: the path of the images");
        }
        if (!backend.equals("cpu") && !backend.equals("cuda")) {
            throw new IllegalArgumentException("--backend must be cpu or cuda, got " + backend);
        }
        return new SparkOptions(List.copyOf(analyze), input, master, partitions, shardSize, backend, verbose, false);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int positive(String text, String option) {
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(option + " must be a positive whole number, got " + text);
    }
}
