package org.zfnet.api.model;

import org.osgi.annotation.versioning.ConsumerType;

/** Hears how training goes: after every step, every epoch and every checkpoint written. */
@ConsumerType
public interface TrainingListener {

    /**
     * @param epoch            1-based
     * @param step             1-based within the epoch
     * @param imagesPerSecond  training throughput so far in this epoch
     * @param etaSeconds       estimated time to the end of training
     */
    record Step(int epoch, int epochs, int step, int steps, double loss, double accuracy, double learningRate,
            double imagesPerSecond, double etaSeconds) {
    }

    /**
     * @param valAccuracy top-1 accuracy on the held-out images
     * @param seconds     wall time of the epoch, evaluation included
     */
    record Epoch(int epoch, double trainLoss, double trainAccuracy, double valAccuracy, double learningRate,
            double imagesPerSecond, double seconds) {
    }

    void step(Step step);

    void epoch(Epoch epoch);

    default void checkpoint(java.nio.file.Path weights) {
    }

    /** Something the person training should know, e.g. that accuracy is stuck at chance. */
    default void warn(String message) {
    }
}
