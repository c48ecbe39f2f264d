package org.zfnet.api.analysis;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.model.Network;

/** What the container gives a running analysis. */
@ProviderType
public interface AnalysisContext {

    /** The active compute backend; all convolution and pooling go through it. */
    ComputeBackend backend();

    /**
     * The network chosen with {@code --model} and {@code --weights}. It belongs to the container, which may share it
     * with other runs: do not close it, and do not change its parameters.
     */
    Network network();

    /**
     * The same network with other weights (e.g. training checkpoints, for the evolution of features). Like
     * {@link #network()} it belongs to the container, which releases it when the run ends (and may keep it loaded for
     * later runs): do not close it.
     */
    Network network(Path weights);

    /** Where to report progress of long loops: the same object on every call, one task at a time. */
    Progress progress();

    /**
     * True once the user or a time limit ({@code --timeout}) asked the run to stop. Check it in every long loop (per
     * image, per patch, per layer) and return early when it turns true: the command then reports the time limit and
     * writes nothing, so what is returned is discarded. A run is on a thread of its own, which is also interrupted;
     * a plugin that never checks keeps that thread busy after its command has given up on it.
     */
    boolean isCancelled();

    /**
     * Another analysis plugin of the container, to compose with (e.g. occlusion shows a deconv projection);
     * empty when it is not installed. Plugins still depend on the api bundle only.
     */
    default java.util.Optional<AnalysisPlugin> plugin(String id) {
        return java.util.Optional.empty();
    }

    /**
     * A folder where a long run keeps checkpoints, so that the same command run again after an interruption resumes
     * where it stopped (the command line keeps it beside {@code --out} and removes it once the run's outputs are in
     * place); empty where the caller keeps none. Write checkpoints atomically (temporary file, then move).
     */
    default java.util.Optional<Path> checkpoints() {
        return java.util.Optional.empty();
    }
}
