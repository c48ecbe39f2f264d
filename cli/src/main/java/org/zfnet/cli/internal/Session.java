package org.zfnet.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.launcher.spi.LaunchProperties;

/** What one command run can reach: the container, the active backend, the plugins, the output. */
final class Session {

    private final BundleContext context;
    private final PluginCatalog plugins;
    private final BackendAccess backend;
    final PrintWriter out;
    final PrintWriter err;

    Session(BundleContext context, PluginCatalog plugins, BackendAccess backend, PrintWriter out, PrintWriter err) {
        this.context = context;
        this.plugins = plugins;
        this.backend = backend;
        this.out = out;
        this.err = err;
    }

    ComputeBackend backend() {
        return backend.get();
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
