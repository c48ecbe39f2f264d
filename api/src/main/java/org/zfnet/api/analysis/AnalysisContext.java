package org.zfnet.api.analysis;

import org.osgi.annotation.versioning.ProviderType;
import org.zfnet.api.backend.ComputeBackend;

/** What the container gives a running analysis. */
@ProviderType
public interface AnalysisContext {

    /** The active compute backend; all convolution and pooling go through it. */
    ComputeBackend backend();

    /** Where to report progress of long loops. */
    Progress progress();

    /** True once the user or a time limit asked the run to stop; check it in long loops. */
    boolean isCancelled();
}
