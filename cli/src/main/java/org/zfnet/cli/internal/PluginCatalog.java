package org.zfnet.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.launcher.spi.LaunchProperties;

/**
 * The analysis plugins currently registered, a whiteboard that follows bundles as they come and go
 * (for example jars dropped into or removed from the watched plugins folder). One plugin per id: where two bundles
 * register the same id, the plugin shipped with zfnet wins over one dropped into the plugins folder, and among
 * dropped-in ones the first registered (lowest {@code service.id}) wins; the others are {@link #shadowed()}.
 */
@Component(service = PluginCatalog.class)
public class PluginCatalog {

    /**
     * A plugin whose id another plugin has.
     *
     * @param id       the id both plugins have
     * @param bundleId the bundle of the plugin that is not used
     * @param bundle   its symbolic name and version
     * @param reason   one line, e.g. {@code plugin id 'deconv' is already taken by org.zfnet.plugin.deconv 0.1.0 (…)}
     */
    record Shadowed(String id, long bundleId, String bundle, String reason) {
    }

    private record Registered(PluginEntry entry, long bundleId, boolean droppedIn, long serviceId) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PluginCatalog.class);
    private static final String BROKEN = "<broken>";
    /** The order in which plugins claim an id. */
    private static final Comparator<Registered> RULE = Comparator.comparing(Registered::droppedIn)
            .thenComparingLong(Registered::serviceId);

    private final Map<ServiceReference<AnalysisPlugin>, Registered> entries = new ConcurrentHashMap<>();
    private final Path pluginsDir;

    @Activate
    public PluginCatalog(BundleContext context) {
        String dir = context.getProperty(LaunchProperties.PLUGINS_DIR);
        this.pluginsDir = dir == null ? null : Path.of(dir).toAbsolutePath().normalize();
    }

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
            id = BROKEN;
            description = "the plugin failed to describe itself: " + e;
        }
        Path file = bundle == null ? null : UnloadedPlugins.file(bundle.getLocation());
        entries.put(ref, new Registered(new PluginEntry(id, description, bsn, version, plugin),
                bundle == null ? -1 : bundle.getBundleId(), file != null && pluginsDir != null && file.startsWith(pluginsDir),
                (Long) ref.getProperty(Constants.SERVICE_ID)));
        LOG.info("analysis plugin '{}' found in {} {}", id, bsn, version);
    }

    void removePlugin(ServiceReference<AnalysisPlugin> ref) {
        Registered gone = entries.remove(ref);
        if (gone != null) {
            LOG.info("analysis plugin '{}' of {} {} withdrawn", gone.entry().id(), gone.entry().bundle(),
                    gone.entry().version());
        }
    }

    /** A snapshot of the plugins, one per id, sorted by id. */
    public List<PluginEntry> list() {
        return byId().values().stream().map(claims -> claims.get(0).entry()).toList();
    }

    public Optional<PluginEntry> find(String id) {
        return list().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The plugins not used because another has their id, sorted by id. */
    public List<Shadowed> shadowed() {
        List<Shadowed> shadowed = new ArrayList<>();
        for (List<Registered> claims : byId().values()) {
            Registered winner = claims.get(0);
            for (Registered loser : claims.subList(1, claims.size())) {
                PluginEntry e = loser.entry();
                shadowed.add(new Shadowed(e.id(), loser.bundleId(), e.bundle() + " " + e.version(), "plugin id '"
                        + e.id() + "' is already taken by " + winner.entry().bundle() + " " + winner.entry().version()
                        + (winner.droppedIn() ? " (of dropped-in plugins, the first registered wins)"
                                : " (plugins shipped with zfnet win over dropped-in ones)")));
            }
        }
        return shadowed;
    }

    /** The registered plugins by id, each id's in the order of {@link #RULE}; plugins that cannot say their id stay apart. */
    private Map<String, List<Registered>> byId() {
        Map<String, List<Registered>> byId = new TreeMap<>();
        entries.values().stream().sorted(RULE).forEach(r -> byId.computeIfAbsent(
                r.entry().id().equals(BROKEN) ? BROKEN + r.serviceId() : r.entry().id(), k -> new ArrayList<>()).add(r));
        return byId;
    }
}
