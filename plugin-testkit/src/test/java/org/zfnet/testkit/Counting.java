package org.zfnet.testkit;

import java.util.List;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.OptionSpec;

/**
 * A plugin for the kit's own tests: counts to {@code --count} in a task {@code counting}, then in a task
 * {@code recounting}, one progress unit a step; checks for cancellation before each step unless {@code --deaf}.
 */
final class Counting implements AnalysisPlugin {

    @Override
    public String id() {
        return "counting";
    }

    @Override
    public String description() {
        return "counts twice";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.integer("count", 5, "steps of each task"), OptionSpec.flag("deaf", "never check"));
    }

    @Override
    public AnalysisResult run(AnalysisRequest request, AnalysisContext context) {
        int steps = 0;
        for (String task : List.of("counting", "recounting")) {
            context.progress().start(task, request.intOption("count"));
            for (int i = 0; i < request.intOption("count"); i++) {
                if (!request.flag("deaf") && context.isCancelled()) {
                    return new AnalysisResult().array("steps", Nd4j.scalar(steps));
                }
                steps++;
                context.progress().advance(1);
            }
        }
        return new AnalysisResult().array("steps", Nd4j.scalar(steps));
    }
}
