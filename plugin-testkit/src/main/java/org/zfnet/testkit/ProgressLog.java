package org.zfnet.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.zfnet.api.analysis.Progress;

/**
 * The progress a plugin reported to a {@link TestContext}, in order: each task it started, with the total it announced
 * and the units it advanced. A plugin reports one task at a time, so units advance the task started last.
 */
public final class ProgressLog implements Progress {

    /**
     * One task as reported so far.
     *
     * @param name     the task's name as the plugin gave it
     * @param total    the units the plugin announced
     * @param advanced the units it reported done
     */
    public record Task(String name, long total, long advanced) {

        /** True when the task reported as many units as it announced. */
        public boolean finished() {
            return advanced == total;
        }
    }

    private final List<Task> tasks = new ArrayList<>();
    private long units;

    ProgressLog() {
    }

    @Override
    public synchronized void start(String task, long total) {
        tasks.add(new Task(task, total, 0));
    }

    @Override
    public synchronized void advance(long done) {
        if (tasks.isEmpty()) {
            throw new IllegalStateException("progress advanced by " + done + " before any task was started");
        }
        Task last = tasks.get(tasks.size() - 1);
        tasks.set(tasks.size() - 1, new Task(last.name(), last.total(), last.advanced() + done));
        units += done;
    }

    /** The tasks started so far, oldest first. */
    public synchronized List<Task> tasks() {
        return List.copyOf(tasks);
    }

    /** The last task whose name starts with {@code prefix}; fails naming the tasks there are when none does. */
    public synchronized Task task(String prefix) {
        for (int i = tasks.size() - 1; i >= 0; i--) {
            if (tasks.get(i).name().startsWith(prefix)) {
                return tasks.get(i);
            }
        }
        throw new NoSuchElementException("no progress task starts with '" + prefix + "'; the tasks were "
                + tasks.stream().map(Task::name).toList());
    }

    /** The units advanced over all tasks. */
    public synchronized long units() {
        return units;
    }
}
