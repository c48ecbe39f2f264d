package org.zfnet.serve.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;

/**
 * The pages: {@code index.html}, {@code app.js} and {@code style.css}, and the analyses' {@code plugins.html},
 * {@code plugins.js} and {@code plugins.css}, from this bundle ({@code web/}), nothing from the
 * network. Every other path that no servlet of the api takes is a 404 with one line; no path a client sends is looked
 * up, only these names.
 */
@Component(service = Servlet.class, property = "osgi.http.whiteboard.servlet.pattern=/")
public class PageServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    /** The files of the page by path, with their content types. */
    private static final Map<String, String> FILES = Map.of(
            "/index.html", "text/html;charset=utf-8",
            "/app.js", "text/javascript;charset=utf-8",
            "/style.css", "text/css;charset=utf-8",
            "/maps.js", "text/javascript;charset=utf-8",
            "/plugins.html", "text/html;charset=utf-8",
            "/plugins.js", "text/javascript;charset=utf-8",
            "/plugins.css", "text/css;charset=utf-8",
            "/topnine.js", "text/javascript;charset=utf-8");

    @Override
    void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if (path.isEmpty() || path.equals("/")) {
            path = "/index.html";
        }
        String type = FILES.get(path);
        if (type == null) {
            throw new HttpError(HttpError.NOT_FOUND, "no page " + ImageLibrary.shorten(path) + " (the page is /, the "
                    + "api under /api/)");
        }
        try (InputStream in = PageServlet.class.getResourceAsStream("/web" + path)) {
            if (in == null) {
                throw new HttpError(500, "the bundle lacks web" + path);
            }
            byte[] body = in.readAllBytes();
            resp.setContentType(type);
            resp.setHeader("Cache-Control", "no-cache");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }
}
