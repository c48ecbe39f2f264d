package org.zfnet.model.internal;

import org.zfnet.api.InvalidInputException;

/**
 * {@code step:N}: the rate is divided by 10 every N epochs. {@code plateau:P}: it is divided by 10 when
 * held-out accuracy has not improved for P epochs in a row.
 */
final class LearningRateSchedule {

    private final boolean step;
    private final int every;
    private double rate;
    private double best = -1;
    private int flat;

    LearningRateSchedule(String schedule, double initial) {
        String[] parts = schedule == null ? new String[0] : schedule.split(":");
        if (parts.length != 2 || !(parts[0].equals("step") || parts[0].equals("plateau"))) {
            throw new InvalidInputException("schedule must be step:N or plateau:P, got '" + schedule + "'");
        }
        try {
            every = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("schedule " + schedule + ": '" + parts[1] + "' is not a whole number");
        }
        if (every < 1) {
            throw new InvalidInputException("schedule " + schedule + ": the period must be at least 1");
        }
        if (!(initial > 0)) {
            throw new InvalidInputException("learning rate must be positive, got " + initial);
        }
        this.step = parts[0].equals("step");
        this.rate = initial;
    }

    double rate() {
        return rate;
    }

    /** Called after each epoch (1-based) with its held-out accuracy. */
    void endOfEpoch(int epoch, double valAccuracy) {
        if (step) {
            if (epoch % every == 0) {
                rate /= 10;
            }
            return;
        }
        if (valAccuracy > best) {
            best = valAccuracy;
            flat = 0;
        } else if (++flat >= every) {
            rate /= 10;
            flat = 0;
        }
    }

    /** Restores the state saved with a checkpoint. */
    void restore(double savedRate, double savedBest, int savedFlat) {
        rate = savedRate;
        best = savedBest;
        flat = savedFlat;
    }

    double best() {
        return best;
    }

    int flat() {
        return flat;
    }
}
