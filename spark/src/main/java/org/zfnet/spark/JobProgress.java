package org.zfnet.spark;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;

/**
 * The driver's progress lines: for each pass, tasks done of all, images done of all and images per second, printed
 * every few seconds while something moved and once when the pass ends; and a line for each failed task, which Spark
 * runs again elsewhere (its images count once, when a run of it succeeds).
 */
final class JobProgress extends SparkListener implements AutoCloseable {

    private static final long EVERY_MS = 3000;

    private final PrintStream err;
    private final LongAccumulator images;
    private final AtomicInteger tasksDone = new AtomicInteger();
    private final AtomicInteger tasksTotal = new AtomicInteger();
    private final Thread printer;
    private volatile String pass = "";
    private volatile long passStart = System.nanoTime();
    private volatile long passImagesAtStart;
    private volatile long passImages;

    JobProgress(PrintStream err, LongAccumulator images) {
        this.err = err;
        this.images = images;
        this.printer = new Thread(this::printNowAndThen, "zfnet spark progress");
        this.printer.setDaemon(true);
        this.printer.start();
    }

    /** A pass over {@code passImages} images begins. */
    synchronized void pass(String name, long passImages) {
        this.pass = name;
        this.passImages = passImages;
        this.passImagesAtStart = images.value();
        this.passStart = System.nanoTime();
        tasksDone.set(0);
        tasksTotal.set(0);
    }

    /** The pass has ended: its closing line. */
    synchronized void passDone() {
        err.println("zfnet spark: " + line() + ", done");
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted stage) {
        tasksTotal.addAndGet(stage.stageInfo().numTasks());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd task) {
        if (task.reason() == Success$.MODULE$) {
            tasksDone.incrementAndGet();
        } else {
            err.println("zfnet spark: task " + task.taskInfo().index() + " on " + task.taskInfo().host()
                    + " failed, Spark runs it again: " + task.reason().toString().lines().findFirst().orElse(""));
        }
    }

    private synchronized String line() {
        long done = images.value() - passImagesAtStart;
        double seconds = Math.max((System.nanoTime() - passStart) / 1e9, 1e-9);
        return String.format("%s: %d/%d tasks, %d/%d images, %.1f images/s", pass, tasksDone.get(), tasksTotal.get(),
                done, passImages, done / seconds);
    }

    private void printNowAndThen() {
        String last = "";
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
            String moved = pass + tasksDone.get() + "/" + images.value();
            if (!pass.isEmpty() && !moved.equals(last)) {
                err.println("zfnet spark: " + line());
            }
            last = moved;
        }
    }

    @Override
    public void close() {
        printer.interrupt();
    }
}
