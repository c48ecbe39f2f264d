package org.zfnet.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The staging folders of the runs in flight ({@link Outputs}), so that they can be removed when the process is stopped
 * before the runs end (Ctrl-C), where no {@code close()} runs. Checkpoint folders are not among them: they let a re-run
 * resume.
 */
final class StagingFolders {

    /** Staging folder to the {@code --out} folder as given. */
    private static final Map<Path, Path> IN_FLIGHT = new ConcurrentHashMap<>();

    private StagingFolders() {
    }

    static void add(Path staging, Path out) {
        IN_FLIGHT.put(staging, out);
    }

    static void remove(Path staging) {
        IN_FLIGHT.remove(staging);
    }

    /** Removes the staging folders not yet published and returns their {@code --out} folders, sorted. */
    static List<Path> removeAll() {
        List<Path> unwritten = new ArrayList<>();
        for (Map.Entry<Path, Path> run : IN_FLIGHT.entrySet()) {
            if (Files.exists(run.getKey())) {
                try {
                    Outputs.deleteTree(run.getKey());
                } catch (IOException e) {
                    // the run still writes into it; the next run to the same folder removes what is left
                }
                unwritten.add(run.getValue());
            }
            IN_FLIGHT.remove(run.getKey());
        }
        unwritten.sort(null);
        return unwritten;
    }
}
