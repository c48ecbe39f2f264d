package org.zfnet.serve.internal;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The three occlusion maps, computed in the background ({@link OcclusionMaps}):
 * {@code GET /api/occlusion-maps?image=ID&size=S&tap=T&channel=C[&class=K]} starts them (when they are not the maps
 * computing) and answers with what is computed so far: the occluder's positions per axis, {@code done} of
 * {@code total}, and row by row the watched class's probability, the top class and channel {@code C}'s activation.
 */
@Component(service = Servlet.class, property = "osgi.http.whiteboard.servlet.pattern=/api/occlusion-maps")
public class OcclusionMapsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient ServedNetwork served;

    @Activate
    public OcclusionMapsServlet(@Reference ServedNetwork served) {
        this.served = served;
    }

    @Override
    void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        json(resp, served.explorer().occlusionMaps(param(req, "image"), param(req, "tap"),
                intParam(req, "channel", 0, Integer.MAX_VALUE, null), intParam(req, "size", 1, 1 << 20, null),
                intParam(req, "class", -1, Integer.MAX_VALUE, -1)));
    }
}
