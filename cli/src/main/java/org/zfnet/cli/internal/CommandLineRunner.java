package org.zfnet.cli.internal;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.zfnet.api.BackendUnavailableException;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.dto.BackendInfo;
import org.zfnet.formats.FormatException;
import org.zfnet.launcher.spi.CommandRunner;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Runs the zfnet command line inside the container (picocli). Usage errors and {@link InvalidInputException}s
 * become one line and exit code 2; nothing escapes as a stack trace unless {@code --verbose}.
 */
@Component(service = CommandRunner.class)
public class CommandLineRunner implements CommandRunner {

    private final BundleContext context;
    private final PluginCatalog plugins;
    private final SharedNetworks shared;

    @Activate
    public CommandLineRunner(BundleContext context, @Reference PluginCatalog plugins,
            @Reference SharedNetworks shared) {
        this.context = context;
        this.plugins = plugins;
        this.shared = shared;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        try {
            Session session = new Session(context, plugins, shared, o, e);
            if (session.verbose()) {
                describeBackend(session);
            }
            CommandLine cli = commandLine(session, args);
            return cli.execute(args.toArray(String[]::new));
        } catch (RuntimeException | LinkageError | AssertionError | VirtualMachineError failure) {
            return report(failure, e, false);
        } finally {
            o.flush();
            e.flush();
        }
    }

    /** Removes the staging folders of the runs in flight; checkpoints stay, so that a re-run resumes. */
    @Override
    public List<Path> abort() {
        return StagingFolders.removeAll();
    }

    /** The command tree for one run; every command sees the same session. */
    static CommandLine commandLine(Session session, List<String> args) {
        CommandLine cli = new CommandLine(new RootCommand());
        cli.addSubcommand(new BackendsCommand(session));
        cli.addSubcommand(new PluginsCommand(session));
        cli.addSubcommand(new NetworksCommand(session));
        CommandLine model = new CommandLine(new ModelCommand());
        model.addSubcommand(new ModelCommand.ListModels(session));
        model.addSubcommand(new ModelCommand.Summary(session));
        model.addSubcommand(new ModelCommand.Init(session));
        model.addSubcommand(new ModelImport(session));
        cli.addSubcommand(model);
        cli.addSubcommand(new DemoCommand(session));
        cli.addSubcommand(new ForwardCommand(session));
        CommandLine dataset = new CommandLine(new DatasetCommand());
        dataset.addSubcommand(new DatasetCommand.Generate(session));
        cli.addSubcommand(dataset);
        cli.addSubcommand(new TrainCommand(session, args));
        cli.addSubcommand(AnalyzeCommand.build(session, args));
        cli.addSubcommand(new ServeCommand(session));
        HelpOption.addBelow(cli);
        cli.setOut(session.out);
        cli.setErr(session.err);
        cli.setParameterExceptionHandler(CommandLineRunner::usageError);
        cli.setExecutionStrategy(CommandLineRunner::execute);
        // an unknown option after a multi-value option (--input a.png --bogus) is an error, not one more value
        cli.setUnmatchedOptionsAllowedAsOptionParameters(false);
        cli.setExecutionExceptionHandler((ex, line, parsed) -> report(ex, line.getErr(), session.verbose()));
        return cli;
    }

    private static void describeBackend(Session session) {
        BackendInfo info = session.backend().info();
        session.err.printf("zfnet: backend %s active: %s; ND4J %s; oneDNN %s; %d threads%n", info.name(),
                info.device(), info.nd4jBackend(), info.onednn() ? "on" : "off", info.threads());
    }

    /**
     * Runs the command picocli found, after refusing words it did not match: picocli lets them pass when
     * {@code --help} is given, and {@code analyze occlusoin --help} would print the usage of {@code analyze}.
     */
    private static int execute(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (!p.unmatched().isEmpty()) {
                throw new CommandLine.UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    private static int usageError(ParameterException ex, String[] args) {
        CommandLine line = ex.getCommandLine();
        String command = line.getCommandSpec().qualifiedName();
        line.getErr().println(command.split(" ")[0] + ": " + UsageError.describe(ex) + " (see '" + command
                + " --help')");
        return CommandRunner.BAD_INPUT;
    }

    /** A message on one line: names taken from files (tensor names, paths) may hold line breaks. */
    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\R", " ");
    }

    static int report(Throwable failure, PrintWriter err, boolean verbose) {
        if (failure instanceof InvalidInputException || failure instanceof BackendUnavailableException
                || failure instanceof FormatException) {
            err.println("zfnet: " + oneLine(failure.getMessage()));
            return CommandRunner.BAD_INPUT;
        }
        if (failure instanceof ZfnetException || failure instanceof java.io.UncheckedIOException) {
            err.println("zfnet: " + oneLine(failure.getMessage()));
            if (verbose && failure.getCause() != null) {
                failure.getCause().printStackTrace(err);
            }
            return CommandRunner.FAILED;
        }
        if (failure instanceof OutOfMemoryError oom) {
            err.println("zfnet: " + PluginThread.outOfMemory(oom));
            return CommandRunner.FAILED;
        }
        err.println("zfnet: internal error: " + failure);
        if (verbose) {
            failure.printStackTrace(err);
        }
        return CommandRunner.FAILED;
    }
}
