package org.zfnet.cli.internal;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.DatasetWork;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.launcher.spi.CommandRunner;
import org.zfnet.launcher.spi.DatasetRunner;

/**
 * The dataset work of {@code zfnet analyze} in shards, for the Spark application: the command line is read as {@code
 * zfnet analyze} reads it, the plugin's {@link DatasetWork} does the work, and the result is written as {@code zfnet
 * analyze} writes it. Failures leave as {@link IllegalArgumentException} (the user's input) or {@link
 * IllegalStateException} with one line, since the caller outside the container sees none of its classes.
 */
@Component(service = DatasetRunner.class)
public class DatasetJobs implements DatasetRunner {

    /** The shipped plugins that offer dataset work, for the message of one that does not. */
    private static final String STREAMING = "deconv --top K, occlusion, stats (zfnet plugins lists all)";

    private final BundleContext context;
    private final PluginCatalog plugins;
    private final SharedNetworks shared;

    @Activate
    public DatasetJobs(BundleContext context, @Reference PluginCatalog plugins, @Reference SharedNetworks shared) {
        this.context = context;
        this.plugins = plugins;
        this.shared = shared;
    }

    @Override
    public Job open(List<String> args) {
        PrintWriter err = new PrintWriter(System.err, true);
        Session session = new Session(context, plugins, shared, new PrintWriter(System.out, true), err);
        return guarded(() -> {
            AnalyzeCommand.Parsed parsed = AnalyzeCommand.parse(session, args);
            if (!parsed.inputs().isEmpty()) {
                throw new org.zfnet.api.InvalidInputException("--input is not taken here: the inputs come from the "
                        + "dataset's path");
            }
            AnalysisRequest request = AnalysisRequest.checked(parsed.plugin().plugin(), null, parsed.given());
            Optional<DatasetWork<?>> work = parsed.plugin().plugin().datasetWork(request);
            if (work.isEmpty()) {
                throw new org.zfnet.api.InvalidInputException("analysis " + parsed.plugin().id() + " with these options "
                        + "does not stream over a dataset; those that do: " + STREAMING);
            }
            ModelSpec spec = Models.spec(session, parsed.model());
            AnalysisRunner.ModelChoice model = parsed.model();
            RunContext run = new RunContext(session, Models.network(session, model.name(), spec, model.weights(),
                    model.seed()), null, org.zfnet.api.analysis.Progress.NONE);
            return new Opened<>(session, parsed, request, spec, run, work.get());
        });
    }

    /** One opened work with the type of its state. */
    private static final class Opened<S> implements Job {
        private final Session session;
        private final AnalyzeCommand.Parsed parsed;
        private final AnalysisRequest request;
        private final ModelSpec spec;
        private final RunContext run;
        private final DatasetWork<S> work;

        @SuppressWarnings("unchecked")
        Opened(Session session, AnalyzeCommand.Parsed parsed, AnalysisRequest request, ModelSpec spec, RunContext run,
                DatasetWork<?> work) {
            this.session = session;
            this.parsed = parsed;
            this.request = request;
            this.spec = spec;
            this.run = run;
            this.work = (DatasetWork<S>) work;
        }

        @Override
        public String task() {
            return work.task();
        }

        @Override
        public byte[] shard(List<String> names, List<Path> files) {
            return guarded(() -> work.write(work.shard(inputs(names, files), run)));
        }

        @Override
        public byte[] merge(byte[] a, byte[] b) {
            return guarded(() -> work.write(work.merge(work.read(a), work.read(b))));
        }

        @Override
        public Set<String> revisit(byte[] merged) {
            return guarded(() -> Set.copyOf(work.revisit(work.read(merged))));
        }

        @Override
        public byte[] details(byte[] merged, List<String> names, List<Path> files) {
            return guarded(() -> work.write(work.details(work.read(merged), inputs(names, files), run)));
        }

        @Override
        public int finish(byte[] merged, int inputs, String command, PrintStream out, PrintStream err) {
            try {
                org.zfnet.api.analysis.AnalysisResult result = work.finish(work.read(merged), run);
                try (Outputs outputs = new Outputs(parsed.out())) {
                    AnalysisRunner.Written written = AnalysisRunner.write(outputs, parsed.plugin(), run.network(), inputs,
                            FileInputs.imagePreprocessing(spec), request.options(), result, command);
                    Path dir = written.outputs().dir();
                    out.println("wrote " + written.files() + " files to " + dir + " (open " + dir.resolve("index.html")
                            + ")");
                    return CommandRunner.OK;
                }
            } catch (RuntimeException | LinkageError | AssertionError | VirtualMachineError failure) {
                PrintWriter e = new PrintWriter(err, true);
                return CommandLineRunner.report(failure, e, session.verbose());
            }
        }

        @Override
        public void close() {
            run.close();
        }

        /** The files as {@code zfnet analyze --input} reads them, named as the dataset names them. */
        private InputSet inputs(List<String> names, List<Path> files) {
            return FileInputs.of(files, spec).named(names);
        }
    }

    /**
     * Runs {@code body}, turning a failure into one line in a type the caller outside the container knows: {@link
     * IllegalArgumentException} for the user's input, {@link IllegalStateException} for the rest, without causes
     * (whose classes the caller could not load).
     */
    private static <T> T guarded(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (org.zfnet.api.InvalidInputException | org.zfnet.formats.FormatException
                | org.zfnet.api.BackendUnavailableException | IllegalArgumentException e) {
            throw new IllegalArgumentException(CommandLineRunner.oneLine(e.getMessage()));
        } catch (RuntimeException e) {
            throw new IllegalStateException(CommandLineRunner.oneLine(e.getMessage() == null ? e.toString()
                    : e.getMessage()));
        }
    }
}
