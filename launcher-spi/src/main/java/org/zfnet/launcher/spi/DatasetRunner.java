package org.zfnet.launcher.spi;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Runs the work of {@code zfnet analyze} that streams over a dataset in pieces, for a caller outside the container
 * that distributes it (the Spark application): shards of input files give partial states, as bytes, that merge and
 * finish into the usual outputs. Registered as a service by the command bundle, beside {@link CommandRunner}. Only
 * {@code java.*} types cross, so that the caller needs none of the container's classes.
 *
 * @since 1.3
 */
public interface DatasetRunner {

    /**
     * The dataset work of {@code zfnet analyze <args>}: the plugin's id, then its options and the shared ones
     * ({@code --model}, {@code --weights}, {@code --labels}, {@code --preprocess}, {@code --out}), as the command line
     * takes them but without {@code --input}: the inputs come in shards. The model is loaded once per container and
     * shared by the jobs on it.
     *
     * @throws IllegalArgumentException bad arguments, or an analysis that does not stream over a dataset: one line
     *                                  saying what is wrong
     */
    Job open(List<String> args);

    /** One dataset work, opened by {@link #open}; safe to use from several threads. */
    interface Job extends AutoCloseable {

        /** What the pass does, for progress lines, e.g. {@code mining conv5}. */
        String task();

        /**
         * The partial state of a shard: image (or {@code .npy}) files read as {@code zfnet analyze --input} reads
         * them, named {@code names} (unique over the dataset, e.g. the files' URIs).
         */
        byte[] shard(List<String> names, List<Path> files);

        /** The state of the union of two disjoint shards; associative and commutative. */
        byte[] merge(byte[] a, byte[] b);

        /** The names of the inputs whose details the result needs, given the merged state; often none. */
        Set<String> revisit(byte[] merged);

        /** The details of revisited inputs (a subset of those {@link #revisit} named), a state to merge. */
        byte[] details(byte[] merged, List<String> names, List<Path> files);

        /**
         * Writes the result of the merged state, details merged in, to the {@code --out} folder as {@code zfnet
         * analyze} does (arrays, figures, {@code report.json}, {@code index.html}) and returns the exit code; errors
         * are reported on {@code err} in one line.
         *
         * @param inputs  how many inputs the dataset has, for the report
         * @param command the command line that ran the work, for the report
         */
        int finish(byte[] merged, int inputs, String command, PrintStream out, PrintStream err);

        @Override
        void close();
    }
}
