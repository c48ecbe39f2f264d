package org.zfnet.serve.internal;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * One occluder position ({@link OcclusionProbe}):
 * {@code GET /api/occlusion?image=ID&x=X&y=Y&size=S&tap=T&channel=C[&class=K]}: the watched class's probability
 * (default: the unoccluded top class), the top class and channel {@code C}'s total activation with a grey square of
 * side {@code S} at column {@code X}, row {@code Y} of the input; and the time it took.
 */
@Component(service = Servlet.class, property = "osgi.http.whiteboard.servlet.pattern=/api/occlusion")
public class OcclusionServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient ServedNetwork served;

    @Activate
    public OcclusionServlet(@Reference ServedNetwork served) {
        this.served = served;
    }

    @Override
    void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int big = 1 << 20;
        json(resp, served.explorer().occlude(param(req, "image"), intParam(req, "x", -big, big, null),
                intParam(req, "y", -big, big, null), intParam(req, "size", 1, big, null),
                intParam(req, "class", -1, Integer.MAX_VALUE, -1), param(req, "tap"),
                intParam(req, "channel", 0, Integer.MAX_VALUE, null)));
    }
}
