package org.zfnet.serve.internal;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/images}: the images by id; {@code POST /api/images?name=N} with a PNG or JPEG as the body: an upload,
 * answered with its id (at most {@link ImageLibrary#MAX_UPLOAD_BYTES} bytes, refused with 413 beyond).
 */
@Component(service = Servlet.class, property = "osgi.http.whiteboard.servlet.pattern=/api/images")
public class ImagesServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient ServedNetwork served;

    @Activate
    public ImagesServlet(@Reference ServedNetwork served) {
        this.served = served;
    }

    @Override
    void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        json(resp, served.explorer().images().list());
    }

    @Override
    void post(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > ImageLibrary.MAX_UPLOAD_BYTES) {
            throw new HttpError(HttpError.TOO_LARGE, declared + " bytes is more than an upload may have ("
                    + ImageLibrary.MAX_UPLOAD_BYTES + ")");
        }
        byte[] body = req.getInputStream().readNBytes(ImageLibrary.MAX_UPLOAD_BYTES + 1);
        if (body.length == 0) {
            throw new HttpError(HttpError.BAD_REQUEST, "the upload is empty: send a PNG or JPEG as the request body");
        }
        resp.setStatus(201);
        json(resp, served.explorer().images().upload(body, req.getParameter("name")));
    }
}
