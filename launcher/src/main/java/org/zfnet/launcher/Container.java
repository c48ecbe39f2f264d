package org.zfnet.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;
import org.zfnet.launcher.spi.CommandRunner;
import org.zfnet.launcher.spi.LaunchProperties;

/**
 * One running Apache Felix framework with the bundles of a distribution: the core, exactly one
 * compute backend, the shipped analysis plugins, for the shell Gogo, and for {@code zfnet serve} the HTTP server's
 * bundles (installed, left for the serve command to start once it knows its port). Bundles are installed by
 * reference (Felix reads the distribution's jars in place) into scratch storage that is removed on close.
 */
public final class Container implements AutoCloseable {

    /** Bundle groups every run installs, in install order. */
    private static final List<String> CORE_GROUPS = List.of("core", "plugins");
    private static final String FILE_INSTALL = "org.apache.felix.fileinstall";
    private static final long SERVICE_TIMEOUT_MS = 60_000;

    /**
     * How to start the container.
     *
     * @param backend    the backend whose bundles to install: {@code cpu} or {@code cuda}
     * @param statuses   the probe's verdict on every backend, shown by {@code zfnet backends}
     * @param pluginsDir folder watched for third-party plugin bundles
     * @param cacheDir   zfnet's cache folder; scratch storage goes below it
     * @param verbose    log what the framework does on standard error
     * @param shell      install the Gogo shell and read commands from the terminal
     * @param serve      install the bundles of {@code bundles/serve/} (the HTTP server, whose start-up no other
     *                   command pays) without starting them: the serve command starts them
     */
    public record Settings(String backend, Map<String, String> statuses, Path pluginsDir, Path cacheDir,
            boolean verbose, boolean shell, boolean serve) {
    }

    /** The bundle group of {@code zfnet serve}; see {@link Settings#serve()}. */
    public static final String SERVE_GROUP = "serve";

    private final Framework framework;
    private final Path storage;

    private Container(Framework framework, Path storage) {
        this.framework = framework;
        this.storage = storage;
    }

