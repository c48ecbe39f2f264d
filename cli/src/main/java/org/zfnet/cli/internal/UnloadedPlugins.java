package org.zfnet.cli.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The jars in the watched plugins folder that did not load, each with the reason: not a bundle, not resolved (the
 * missing requirement, from Felix), not started (the bundle's start failure), a component that Declarative
 * Services could not activate (its failure), or a plugin whose id another plugin has ({@link PluginCatalog#shadowed()}).
 */
final class UnloadedPlugins {

    /**
     * One jar that did not load.
     *
     * @param file   the jar's name in the plugins folder
     * @param bundle its bundle symbolic name and version, or {@code -} when it has none
     * @param reason why it did not load, one line
     */
    record Unloaded(String file, String bundle, String reason) {
    }

    private static final Pattern MISSING = Pattern.compile("missing requirement \\[.*?\\(R [^)]*\\)\\] (.*?)"
            + "(?: Unresolved requirements:.*)?$", Pattern.DOTALL);

    private UnloadedPlugins() {
    }

    /** Every jar of {@code dir} (sorted by name) that did not load, with every reason it has. */
    static List<Unloaded> find(BundleContext context, ServiceComponentRuntime scr, Path dir,
            List<PluginCatalog.Shadowed> shadowed) {
        Map<Path, Bundle> installed = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            Path file = file(b.getLocation());
            if (file != null) {
                installed.put(file, b);
            }
        }
        List<Unloaded> unloaded = new ArrayList<>();
        for (Path jar : jars(dir)) {
            String name = jar.getFileName().toString();
            Bundle bundle = installed.get(jar.toAbsolutePath().normalize());
            if (bundle == null) {
                unloaded.add(new Unloaded(name, "-", notInstalled(jar, context)));
                continue;
            }
            String label = bundle.getSymbolicName() == null ? "-" : bundle.getSymbolicName() + " " + bundle.getVersion();
            for (String reason : problems(context, scr, bundle)) {
                unloaded.add(new Unloaded(name, label, reason));
            }
            shadowed.stream().filter(p -> p.bundleId() == bundle.getBundleId())
                    .forEach(p -> unloaded.add(new Unloaded(name, label, p.reason())));
        }
        return unloaded;
    }

    /** Why an installed bundle gives no plugins: none when it is active and its components are fine. */
    private static List<String> problems(BundleContext context, ServiceComponentRuntime scr, Bundle bundle) {
        if (bundle.getSymbolicName() == null) {
            return List.of("not an OSGi bundle: its manifest has no " + Constants.BUNDLE_SYMBOLICNAME);
        }
        if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return List.of();
        }
        if (bundle.getState() == Bundle.INSTALLED) {
            context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class)
                    .resolveBundles(List.of(bundle));
        }
        if (bundle.getState() == Bundle.INSTALLED || bundle.getState() == Bundle.RESOLVED) {
            try {
                // the watcher starts its bundles anyway; starting one here is how Felix tells the reason
                bundle.start(Bundle.START_TRANSIENT);
            } catch (BundleException | IllegalStateException e) {
                return List.of(bundle.getState() == Bundle.INSTALLED ? unresolved(e.getMessage())
                        : "did not start: " + oneLine(e.getMessage()) + (e.getCause() == null ? "" : ": " + e.getCause()));
            }
        }
        if (bundle.getState() != Bundle.ACTIVE) {
            return List.of("bundle state " + state(bundle.getState()));
        }
        List<String> problems = new ArrayList<>();
        if (scr.getComponentDescriptionDTOs(bundle).isEmpty()) {
            problems.add("registers no analysis plugin: it has no Declarative Services component ("
                    + "Service-Component header)");
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundle)) {
            if (!scr.isComponentEnabled(d)) {
                problems.add("component " + d.name + " is disabled");
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    problems.add("component " + d.name + " failed to activate: " + rootCause(c.failure));
                } else if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    List<String> missing = new ArrayList<>();
                    for (var r : c.unsatisfiedReferences) {
                        missing.add(r.name + (r.target == null ? "" : " " + r.target));
                    }
                    problems.add("component " + d.name + " waits for services: " + String.join(", ", missing));
                } else if (c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
                    problems.add("component " + d.name + " waits for its configuration " + d.configurationPid[0]);
                }
            }
        }
        return problems;
    }

    /** Felix's resolution failure, shortened to the missing requirement. */
    static String unresolved(String message) {
        Matcher m = MISSING.matcher(message == null ? "" : message);
        return m.find() ? "not resolved: missing requirement " + oneLine(m.group(1)) : "not resolved: " + oneLine(message);
    }

    /** The innermost exception of a stack trace as SCR gives it: the line after the last "Caused by: ". */
    static String rootCause(String trace) {
        List<String> lines = trace == null ? List.of() : trace.strip().lines().toList();
        String cause = lines.isEmpty() ? "" : lines.get(0);
        for (String line : lines) {
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length());
            }
        }
        return cause.strip();
    }

    private static String notInstalled(Path jar, BundleContext context) {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
        } catch (IOException e) {
            return "not a readable jar: " + e.getMessage();
        }
        String bsn = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (bsn == null) {
            return "not an OSGi bundle: its manifest has no " + Constants.BUNDLE_SYMBOLICNAME;
        }
        String name = bsn.split(";")[0].strip();
        for (Bundle b : context.getBundles()) {
            if (name.equals(b.getSymbolicName())) {
                return "not installed: bundle " + name + " is already installed from " + b.getLocation();
            }
        }
        return "not installed (yet: the folder is scanned every half second)";
    }

    private static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .map(p -> p.toAbsolutePath().normalize()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The file a bundle was installed from, when its location is a file URI or path. */
    static Path file(String location) {
        try {
            String l = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
            return l.startsWith("file:") ? Path.of(URI.create(l)).toAbsolutePath().normalize() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> String.valueOf(state);
        };
    }
}
