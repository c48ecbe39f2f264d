package org.zfnet.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zfnet plugins}: the analysis plugin services found in the container. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List the analysis plugins found in the container: id, bundle, version, description.")
final class PluginsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    private final Session session;

    PluginsCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws Exception {
        List<PluginEntry> plugins = session.plugins().list();
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
            session.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            return 0;
        }
        if (plugins.isEmpty()) {
            session.out.println("no analysis plugins found; drop plugin bundle jars into " + session.pluginsDir());
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "BUNDLE", "VERSION", "DESCRIPTION"});
        for (PluginEntry p : plugins) {
            rows.add(new String[] {p.id(), p.bundle(), p.version(), p.description()});
        }
        Session.table(rows).forEach(session.out::println);
        return 0;
    }
}
