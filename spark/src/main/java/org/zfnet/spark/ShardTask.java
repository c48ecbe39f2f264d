package org.zfnet.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.util.LongAccumulator;
import org.zfnet.launcher.spi.DatasetRunner;
import scala.Tuple2;

/**
 * The work of one partition, where its images are: the images, named by their paths, go through the plugin's shard
 * work (or, in the second pass, its details) a few at a time, each group written to a local scratch folder for the
 * container to read as {@code zfnet analyze --input} reads files, and the groups' states merge into the partition's
 * one state. A partition without images gives none.
 */
final class ShardTask implements FlatMapFunction<Iterator<Tuple2<String, PortableDataStream>>, byte[]> {

    private static final long serialVersionUID = 1L;

    private final Launch launch;
    private final ArrayList<String> args;
    private final int group;
    private final byte[] merged;
    private final LongAccumulator images;

    /**
     * @param group  images per call of the container (bounds the scratch files and the memory of one call)
     * @param merged the merged state of the first pass, for the details of the second; null in the first
     * @param images counts the images done, for the driver's progress (Spark counts a retried task's once)
     */
    ShardTask(Launch launch, List<String> args, int group, byte[] merged, LongAccumulator images) {
        this.launch = launch;
        this.args = new ArrayList<>(args);
        this.group = group;
        this.merged = merged;
        this.images = images;
    }

    @Override
    public Iterator<byte[]> call(Iterator<Tuple2<String, PortableDataStream>> files) throws IOException {
        DatasetRunner.Job job = Containers.job(launch, args);
        byte[] state = null;
        Path scratch = Files.createTempDirectory("zfnet-shard-");
        try {
            while (files.hasNext()) {
                List<String> names = new ArrayList<>();
                List<Path> paths = new ArrayList<>();
                while (files.hasNext() && names.size() < group) {
                    Tuple2<String, PortableDataStream> file = files.next();
                    Path copy = scratch.resolve(names.size() + extension(file._1()));
                    Files.write(copy, file._2().toArray());
                    names.add(file._1());
                    paths.add(copy);
                }
                byte[] part = merged == null ? job.shard(names, paths) : job.details(merged, names, paths);
                state = state == null ? part : job.merge(state, part);
                images.add(names.size());
                for (Path p : paths) {
                    Files.delete(p);
                }
            }
        } finally {
            deleteTree(scratch);
        }
        return state == null ? Collections.emptyIterator() : List.of(state).iterator();
    }

    /** The file's extension, lower case with its dot: the container reads images by it. */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 || dot < name.lastIndexOf('/') ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the scratch folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
