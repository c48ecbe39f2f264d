package org.zfnet.api.model;

import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;
import org.zfnet.api.backend.ComputeBackend;

/**
 * Trains a network as Zeiler and Fergus did (SGD with momentum, dropout, filter renormalisation, random
 * crops and flips) on the given backend. Provided by the model bundle.
 */
@ProviderType
public interface NetworkTrainer {

    /** The outcome: every epoch's figures and where the final weights are. */
    record Report(List<TrainingListener.Epoch> epochs, Path weights, double wallSeconds, double imagesPerSecond) {
    }

    /**
     * Trains and writes {@code outDir/model.safetensors}, {@code outDir/spec.json}, the chosen checkpoints
     * ({@code checkpoint-epoch-N.safetensors}), {@code last.safetensors} with its optimiser state after every
     * epoch (to resume from), and {@code training.json}.
     */
    Report train(TrainingRequest request, TrainingListener listener, ComputeBackend backend);
}
