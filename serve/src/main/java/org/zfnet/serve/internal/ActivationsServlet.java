package org.zfnet.serve.internal;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A tap's feature maps for one image ({@link ChannelGrid}): {@code GET /api/activations?image=ID&tap=T} the channels'
 * maxima and the grid's layout (columns, tile size, padding), {@code GET /api/activations.png?image=ID&tap=T} the grid.
 */
@Component(service = Servlet.class, property = {"osgi.http.whiteboard.servlet.pattern=/api/activations",
        "osgi.http.whiteboard.servlet.pattern=/api/activations.png"})
public class ActivationsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient ServedNetwork served;

    @Activate
    public ActivationsServlet(@Reference ServedNetwork served) {
        this.served = served;
    }

    @Override
    void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ChannelGrid.Grid grid = served.explorer().grid(param(req, "image"), param(req, "tap"));
        if (req.getServletPath().endsWith(".png")) {
            png(resp, grid.png());
        } else {
            json(resp, java.util.Map.of("maxima", grid.maxima(), "columns", grid.columns(), "tileHeight",
                    grid.tileHeight(), "tileWidth", grid.tileWidth(), "pad", ChannelGrid.PAD));
        }
    }
}
