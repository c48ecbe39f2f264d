package org.zfnet.serve.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.ZfnetException;

/**
 * What every servlet of the api shares: GET and POST only, parameters checked with one-line answers, JSON and PNG
 * replies. A request the server refuses gets a 4xx status and one line of text/plain saying why; a failure of the
 * server a 500 and one line; the server keeps serving either way.
 */
abstract class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Answers a GET; by default 405. */
    void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        throw new HttpError(405, req.getMethod() + " is not allowed on " + req.getServletPath() + "; use POST");
    }

    /** Answers a POST; by default 405. */
    void post(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        throw new HttpError(405, req.getMethod() + " is not allowed on " + req.getServletPath() + "; use GET");
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            switch (req.getMethod()) {
                case "GET" -> get(req, resp);
                case "POST" -> post(req, resp);
                default -> throw new HttpError(405, req.getMethod() + " is not allowed; use GET or POST");
            }
        } catch (HttpError e) {
            fail(resp, e.status(), e.getMessage());
        } catch (InvalidInputException e) {
            fail(resp, HttpError.BAD_REQUEST, e.getMessage());
        } catch (ZfnetException | java.io.UncheckedIOException e) {
            fail(resp, 500, e.getMessage());
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            fail(resp, 500, "internal error: " + e);
        }
    }

    /** The status and one line of text; nothing when the reply has begun. */
    static void fail(HttpServletResponse resp, int status, String message) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.reset();
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=utf-8");
        String line = message == null ? "" : message.replaceAll("\\R", " ");
        resp.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A required parameter. */
    static String param(HttpServletRequest req, String name) {
        String value = req.getParameter(name);
        if (value == null || value.isEmpty()) {
            throw new HttpError(HttpError.BAD_REQUEST, "missing parameter '" + name + "'");
        }
        return value;
    }

    /** A whole number in {@code [min, max]}; {@code fallback} when the parameter is absent. */
    static int intParam(HttpServletRequest req, String name, int min, int max, Integer fallback) {
        String value = req.getParameter(name);
        if ((value == null || value.isEmpty()) && fallback != null) {
            return fallback;
        }
        value = param(req, name);
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new HttpError(HttpError.BAD_REQUEST, "parameter '" + name + "' must be a whole number, got '"
                    + ImageLibrary.shorten(value) + "'");
        }
        if (n < min || n > max) {
            throw new HttpError(HttpError.BAD_REQUEST, "parameter '" + name + "' must be " + min + " to " + max
                    + ", got " + n);
        }
        return n;
    }

    static void json(HttpServletResponse resp, Object value) throws IOException {
        byte[] body = JSON.writeValueAsBytes(value);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    static void png(HttpServletResponse resp, byte[] body) throws IOException {
        resp.setContentType("image/png");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
