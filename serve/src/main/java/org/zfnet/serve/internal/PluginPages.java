package org.zfnet.serve.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.servlet.Servlet;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The pages analysis plugins register for themselves on the HTTP Whiteboard: a {@link Servlet} service with the
 * property {@value #PROPERTY} = the plugin's id and a servlet pattern under {@code /plugins/<id>/}, e.g.
 * {@code osgi.http.whiteboard.servlet.pattern=/plugins/edges/*}. The whiteboard serves it as it serves ours; the
 * analyses page links it from the plugin's form, and the link goes when the servlet does.
 */
@Component(service = PluginPages.class)
public class PluginPages {

    /** The service property that names the plugin whose page a servlet is. */
    public static final String PROPERTY = "zfnet.plugin.page";
    private static final String PATTERN = "osgi.http.whiteboard.servlet.pattern";

    private final Map<ServiceReference<Servlet>, String[]> pages = new ConcurrentHashMap<>();

    @Reference(service = Servlet.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(&(" + PROPERTY + "=*)(" + PATTERN + "=/plugins/*))", unbind = "removePage")
    void addPage(ServiceReference<Servlet> page) {
        Object plugin = page.getProperty(PROPERTY);
        Object pattern = page.getProperty(PATTERN);
        String first = pattern instanceof String[] all && all.length > 0 ? all[0] : String.valueOf(pattern);
        String path = first.endsWith("/*") ? first.substring(0, first.length() - 1) : first;
        if (path.equals("/plugins/" + plugin + "/") || path.startsWith("/plugins/" + plugin + "/")) {
            pages.put(page, new String[] {String.valueOf(plugin), path.substring(1)});
        }
    }

    void removePage(ServiceReference<Servlet> page) {
        pages.remove(page);
    }

    /** Where the plugin's own page is, relative to the server's root (e.g. {@code plugins/edges/}); empty if none. */
    Optional<String> page(String plugin) {
        return pages.values().stream().filter(p -> p[0].equals(plugin)).map(p -> p[1]).findFirst();
    }
}
