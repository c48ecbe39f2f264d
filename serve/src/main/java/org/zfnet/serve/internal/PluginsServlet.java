package org.zfnet.serve.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.zfnet.cli.runs.AnalysisRuns;

/**
 * {@code GET /api/plugins}: the container's analysis plugins as they are now (a jar dropped into or removed from the
 * plugins folder shows here once the container has (un)installed it), each with its options ({@code name},
 * {@code type}, {@code defaultValue}, {@code choices}, {@code help}, {@code min}): what the page builds its forms from;
 * and {@code page}, where a plugin registered a page of its own ({@link PluginPages}).
 */
@Component(service = Servlet.class, property = "osgi.http.whiteboard.servlet.pattern=/api/plugins")
public class PluginsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient AnalysisRuns runs;
    private final transient PluginPages pages;

    @Activate
    public PluginsServlet(@Reference(target = "(" + ServedNetwork.MARK + "=" + AnalysisRuns.MARK + ")") AnalysisRuns runs,
            @Reference PluginPages pages) {
        this.runs = runs;
        this.pages = pages;
    }

    @Override
    void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<Map<String, Object>> plugins = new ArrayList<>();
        for (Map<String, Object> plugin : runs.plugins()) {
            Map<String, Object> listed = new LinkedHashMap<>(plugin);
            pages.page(String.valueOf(plugin.get("id"))).ifPresent(page -> listed.put("page", page));
            plugins.add(listed);
        }
        json(resp, plugins);
    }
}
