package org.zfnet.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.OptionSpec;
import picocli.CommandLine;

/**
 * The command line as a newcomer meets it, on the real command tree with two plugins installed: mistakes get one line
 * with what was probably meant, and the help says what every analysis takes.
 */
class CommandLineHelpTest {

    private record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Session session = new Session(context(), plugins(), null, new PrintWriter(out, true), new PrintWriter(err, true));
        int code = CommandLineRunner.commandLine(session, List.of(args)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The one error line of a refused command line. */
    private static String refused(String... args) {
        Run r = run(args);
        assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.err() + r.out());
        assertEquals(1, r.errLines().size(), r.err());
        assertEquals("", r.out());
        return r.errLines().get(0);
    }

    @Test
    void aMistypedCommandSuggestsTheCommand() {
        assertEquals("zfnet: Unknown command: 'modle' (did you mean 'model'?) (see 'zfnet --help')",
                refused("modle", "summary"));
        assertEquals("zfnet: Unknown command: 'summry' (did you mean 'summary'?) (see 'zfnet model --help')",
                refused("model", "summry"));
        assertEquals("zfnet: Unknown command: 'bogus' (see 'zfnet --help')", refused("bogus"));
    }

    @Test
    void aMistypedPluginSuggestsThePlugin() {
        assertEquals("zfnet: no analysis plugin 'occlusoin' (did you mean 'occlusion'?); 'zfnet plugins' lists them "
                + "(see 'zfnet analyze --help')", refused("analyze", "occlusoin", "--input", "x.png"));
    }

    @Test
    void anUnknownPluginWithHelpIsOneLineAndExitTwo() {
        assertEquals("zfnet: no analysis plugin 'occlusoin' (did you mean 'occlusion'?); 'zfnet plugins' lists them "
                + "(see 'zfnet analyze --help')", refused("analyze", "occlusoin", "--help"));
        assertTrue(refused("analyze", "nothing-like-it", "--help").contains("no analysis plugin 'nothing-like-it';"));
        assertTrue(refused("modle", "--help").contains("Unknown command: 'modle' (did you mean 'model'?)"));
    }

    @Test
    void aMistypedOptionSuggestsTheOption() {
        assertTrue(refused("analyze", "occlusion", "--input", "x.png", "--out", "o", "--ptach", "3")
                .contains("Unknown option: '--ptach' (did you mean '--patch'?)"));
        assertTrue(refused("forward", "--input", "x.png", "--tapz", "conv1")
                .contains("Unknown option: '--tapz' (did you mean '--taps'?)"));
    }

    @Test
    void unknownOptionsAreReportedBesideAMissingRequiredOne() {
        String line = refused("forward", "--inptu", "x");
        assertTrue(line.startsWith("zfnet: Unknown option: '--inptu' (did you mean '--input'?); Missing required "
                + "option"), line);
        assertTrue(line.contains("'--input=PATH"), line);
        line = refused("forward", "--input", "a.png", "--inptu", "x", "--tapz=conv1", "--bogus");
        assertTrue(line.startsWith("zfnet: Unknown options: '--inptu' (did you mean '--input'?), '--tapz' (did you "
                + "mean '--taps'?), '--bogus' (see 'zfnet forward --help')"), line);
    }

    @Test
    void analyzeHelpListsTheSharedOptionsAndThePlugins() {
        Run r = run("analyze", "--help");
        assertEquals(0, r.code(), r.err());
        CommandLine.Model.CommandSpec shared = CommandLine.Model.CommandSpec.create();
        AnalysisOptions.addTo(shared);
        assertEquals(8, shared.options().size());
        String listing = r.out().substring(r.out().indexOf("Options of every analysis")).replaceAll("\\s+", " ");
        for (CommandLine.Model.OptionSpec o : shared.options()) {
            List<String> words = List.of(o.description()[0].split(" "));
            String help = String.join(" ", words.subList(0, Math.min(4, words.size())));
            assertTrue(Pattern.compile(Pattern.quote(o.longestName() + "=" + o.paramLabel()) + "(\\.\\.\\.)? "
                    + Pattern.quote(help)).matcher(listing).find(), o.longestName() + " with '" + help + "' in\n"
                    + r.out());
        }
        assertTrue(r.out().contains("occlusion  Blocks a patch"), r.out());
        assertTrue(r.out().contains("deconv     Projects down"), r.out());
    }

    @Test
    void onlyTheRootSaysItsVersion() {
        Session session = new Session(context(), plugins(), null, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        CommandLine root = CommandLineRunner.commandLine(session, List.of());
        assertNotNull(root.getCommandSpec().findOption("--version"));
        int[] commands = {0};
        checkBelow(root, commands);
        assertTrue(commands[0] > 15, "every command seen: " + commands[0]);
        Run r = run("forward", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("-h, --help"), r.out());
        assertTrue(!r.out().contains("-V") && !r.out().contains("--version"), r.out());
    }

    private static void checkBelow(CommandLine line, int[] commands) {
        for (CommandLine sub : line.getSubcommands().values()) {
            String name = sub.getCommandSpec().qualifiedName();
            if (!name.equals("zfnet help")) {
                assertNull(sub.getCommandSpec().findOption("--version"), name);
                assertNull(sub.getCommandSpec().findOption("-V"), name);
                assertNotNull(sub.getCommandSpec().findOption("--help"), name);
            }
            commands[0]++;
            checkBelow(sub, commands);
        }
    }

    // --- a container of two plugins, without OSGi ------------------------------------------------------------

    private static BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private static PluginCatalog plugins() {
        PluginCatalog catalog = new PluginCatalog(context());
        catalog.addPlugin(reference(1), new Plugin("occlusion", "Blocks a patch and watches the class score.",
                List.of(OptionSpec.integer("patch", 16, "Patch side"))));
        catalog.addPlugin(reference(2), new Plugin("deconv", "Projects down the strongest activations.", List.of()));
        return catalog;
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<AnalysisPlugin> reference(long id) {
        return (ServiceReference<AnalysisPlugin>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> Constants.SERVICE_ID.equals(args[0]) ? id : null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private record Plugin(String id, String description, List<OptionSpec> options) implements AnalysisPlugin {
        @Override
        public AnalysisResult run(AnalysisRequest request, AnalysisContext context) {
            throw new AssertionError("not run in these tests");
        }
    }
}
