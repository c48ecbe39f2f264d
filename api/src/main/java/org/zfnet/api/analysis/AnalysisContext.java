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
     * True once the user or a time limit ({@code --timeout}) asked the run to stop. Plugins call {@link
     * #checkCancelled()} in every long loop rather than test this themselves. A run is on a thread of its own, which is
     * also interrupted; a plugin that never checks keeps that thread busy after its command has given up on it.
     */
    boolean isCancelled();

    /**
     * Throws {@link AnalysisCancelledException} once the run was asked to stop ({@link #isCancelled()}); call it in
     * every long loop, often enough that a run stops within a second (per image, per batch of inputs or of square
     * positions, per projection). The command then reports the cancellation and writes nothing.
     */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new AnalysisCancelledException();
        }
    }

    /**
     * Another analysis plugin of the container, to compose with (e.g. occlusion shows a deconv projection);
     * empty when it is not installed. Plugins still depend on the api bundle only.
     */
    default java.util.Optional<AnalysisPlugin> plugin(String id) {
        return java.util.Optional.empty();
    }

    /**
     * Runs another analysis plugin of the container on {@code inputs} in this context, through a checked request
     * ({@link AnalysisRequest#checked}): its defaults filled in, and an option it does not declare, or a value it
     * refuses, fails here, naming that plugin and the option, so that a plugin renaming an option breaks its callers'
     * tests instead of changing their figures. Empty when the plugin is not installed.
     *
     * @param pluginId the other plugin's {@link AnalysisPlugin#id()}
     * @param options  option values by name, without dashes; those left out take their defaults
     * @throws org.zfnet.api.ZfnetException the options do not fit the other plugin's declarations (a mistake of the
     *                                       calling plugin, not of the user)
     */
    default java.util.Optional<AnalysisResult> run(String pluginId, InputSet inputs, java.util.Map<String, String> options) {
        return plugin(pluginId).map(target -> {
            AnalysisRequest request;
            try {
                request = AnalysisRequest.checked(target, inputs, options);
            } catch (org.zfnet.api.InvalidInputException e) {
                throw new org.zfnet.api.ZfnetException("a plugin's request to plugin " + pluginId
                        + " does not fit its options: " + e.getMessage(), e);
            }
            return target.run(request, this);
        });
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
