package org.zfnet.spark;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkFiles;
import org.zfnet.launcher.BackendProbe;
import org.zfnet.launcher.Container;
import org.zfnet.launcher.Distribution;
import org.zfnet.launcher.LaunchException;
import org.zfnet.launcher.LaunchOptions;
import org.zfnet.launcher.Main;
import org.zfnet.launcher.spi.DatasetRunner;

/**
 * The container of this JVM, started on first use from the distribution and kept until the JVM exits: the driver
 * and every executor run the same bundles, the plugin's code among them, as {@code zfnet analyze} does. Jobs are kept
 * by their arguments, so that the model is loaded once per JVM. In local mode the driver's container serves the
 * executor threads too.
 */
final class Containers {

    /** The options whose values name files, which an executor may find among the files shipped with the job. */
    private static final Set<String> FILE_OPTIONS = Set.of("--model", "--weights", "--labels");

    private static Container container;
    private static DatasetRunner runner;
    private static final Map<List<String>, DatasetRunner.Job> JOBS = new HashMap<>();

    private Containers() {
    }

    /**
     * The dataset work of {@code zfnet analyze <args>} in this JVM.
     *
     * @throws IllegalArgumentException bad arguments, a distribution that is not there or a backend this machine
     *                                  cannot run: one line
     */
    static synchronized DatasetRunner.Job job(Launch launch, List<String> args) {
        List<String> resolved = shipped(args);
        DatasetRunner.Job job = JOBS.get(resolved);
        if (job == null) {
            job = runner(launch).open(resolved);
            JOBS.put(List.copyOf(resolved), job);
        }
        return job;
    }

    private static DatasetRunner runner(Launch launch) {
        if (runner != null) {
            return runner;
        }
        Path home = home(launch.home());
        if (!Files.isDirectory(home.resolve("bundles"))) {
            throw new IllegalArgumentException("no zfnet distribution at " + home + " on this machine (spark.zfnet.home)");
        }
        Distribution dist = new Distribution(home);
        Map<String, String> env = System.getenv();
        Path cache = launch.cacheDir() == null ? LaunchOptions.defaultCache(env) : Path.of(launch.cacheDir());
        try {
            Map<String, String> statuses = BackendProbe.ofThisMachine(dist, env).statuses();
            String backend = BackendProbe.choose(launch.backend(), statuses);
            Main.prepareNatives(cache, launch.verbose());
            container = Container.start(dist, new Container.Settings(backend, statuses, dist.defaultPluginsDir(), cache,
                    launch.verbose(), false, false), System.err);
            runner = container.service(DatasetRunner.class);
        } catch (LaunchException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(Containers::close, "zfnet container stop"));
        return runner;
    }

    /**
     * The distribution's folder: a relative one from the working folder, else among the job's files and archives
     * (where {@code spark-submit --archives} unpacks them outside YARN).
     */
    private static Path home(String given) {
        Path home = Path.of(given);
        if (!home.isAbsolute() && !Files.isDirectory(home)) {
            try {
                Path shipped = Path.of(SparkFiles.getRootDirectory()).resolve(given);
                if (Files.isDirectory(shipped)) {
                    home = shipped;
                }
            } catch (RuntimeException noSparkHere) {
                // the working folder's, as given
            }
        }
        return home.toAbsolutePath().normalize();
    }

    /** Closes the jobs and stops the container, removing its scratch storage. */
    static synchronized void close() {
        JOBS.values().forEach(DatasetRunner.Job::close);
        JOBS.clear();
        if (container != null) {
            container.close();
            container = null;
            runner = null;
        }
    }

    /**
     * {@code args} with each file option that names no file here but one shipped with the job ({@code spark-submit
     * --files}) pointing at the shipped copy.
     */
    private static List<String> shipped(List<String> args) {
        List<String> out = new ArrayList<>(args);
        for (int i = 0; i + 1 < out.size(); i++) {
            if (FILE_OPTIONS.contains(out.get(i)) && !Files.exists(Path.of(out.get(i + 1)))) {
                String name = Path.of(out.get(i + 1)).getFileName().toString();
                String copy = shippedFile(name);
                if (copy != null) {
                    out.set(i + 1, copy);
                }
            }
        }
        return out;
    }

    private static String shippedFile(String name) {
        try {
            String copy = SparkFiles.get(name);
            return new File(copy).isFile() ? copy : null;
        } catch (RuntimeException noSparkHere) {
            return null;
        }
    }
}
