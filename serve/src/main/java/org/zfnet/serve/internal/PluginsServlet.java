package org.zfnet.serve.internal;

import java.io.IOException;
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
 * {@code type}, {@code defaultValue}, {@code choices}, {@code help}, {@code min}): what the page builds its forms from.
 */
@Component(service = Servlet.class, property = "osgi.http.whiteboard.servlet.pattern=/api/plugins")
public class PluginsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient AnalysisRuns runs;

    @Activate
    public PluginsServlet(@Reference(target = "(" + ServedNetwork.MARK + "=" + AnalysisRuns.MARK + ")") AnalysisRuns runs) {
        this.runs = runs;
    }

    @Override
    void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        json(resp, runs.plugins());
    }
}
