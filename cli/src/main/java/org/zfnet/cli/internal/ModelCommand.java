package org.zfnet.cli.internal;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.osgi.framework.ServiceReference;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSummary;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.ModelProvider;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.NetworkFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zfnet model list|summary|init|import}. */
@Command(name = "model", description = "The models: list them, show one's "
        + "layers, write seeded random weights, import one as a spec file and weights.")
final class ModelCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand (list, summary, init, import)");
    }

    @Command(name = "list", description = "The models the container's bundles provide.")
    static final class ListModels implements Callable<Integer> {
        private final Session session;

        ListModels(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"MODEL", "INPUT", "BUNDLE", "DESCRIPTION"});
            for (Map.Entry<String, ServiceReference<ModelProvider>> e : Models.providers(session).entrySet()) {
                ModelSpec spec = session.get(e.getValue()).spec();
                rows.add(new String[] {e.getKey(), spec.input().get(0) + "x" + spec.input().get(1) + "x" + spec.input().get(2),
                    e.getValue().getBundle().getSymbolicName(), spec.description() == null ? "" : spec.description()});
            }
            Session.table(rows).forEach(session.out::println);
            return 0;
        }
    }

    @Command(name = "summary",
            description = "Layer table: output shape, parameters and multiply-adds per layer, and the taps.")
    static final class Summary implements Callable<Integer> {
        @Option(names = "--model", defaultValue = AnalyzeCommand.DEFAULT_MODEL, paramLabel = Models.LABEL,
            description = Models.HELP + " (default: ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        private final Session session;

        Summary(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() throws Exception {
            ModelSpec spec = Models.spec(session, model);
            List<LayerSummary> rows = session.service(NetworkFactory.class).summarize(spec);
            if (json) {
                Map<String, Object> summary = new java.util.LinkedHashMap<>();
                summary.put("model", spec.name());
                summary.put("layers", rows);
                summary.put("parameters", rows.stream().mapToLong(LayerSummary::parameters).sum());
                summary.put("macs", rows.stream().mapToLong(LayerSummary::macs).sum());
                summary.put("spec", spec); // the model's spec JSON, a starting point for a spec file of one's own
                session.out.println(Outputs.JSON.writeValueAsString(summary));
                return 0;
            }
            // a graph's table says what each layer takes; a chain's would repeat the row above
            boolean graph = !chain(rows);
            List<String[]> table = new ArrayList<>();
            table.add(row(graph, new String[] {"#", "LAYER", "TYPE", "OUTPUT", "PARAMS", "MACS", "TAP"}, "INPUTS"));
            for (LayerSummary r : rows) {
                table.add(row(graph, new String[] {Integer.toString(r.index()), r.name(), r.type(),
                    shape(r.outputShape()), count(r.parameters()), count(r.macs()), r.tap()},
                    String.join(", ", r.inputs())));
            }
            table.add(row(graph, new String[] {"", "total", "", "",
                count(rows.stream().mapToLong(LayerSummary::parameters).sum()),
                count(rows.stream().mapToLong(LayerSummary::macs).sum()), ""}, ""));
            session.out.println(spec.name() + ": " + (spec.description() == null ? "" : spec.description()));
            Session.table(table).forEach(session.out::println);
            return 0;
        }
    }

    /** Whether every layer takes the one above it (the first, the network's input). */
    static boolean chain(List<LayerSummary> rows) {
        for (int i = 0; i < rows.size(); i++) {
            String above = i == 0 ? "input" : rows.get(i - 1).name().isEmpty() ? "#" + (i - 1) : rows.get(i - 1).name();
            if (!rows.get(i).inputs().isEmpty() && !rows.get(i).inputs().equals(List.of(above))) {
                return false;
            }
        }
        return true;
    }

    /** A table row, with the inputs column inserted after the type for graphs. */
    private static String[] row(boolean graph, String[] cells, String inputs) {
        if (!graph) {
            return cells;
        }
        List<String> all = new ArrayList<>(List.of(cells));
        all.add(3, inputs);
        return all.toArray(String[]::new);
    }

    @Command(name = "init",
            description = "Write seeded random weights (He initialisation) as safetensors.")
    static final class Init implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = Models.LABEL, description = Models.HELP + ".")
        String model;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "FILE.safetensors", description = "Where to write.")
        Path out;

        @Option(names = "--force", description = "Replace --out if it exists.")
        boolean force;

        private final Session session;

        Init(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            ModelSpec spec = Models.spec(session, model);
            if (Files.isDirectory(out)) {
                throw new InvalidInputException("--out " + out + " is a folder; give the file to write, e.g. "
                        + out.resolve(spec.name() + ".safetensors"));
            }
            if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !force) {
                throw new InvalidInputException("--out " + out + " exists; add --force to replace it");
            }
            NetworkFactory factory = session.service(NetworkFactory.class);
            Network network = factory.random(spec, seed, session.backend());
            factory.save(network, out);
            session.out.println("wrote " + out + ": " + spec.name() + ", " + network.weightsSource());
            return 0;
        }
    }

    static String shape(List<Integer> s) {
        return String.join("x", s.stream().map(String::valueOf).toList());
    }

    static String count(long n) {
        return n == 0 ? "-" : String.format(Locale.ROOT, "%,d", n);
    }
}
