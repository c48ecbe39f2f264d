package org.zfnet.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.launcher.spi.LaunchProperties;

/** What one command run can reach: the container, the active backend and its loaded networks, the plugins, the output. */
final class Session {

    private final BundleContext context;
    private final PluginCatalog plugins;
    private final SharedNetworks shared;
    final PrintWriter out;
    final PrintWriter err;

    Session(BundleContext context, PluginCatalog plugins, SharedNetworks shared, PrintWriter out, PrintWriter err) {
        this.context = context;
        this.plugins = plugins;
        this.shared = shared;
        this.out = out;
        this.err = err;
    }

    ComputeBackend backend() {
        return shared.backend().get();
    }

    /** The networks the container keeps loaded between runs. */
    NetworkCache networks() {
        return shared.networks();
    }

    /** The one service of a type; fails naming it when the container has none. */
    <T> T service(Class<T> type) {
        ServiceReference<T> ref = context.getServiceReference(type);
        T service = ref == null ? null : context.getService(ref);
        if (service == null) {
            throw new ZfnetException("no " + type.getSimpleName() + " service in the container");
        }
        return service;
    }

    /** Services of a type with their properties, e.g. the model providers. */
    <T> List<ServiceReference<T>> references(Class<T> type, String filter) {
        try {
            return new ArrayList<>(context.getServiceReferences(type, filter));
        } catch (InvalidSyntaxException e) {
            throw new InvalidInputException("bad name in filter " + filter);
        }
    }

    <T> T get(ServiceReference<T> ref) {
        return context.getService(ref);
    }

    /** The container's bundles, for what the plugins folder holds. */
    BundleContext bundleContext() {
        return context;
    }

    PluginCatalog plugins() {
        return plugins;
    }

    /** The backend the launcher installed. */
    String activeBackend() {
        return property(LaunchProperties.BACKEND, "cpu");
    }

    /** Every known backend with the launcher's verdict: {@code usable} or {@code unusable: reason}. */
    Map<String, String> backendStatuses() {
        Map<String, String> statuses = new LinkedHashMap<>();
        for (String name : property(LaunchProperties.BACKENDS, activeBackend()).split(",")) {
            statuses.put(name, property(LaunchProperties.BACKEND_STATUS_PREFIX + name, "usable"));
        }
        return statuses;
    }

    String pluginsDir() {
        return property(LaunchProperties.PLUGINS_DIR, "plugins");
    }

    boolean verbose() {
        return Boolean.parseBoolean(property(LaunchProperties.VERBOSE, "false"));
    }

    private String property(String key, String fallback) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Formats rows as left-aligned columns separated by two spaces. */
    static List<String> table(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(c == columns - 1 ? row[c] : String.format("%-" + widths[c] + "s  ", row[c]));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
