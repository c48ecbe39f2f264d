package org.zfnet.cli.internal;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.zfnet.api.InvalidInputException;
import org.zfnet.data.ProceduralDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zfnet dataset generate}: the procedural dataset with its ground truth. */
@Command(name = "dataset", description = "Datasets with ground truth.")
final class DatasetCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand (generate)");
    }

    @Command(name = "generate", description = "Render the procedural dataset: "
            + "faces, cars, houses, boats, trees and flowers built from parts at known places, on cluttered "
            + "backgrounds; OUT/train and OUT/val with one folder per class and annotations.json (object and part boxes).")
    static final class Generate implements Callable<Integer> {

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
        Path out;

        @Option(names = "--train", defaultValue = "1000", description = "Training images per class (default: ${DEFAULT-VALUE}).")
        int train;

        @Option(names = "--val", defaultValue = "200", description = "Held-out images per class (default: ${DEFAULT-VALUE}).")
        int val;

        @Option(names = "--size", defaultValue = "128", description = "Image side in pixels (default: ${DEFAULT-VALUE}).")
        int size;

        @Option(names = "--seed", defaultValue = "1", description = "Seed; the same seed renders the same dataset "
                + "(default: ${DEFAULT-VALUE}).")
        long seed;

        private final Session session;

        Generate(Session session) {
            this.session = session;
        }

        /** Stages the dataset beside {@code --out} and moves it into place when complete, like every output. */
        @Override
        public Integer call() {
            requireValid(train, val, size);
            try (Outputs outputs = new Outputs(out)) {
                render(session, outputs.dir(), out, train, val, size, seed);
                outputs.publish();
            }
            return 0;
        }

        private static void requireValid(int train, int val, int size) {
            if (train < 0 || val < 0 || train + val == 0 || size < 32) {
                throw new InvalidInputException("need --train, --val >= 0, not both 0, and --size >= 32");
            }
        }

        /**
         * Renders DIR/train and DIR/val (held-out images, from the seed + 1,000,003; a split of 0 images is left out);
         * messages call DIR {@code shown}.
         */
        static void render(Session session, Path dir, Path shown, int train, int val, int size, long seed) {
            requireValid(train, val, size);
            long total = (long) (train + val) * ProceduralDataset.CLASSES.size();
            ProgressPrinter progress = new ProgressPrinter(session.err);
            long start = System.nanoTime();
            long[] base = {0};
            java.util.function.LongConsumer done = n -> {
                long all = base[0] + n;
                double s = (System.nanoTime() - start) / 1e9;
                progress.show(String.format("dataset %s %d/%d images, %.0f images/s", ProgressPrinter.bar(all, total),
                        all, total, all / Math.max(s, 1e-9)), all == total);
            };
            if (train > 0) {
                ProceduralDataset.generate(dir.resolve("train"), train, size, seed, done);
            }
            base[0] = (long) train * ProceduralDataset.CLASSES.size();
            if (val > 0) {
                ProceduralDataset.generate(dir.resolve("val"), val, size, seed + 1_000_003L, done);
            }
            String where = train == 0 ? shown + "/val" : val == 0 ? shown + "/train"
                    : shown + "/train and " + shown + "/val";
            progress.line(String.format("wrote %d images of %d classes to %s in %s", total,
                    ProceduralDataset.CLASSES.size(), where, ProgressPrinter.duration((System.nanoTime() - start) / 1e9)));
        }
    }
}
