package org.zfnet.cli.runs;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Analysis runs for {@code zfnet serve}: the command registers one, marked {@code zfnet.serve=runs}, while it serves.
 * A run is the run of {@code zfnet analyze} (the same option check, plugin thread, time limit and result files) on
 * the served network, queued behind the runs before it, with its progress, a cancel and its files kept in a folder of
 * the server's own until newer runs need the room.
 */
@ProviderType
public interface AnalysisRuns {

    /** The service property's value that marks this service ({@code zfnet.serve=runs}). */
    String MARK = "runs";

    /**
     * The container's analysis plugins now (one per id, sorted by id): {@code id}, {@code description},
     * {@code bundle}, {@code version} and {@code options}, the plugin's {@link org.zfnet.api.analysis.OptionSpec}s.
     */
    List<Map<String, Object>> plugins();

    /**
     * Queues a run.
     *
     * @param plugin  the plugin's id
     * @param inputs  image files, or none for an analysis of the weights alone
     * @param options option values by name (without dashes); the others at their defaults
     * @return the run's id
     * @throws org.zfnet.api.InvalidInputException an unknown plugin, an option it does not declare or a bad value
     * @throws java.util.concurrent.RejectedExecutionException the queue is full; one line saying so
     */
    String submit(String plugin, List<Path> inputs, Map<String, String> options);

    /**
     * Where a run stands: {@code id}, {@code plugin}, {@code state} ({@code queued}, {@code running}, {@code done},
     * {@code failed}, {@code cancelled}, {@code evicted}), {@code message} (why it failed), {@code task},
     * {@code done} and {@code total} (its progress), {@code command} (the equivalent command line) and, when done,
     * {@code files} (name and bytes of each). Empty for a run this server does not know (any more).
     */
    Optional<Map<String, Object>> status(String run);

    /** Every run this server remembers, oldest first, each as {@link #status} answers it. */
    List<Map<String, Object>> runs();

    /**
     * Cancels a queued or running run: a running plugin's context reports {@code isCancelled()} and its thread is
     * interrupted, and nothing of the run is kept. Whether the run was known.
     */
    boolean cancel(String run);

    /** A file of a finished run by the name {@link #status} lists; empty for any other name. */
    Optional<Path> file(String run, String name);
}
