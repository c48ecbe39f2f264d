package org.zfnet.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.DemoRun;
import org.zfnet.api.analysis.FileNames;
import org.zfnet.api.model.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zfnet demo}: renders sample images, runs every installed analysis plugin's demo runs on them and writes one
 * report, {@code OUT/index.html}, with each run's figures, captions and the command that regenerates it.
 */
@Command(name = "demo", description = {"Run every installed analysis plugin on "
        + "procedural sample images, or on your own (--input), and write one report of the paper's figures: "
        + "OUT/index.html.", "Each section's files (.npy, PNG, report.json, index.html) are in its own folder under OUT."})
final class DemoCommand implements Callable<Integer> {

    /** The paper's analyses in the order the paper shows them; other plugins follow by id. */
    private static final List<String> PAPER_ORDER = List.of("deconv", "invariance", "occlusion", "correspondence");

    @Option(names = "--out", defaultValue = "out/demo", paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    NetworkOptions network;

    @Option(names = "--input", arity = "1..*", paramLabel = "PATH", description = "Your own images (.png/.jpg) and "
            + "folders of them instead of the procedural samples: analyses of single images take the first "
            + DemoInputs.SINGLE + ", those that need the samples' part annotations are skipped.")
    List<Path> inputs;

    @Option(names = "--images-per-class", defaultValue = "25", paramLabel = "N",
            description = "Sample images rendered per class (default: ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--sample-seed", defaultValue = "11", paramLabel = "N",
            description = "Seed of the sample images, not one the demo model was trained on (default: ${DEFAULT-VALUE}).")
    long sampleSeed;

    @Option(names = "--timeout", defaultValue = "10m", paramLabel = "DURATION",
            description = "Cancel a run that takes longer and report it as failed: 500ms, 30s, 5m, 1h, or 0 for no limit "
                    + "(default: ${DEFAULT-VALUE} per run).")
    String timeout;

    private final Session session;

    DemoCommand(Session session) {
        this.session = session;
    }

    /** Stages the whole report beside {@code --out} and moves it into place at the end, failed sections included. */
    @Override
    public Integer call() {
        if (perClass < 1 || perClass > 1000) {
            throw new InvalidInputException("--images-per-class must be 1 to 1000, got " + perClass);
        }
        Timeout limit = Timeout.parse(timeout);
        DemoInputs own = inputs == null ? null : DemoInputs.own(inputs);
        long start = System.nanoTime();
        try (Outputs outputs = new Outputs(out)) {
            Path stage = outputs.dir();
            int[] failed = {0};
            int[] skipped = {0};
            int runs = run(stage, own, limit, failed, skipped);
            outputs.publish();
            double seconds = (System.nanoTime() - start) / 1e9;
            Path report = out.resolve("index.html");
            session.out.printf("demo: %d analyses (%d failed%s) in %s (%.0f s); report: %s (%.1f MB)%n", runs,
                    failed[0], skipped[0] == 0 ? "" : ", " + skipped[0] + " skipped", ProgressPrinter.duration(seconds),
                    seconds, report, size(report) / 1e6);
            return failed[0] == 0 ? 0 : 1;
        }
    }

    /**
     * Renders the samples unless the user's images are given and runs every plugin's demo runs into {@code stage};
     * returns how many runs there were.
     */
    private int run(Path stage, DemoInputs own, Timeout limit, int[] failed, int[] skipped) {
        long start = System.nanoTime();
        DemoInputs images = own;
        String imagesShown;
        if (own == null) {
            Path samples = stage.resolve("samples");
            DatasetCommand.Generate.render(session, samples, shown(stage, samples), 0, perClass, 128, sampleSeed);
            imagesShown = "zfnet dataset generate --out " + shown(stage, samples) + " --train 0 --val " + perClass
                    + " --seed " + sampleSeed;
            images = DemoInputs.samples(samples.resolve("val"));
        } else {
            imagesShown = own.size() + " image(s): " + String.join(" ", inputs.stream().map(p -> quote(p.toString()))
                    .toList());
        }

        List<DemoReport.Section> sections = new ArrayList<>();
        List<Planned> plan;
        // held while the runs go, so that each run finds the network loaded
        try (NetworkCache.Lease lease = network.network(session, network.spec(session))) {
            plan = plan(stage, sections, lease.network());
            runPlan(plan, images, own, stage, limit, sections, failed, skipped);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String weightsSource = sections.stream().filter(s -> s.written() != null)
                .map(s -> String.valueOf(s.written().settings().get("weights"))).findFirst().orElse("-");
        DemoReport.write(stage, new DemoReport.Header(network.model, weightsSource, session.backend().info().name()
                + " (" + session.backend().info().device() + ")", imagesShown, own == null, seconds), sections);
        return plan.size();
    }

    /** Runs the planned demo runs one after the other; a failed or skipped run is a section saying so. */
    private void runPlan(List<Planned> plan, DemoInputs images, DemoInputs own, Path stage, Timeout limit,
            List<DemoReport.Section> sections, int[] failed, int[] skipped) {
        AnalysisRunner.ModelChoice choice = network.choice();
        for (int i = 0; i < plan.size(); i++) {
            Planned p = plan.get(i);
            java.util.Optional<String> unavailable = images.unavailable(p.run);
            session.out.printf("[%d/%d] %s: %s%s%n", i + 1, plan.size(), p.plugin.id(), p.run.title(),
                    unavailable.map(why -> ": skipped, " + why).orElse(""));
            session.out.flush();
            if (unavailable.isPresent()) {
                skipped[0]++;
                sections.add(DemoReport.Section.skipped(p.plugin, p.run.title(), unavailable.get()));
                continue;
            }
            long runStart = System.nanoTime();
            try {
                List<Path> inputs = images.of(p.run);
                String command = command(p, inputs.stream().map(in -> own == null ? shown(stage, in) : in).toList(),
                        shown(stage, p.dir));
                AnalysisRunner.Written written = AnalysisRunner.run(session, p.plugin, choice, inputs, p.run.options(),
                        p.dir, command, limit);
                sections.add(DemoReport.Section.done(p.plugin, p.run, p.dir, command, written,
                        (System.nanoTime() - runStart) / 1e9));
            } catch (RuntimeException e) {
                failed[0]++;
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                session.err.println("zfnet: demo: " + p.plugin.id() + " '" + p.run.title() + "' failed: " + why);
                if (session.verbose()) {
                    e.printStackTrace(session.err);
                }
                sections.add(DemoReport.Section.failed(p.plugin, p.run.title(), why));
            }
        }
    }

    /** Where a path of the staged report will be once it is published: what commands in the report show. */
    private Path shown(Path stage, Path staged) {
        return out.resolve(stage.relativize(staged));
    }

    private record Planned(PluginEntry plugin, DemoRun run, Path dir) {
    }

    /** Every plugin's demo runs in report order; a plugin whose {@code demo()} fails is reported, not run. */
    private List<Planned> plan(Path stage, List<DemoReport.Section> sections, Network network) {
        List<PluginEntry> plugins = new ArrayList<>(session.plugins().list());
        plugins.sort(Comparator.comparing((PluginEntry p) -> PAPER_ORDER.contains(p.id()) ? PAPER_ORDER.indexOf(p.id())
                : PAPER_ORDER.size()).thenComparing(PluginEntry::id));
        List<Planned> plan = new ArrayList<>();
        Set<String> folders = new HashSet<>();
        for (PluginEntry plugin : plugins) {
            List<DemoRun> runs;
            try {
                runs = plugin.plugin().demo(network);
            } catch (RuntimeException e) {
                session.err.println("zfnet: demo: plugin " + plugin.id() + " cannot say what to run: " + e);
                sections.add(DemoReport.Section.failed(plugin, plugin.id(), "its demo() failed: " + e));
                continue;
            }
            for (DemoRun run : runs) {
                String slug = slug(run.title());
                String named = FileNames.safe(runs.size() == 1 ? plugin.id() : slug.startsWith(plugin.id()) ? slug
                        : plugin.id() + "-" + slug);
                String folder = named;
                for (int n = 2; !folders.add(folder.toLowerCase(Locale.ROOT)); n++) {
                    folder = named + "-" + n; // titles that differ only in what a slug drops, e.g. two taps' '/' and '.'
                }
                plan.add(new Planned(plugin, run, stage.resolve(folder)));
            }
        }
        return plan;
    }

    private String command(Planned p, List<Path> inputs, Path dir) {
        return AnalysisRunner.commandLine(p.plugin, network.choice(), inputs, p.run.options(), dir);
    }

    /** A word as a POSIX shell reads it. */
    static String quote(String word) {
        return word.matches("[A-Za-z0-9_./:,=+@%-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    static String slug(String title) {
        String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return s.isEmpty() ? "run" : s;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
