package org.zfnet.api.analysis;

import org.zfnet.api.ZfnetException;

/**
 * A run stopped because it was asked to ({@code --timeout}, the user, a server dropping the request): thrown by
 * {@link AnalysisContext#checkCancelled()}. The caller reports the cancellation, not a failure of the plugin, and keeps
 * nothing the run produced. Plugins let it pass; they do not catch it.
 */
public class AnalysisCancelledException extends ZfnetException {
    private static final long serialVersionUID = 1L;

    public AnalysisCancelledException() {
        super("analysis cancelled");
    }
}
