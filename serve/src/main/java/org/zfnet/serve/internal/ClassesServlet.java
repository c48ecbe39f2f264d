package org.zfnet.serve.internal;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /api/classes?image=ID[&k=5]}: the {@code k} most probable classes (index, name, probability). */
@Component(service = Servlet.class, property = "osgi.http.whiteboard.servlet.pattern=/api/classes")
public class ClassesServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient ServedNetwork served;

    @Activate
    public ClassesServlet(@Reference ServedNetwork served) {
        this.served = served;
    }

    @Override
    void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int k = intParam(req, "k", 1, 100, 5);
        json(resp, served.explorer().top(param(req, "image"), k));
    }
}