    /** Starts Felix, installs and starts the bundles; fails with the bundle and the reason when one cannot start. */
    public static Container start(Distribution dist, Settings settings, PrintStream err) throws LaunchException {
        Path storage = scratch(settings.cacheDir());
        // Felix itself rather than a FrameworkFactory: its configuration carries our logger object
        Framework framework = new Felix(config(dist, settings, storage, err));
        Container container = new Container(framework, storage);
        try {
            framework.init();
            // before any bundle loads a class: plugins' System.exit, Runtime.exit and Runtime.halt calls throw instead
            framework.getBundleContext().registerService(WeavingHook.class,
                    new ExitWeaver(List.of(dist.bundles("plugins"), settings.pluginsDir())), null);
            List<Path> jars = new ArrayList<>(dist.bundleJars("core"));
            jars.addAll(dist.bundleJars("backend-" + settings.backend()));
            jars.addAll(dist.bundleJars("plugins"));
            if (settings.shell()) {
                jars.addAll(dist.bundleJars("shell"));
            }
            if (jars.isEmpty()) {
                throw new LaunchException(CommandRunner.FAILED, "no bundles found under " + dist.home().resolve("bundles"));
            }
            BundleContext context = framework.getBundleContext();
            List<Bundle> bundles = new ArrayList<>();
            for (Path jar : jars) {
                bundles.add(context.installBundle("reference:" + jar.toUri()));
            }
            if (settings.serve()) {
                for (Path jar : dist.bundleJars(SERVE_GROUP)) {
                    context.installBundle("reference:" + jar.toUri());
                }
            }
            framework.start();
            // FileInstall last, so that dropped-in plugins find everything they import
            bundles.sort(Comparator.comparing(b -> FILE_INSTALL.equals(b.getSymbolicName())));
            for (Bundle bundle : bundles) {
                if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    startBundle(bundle);
                }
            }
            return container;
        } catch (BundleException e) {
            container.close();
            throw new LaunchException(CommandRunner.FAILED, "the container did not start: " + e.getMessage(), e);
        } catch (LaunchException | RuntimeException e) {
            container.close();
            throw e;
        }
    }

    private static void startBundle(Bundle bundle) throws LaunchException {
        try {
            bundle.start();
        } catch (BundleException e) {
            throw new LaunchException(CommandRunner.FAILED, "bundle " + bundle.getSymbolicName() + " "
                    + bundle.getVersion() + " did not start: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static Map<String, Object> config(Distribution dist, Settings settings, Path storage, PrintStream err) {
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.zfnet.launcher.spi;version=1.3.0");
        config.put("felix.log.logger", new StderrLogger(err, settings.verbose() ? 3 : 1));
        // Declarative Services logs to standard output without a log service: only when verbose.
        // Activation failures reach the user through the command bundle, in one line.
        config.put("ds.log.enabled", Boolean.toString(settings.verbose()));
        config.put("ds.loglevel", "info");
        config.put("felix.fileinstall.dir", settings.pluginsDir().toString());
        config.put("felix.fileinstall.filter", ".*\\.jar");
        config.put("felix.fileinstall.poll", "500");
        config.put("felix.fileinstall.noInitialDelay", "true");
        config.put("felix.fileinstall.bundles.startTransient", "true");
        config.put("felix.fileinstall.tmpdir", storage.resolve("fileinstall").toString());
        config.put("felix.fileinstall.log.level", settings.verbose() ? "3" : "1");
        config.put("gosh.args", settings.shell() ? "" : "--nointeractive");
        config.put(LaunchProperties.HOME, dist.home().toString());
        config.put(LaunchProperties.BACKEND, settings.backend());
        config.put(LaunchProperties.BACKENDS, String.join(",", settings.statuses().keySet()));
        settings.statuses().forEach((name, status) -> config.put(LaunchProperties.BACKEND_STATUS_PREFIX + name, status));
        config.put(LaunchProperties.PLUGINS_DIR, settings.pluginsDir().toString());
        config.put(LaunchProperties.VERBOSE, Boolean.toString(settings.verbose()));
        if (settings.serve()) {
            config.put(LaunchProperties.SERVE_BUNDLES, dist.bundles(SERVE_GROUP).toString());
        }
        return config;
    }

    private static Path scratch(Path cacheDir) throws LaunchException {
        try {
            Path parent = Files.createDirectories(cacheDir.resolve("felix"));
            return Files.createTempDirectory(parent, "run-");
        } catch (IOException e) {
            throw new LaunchException(CommandRunner.FAILED, "cannot create scratch storage under " + cacheDir + ": " + e);
        }
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** Runs one command line through the command bundle and returns its exit code. */
    public int run(List<String> args, PrintStream out, PrintStream err) throws LaunchException {
        return service(CommandRunner.class).run(args, out, err);
    }

    /**
     * A service of the command bundle that the launcher's SPI declares ({@link CommandRunner}, {@link
     * org.zfnet.launcher.spi.DatasetRunner}), waiting for it to appear; it stays got until the framework stops.
     */
    public <T> T service(Class<T> type) throws LaunchException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context(), type, null);
        tracker.open();
        try {
            ServiceReference<T> ref = tracker.waitForService(SERVICE_TIMEOUT_MS) == null ? null
                    : tracker.getServiceReference();
            // got, not tracked: held until the framework stops, so that a delayed component stays active between calls
            T service = ref == null ? null : context().getService(ref);
            if (service == null) {
                throw new LaunchException(CommandRunner.FAILED, "the " + type.getSimpleName() + " service did not "
                        + "appear within " + SERVICE_TIMEOUT_MS / 1000 + " s; run with --verbose to see the container's log");
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException(CommandRunner.FAILED, "interrupted while waiting for the " + type.getSimpleName()
                    + " service");
        } finally {
            tracker.close();
        }
    }

    /**
     * Tells the command bundle that the JVM is going down while commands run ({@link CommandRunner#abort()});
     * returns the output folders they will not write. Nothing when the command bundle is not running.
     */
    public List<Path> abort() {
        try {
            BundleContext context = context();
            ServiceReference<CommandRunner> ref = context == null ? null : context.getServiceReference(CommandRunner.class);
            CommandRunner runner = ref == null ? null : context.getService(ref);
            return runner == null ? List.of() : runner.abort();
        } catch (IllegalStateException stopped) {
            return List.of();
        }
    }

    /** Waits until the framework stops, e.g. when the user leaves the shell. */
    public void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    @Override
    public void close() {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
                framework.stop();
                framework.waitForStop(30_000);
            }
        } catch (BundleException | InterruptedException e) {
            // shutting down anyway; the scratch storage goes below
        } finally {
            deleteTree(storage);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leftover scratch files are harmless
        }
    }
}
