package org.zfnet.cli.internal;

/**
 * The rate of a task and its time left, once the rate can be trusted. The rate is measured from the first unit done
 * on (the first unit carries warm-up: compiling, allocating, caches). It is <em>stable</em> once at least
 * {@value #MIN_SECONDS} s have been measured and either {@value #MIN_PERCENT}% of the units are done since then or the
 * rates of the last two windows of at least {@value #WINDOW_SECONDS} s each agree within {@value #AGREEMENT_PERCENT}%;
 * it stays stable after that. Until then there is no time left to show: a first estimate taken while the network
 * warms up can say "3h30m" for a 25 s run. Times are in nanoseconds of one clock ({@link System#nanoTime()}).
 */
final class RateEstimate {

    static final double MIN_SECONDS = 3;
    static final int MIN_PERCENT = 5;
    static final double WINDOW_SECONDS = 1;
    static final int AGREEMENT_PERCENT = 20;

    private final long total;
    private final long start;
    private long done;
    private long now;
    private boolean measuring;
    private long firstAt;
    private long firstDone;
    private long windowAt;
    private long windowDone;
    private double lastWindowRate = Double.NaN;
    private double previousWindowRate = Double.NaN;
    private boolean stable;

    RateEstimate(long total, long start) {
        this.total = total;
        this.start = start;
        this.now = start;
    }

    /** {@code done} units in all at time {@code now}. */
    void record(long done, long now) {
        this.done = done;
        this.now = now;
        if (!measuring) {
            measuring = true;
            firstAt = now;
            firstDone = done;
            windowAt = now;
            windowDone = done;
            return;
        }
        double window = (now - windowAt) / 1e9;
        if (window >= WINDOW_SECONDS) {
            previousWindowRate = lastWindowRate;
            lastWindowRate = (done - windowDone) / window;
            windowAt = now;
            windowDone = done;
        }
        if (!stable && (now - firstAt) / 1e9 >= MIN_SECONDS && done > firstDone) {
            stable = (done - firstDone) * 100 >= MIN_PERCENT * total
                    || Math.abs(lastWindowRate - previousWindowRate) * 100
                            <= AGREEMENT_PERCENT * Math.max(lastWindowRate, previousWindowRate);
        }
    }

    boolean stable() {
        return stable;
    }

    /** Units per second: since the first unit once stable, until then over all the time since the start. */
    double rate() {
        return stable ? (done - firstDone) / ((now - firstAt) / 1e9) : done / Math.max((now - start) / 1e9, 1e-9);
    }

    /** Seconds left at {@link #rate()}; only meaningful once {@link #stable()}. */
    double secondsLeft() {
        return (total - done) / rate();
    }
}
