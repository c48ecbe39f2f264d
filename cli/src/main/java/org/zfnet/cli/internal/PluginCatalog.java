package org.zfnet.cli.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zfnet.api.analysis.AnalysisPlugin;

/**
 * The analysis plugins currently registered, a whiteboard that follows bundles as they come and go
 * (for example jars dropped into or removed from the watched plugins folder).
 */
@Component(service = PluginCatalog.class)
public class PluginCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(PluginCatalog.class);

    private final Map<ServiceReference<AnalysisPlugin>, PluginEntry> entries = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPlugin(ServiceReference<AnalysisPlugin> ref, AnalysisPlugin plugin) {
        Bundle bundle = ref.getBundle();
        String bsn = bundle == null ? "?" : bundle.getSymbolicName();
        String version = bundle == null ? "?" : bundle.getVersion().toString();
        String id;
        String description;
        try {
            id = plugin.id();
            description = plugin.description();
        } catch (RuntimeException e) {
            id = "<broken>";
            description = "the plugin failed to describe itself: " + e;
        }
        entries.put(ref, new PluginEntry(id, description, bsn, version, plugin));
        LOG.info("analysis plugin '{}' found in {} {}", id, bsn, version);
    }

    void removePlugin(ServiceReference<AnalysisPlugin> ref) {
        PluginEntry gone = entries.remove(ref);
        if (gone != null) {
            LOG.info("analysis plugin '{}' of {} {} withdrawn", gone.id(), gone.bundle(), gone.version());
        }
    }

    /** A snapshot of the plugins, sorted by id. */
    public List<PluginEntry> list() {
        List<PluginEntry> copy = new ArrayList<>(entries.values());
        copy.sort(Comparator.comparing(PluginEntry::id).thenComparing(PluginEntry::bundle));
        return copy;
    }

    public Optional<PluginEntry> find(String id) {
        return list().stream().filter(e -> e.id().equals(id)).findFirst();
    }
}
