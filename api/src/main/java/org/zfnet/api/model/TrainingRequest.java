package org.zfnet.api.model;

import java.nio.file.Path;
import java.util.List;
import org.zfnet.api.dto.ModelSpec;

/**
 * What to train and how: SGD with momentum as in the paper, on an image-folder dataset.
 *
 * @param spec          the network to train
 * @param trainDir      training images, one sub-folder per class
 * @param valDir        held-out images with the same class folders (evaluated after every epoch)
 * @param outDir        where checkpoints, the final weights and the training log go
 * @param epochs        passes over the training set
 * @param batchSize     images per step (the paper used 128)
 * @param learningRate  initial learning rate (the paper: 1e-2)
 * @param momentum      SGD momentum (the paper: 0.9)
 * @param weightDecay   L2 penalty on weights (not biases)
 * @param schedule      {@code step:N} (divide the rate by 10 every N epochs) or {@code plateau:P} (divide it by
 *                      10 when held-out accuracy has not improved for P epochs)
 * @param init          {@code paper} (weights N(0, 0.01^2), biases 0) or {@code he}
 * @param renormRadius  conv filters whose RMS exceeds this are rescaled to it after every step (the paper: 0.1);
 *                      0 turns renormalisation off
 * @param checkpoints   epochs after which to keep the weights, e.g. 1, 2, 5, 10, 20
 * @param resume        a checkpoint to continue from, or null
 * @param seed          seed of the initial weights, the shuffling, the crops and the dropout masks
 * @param command       how the training was started, recorded in {@code training.json}
 */
public record TrainingRequest(ModelSpec spec, Path trainDir, Path valDir, Path outDir, int epochs, int batchSize,
        double learningRate, double momentum, double weightDecay, String schedule, String init, double renormRadius,
        List<Integer> checkpoints, Path resume, long seed, String command) {

    public TrainingRequest {
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
    }
}
