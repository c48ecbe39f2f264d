package org.zfnet.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zfnet plugins}: the analysis plugin services found in the container, and the plugin jars that did not load. */
@Command(name = "plugins",
        description = {"List the analysis plugins found in the container: id, bundle, version, description.",
            "Jars in the plugins folder that did not load follow, each with the reason (not a bundle, a missing "
                    + "requirement, a start or activation failure, an id that a plugin shipped with zfnet or dropped in "
                    + "earlier has)."})
final class PluginsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON instead of a table: {\"plugins\": [...], \"not_loaded\": [...]}.")
    boolean json;

    private final Session session;

    PluginsCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws Exception {
        List<PluginEntry> plugins = session.plugins().list();
        List<UnloadedPlugins.Unloaded> unloaded = UnloadedPlugins.find(session.bundleContext(),
                session.service(ServiceComponentRuntime.class), Path.of(session.pluginsDir()), session.plugins().shadowed());
        if (json) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (PluginEntry p : plugins) {
                Map<String, String> row = new LinkedHashMap<>();
                row.put("id", p.id());
                row.put("bundle", p.bundle());
                row.put("version", p.version());
                row.put("description", p.description());
                rows.add(row);
            }
            Map<String, Object> listing = new LinkedHashMap<>();
            listing.put("plugins", rows);
            listing.put("not_loaded", unloaded);
            session.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(listing));
            return 0;
        }
        if (plugins.isEmpty()) {
            session.out.println("no analysis plugins found; drop plugin bundle jars into " + session.pluginsDir());
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "BUNDLE", "VERSION", "DESCRIPTION"});
            for (PluginEntry p : plugins) {
                rows.add(new String[] {p.id(), p.bundle(), p.version(), p.description()});
            }
            Session.table(rows).forEach(session.out::println);
        }
        if (!unloaded.isEmpty()) {
            session.out.println();
            session.out.println("not loaded from " + session.pluginsDir() + ":");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"FILE", "BUNDLE", "REASON"});
            for (UnloadedPlugins.Unloaded u : unloaded) {
                rows.add(new String[] {u.file(), u.bundle(), u.reason()});
            }
            Session.table(rows).forEach(session.out::println);
        }
        return 0;
    }
}
