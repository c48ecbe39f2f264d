package org.zfnet.serve.internal;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import java.util.Locale;
import java.util.Map;
import org.zfnet.api.model.ProjectionRule;

/**
 * A channel's strongest activation in pixel space ({@link StrongestProjection}):
 * {@code GET /api/projection?image=ID&tap=T&channel=C[&rule=deconvnet|guided|gradient]} its value, position and
 * receptive field (input pixels), {@code GET /api/projection.png?…} the projection.
 */
@Component(service = Servlet.class, property = {"osgi.http.whiteboard.servlet.pattern=/api/projection",
        "osgi.http.whiteboard.servlet.pattern=/api/projection.png"})
public class ProjectionServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient ServedNetwork served;

    @Activate
    public ProjectionServlet(@Reference ServedNetwork served) {
        this.served = served;
    }

    @Override
    void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        StrongestProjection.Projection p = served.explorer().projection(param(req, "image"), param(req, "tap"),
                intParam(req, "channel", 0, Integer.MAX_VALUE, null), rule(req));
        if (req.getServletPath().endsWith(".png")) {
            png(resp, p.png());
        } else {
            json(resp, Map.of("value", p.value(), "y", p.y(), "x", p.x(), "field", Map.of("top", p.field().top(),
                    "left", p.field().left(), "bottom", p.field().bottom(), "right", p.field().right())));
        }
    }

    private static ProjectionRule rule(HttpServletRequest req) {
        String rule = req.getParameter("rule");
        if (rule == null || rule.isEmpty()) {
            return ProjectionRule.DECONVNET;
        }
        try {
            return ProjectionRule.valueOf(rule.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new HttpError(HttpError.BAD_REQUEST, "rule must be deconvnet, guided or gradient, got '"
                    + ImageLibrary.shorten(rule) + "'");
        }
    }
}
