package org.zfnet.serve.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.zfnet.cli.runs.AnalysisRuns;

/**
 * Analysis runs from the page, as {@code zfnet analyze} runs them ({@link AnalysisRuns}):
 * <ul>
 * <li>{@code POST /api/runs} with {@code plugin=ID}, {@code image=ID} for each input (none for an analysis of the
 * weights alone) and {@code option.NAME=VALUE} for each option given: queued, answered {@code 202} with the run
 * ({@code id}, {@code state}, …); a bad option value is a 400, a full queue a 503, each one line;</li>
 * <li>{@code GET /api/runs/ID}: where it stands ({@code state}, {@code task}, {@code done}, {@code total}, the
 * equivalent {@code command}, and when done its {@code files});</li>
 * <li>{@code POST /api/runs/ID/cancel}: stops it, keeping nothing;</li>
 * <li>{@code GET /api/runs/ID/files/NAME}: one of its files ({@code report.json}, a figure's PNG, an array's
 * {@code .npy}, {@code index.html}).</li>
 * </ul>
 */
@Component(service = Servlet.class, property = "osgi.http.whiteboard.servlet.pattern=/api/runs/*")
public class RunsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    /** The parameters of a run's options: {@code option.NAME}. */
    static final String OPTION = "option.";
    private static final int UNAVAILABLE = 503;

    private final transient AnalysisRuns runs;
    private final transient ServedNetwork served;

    @Activate
    public RunsServlet(@Reference(target = "(" + ServedNetwork.MARK + "=" + AnalysisRuns.MARK + ")") AnalysisRuns runs,
            @Reference ServedNetwork served) {
        this.runs = runs;
        this.served = served;
    }

    @Override
    void post(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] path = path(req);
        if (path.length == 2 && path[1].equals("cancel")) {
            if (!runs.cancel(path[0])) {
                throw unknown(path[0]);
            }
            json(resp, status(path[0]));
            return;
        }
        if (path.length != 0) {
            throw new HttpError(405, "POST /api/runs starts a run, POST /api/runs/ID/cancel stops one");
        }
        String plugin = param(req, "plugin");
        List<Path> inputs = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> p : req.getParameterMap().entrySet()) {
            String name = p.getKey();
            if (name.equals("image")) {
                for (String id : p.getValue()) {
                    inputs.add(served.explorer().images().file(id));
                }
            } else if (name.startsWith(OPTION) && p.getValue().length == 1) {
                options.put(name.substring(OPTION.length()), p.getValue()[0]);
            } else if (!name.equals("plugin") && !name.equals("token")) {
                throw new HttpError(HttpError.BAD_REQUEST, "unknown parameter '" + ImageLibrary.shorten(name)
                        + "': a run takes plugin, image (once per image) and option.NAME (once per option)");
            }
        }
        String id;
        try {
            id = runs.submit(plugin, inputs, options);
        } catch (RejectedExecutionException e) {
            throw new HttpError(UNAVAILABLE, e.getMessage());
        }
        resp.setStatus(202);
        json(resp, status(id));
    }

    @Override
    void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] path = path(req);
        if (path.length == 1) {
            json(resp, status(path[0]));
        } else if (path.length == 3 && path[1].equals("files")) {
            Path file = runs.file(path[0], path[2]).orElseThrow(() -> new HttpError(HttpError.NOT_FOUND,
                    "run " + ImageLibrary.shorten(path[0]) + " has no file '" + ImageLibrary.shorten(path[2])
                            + "' (GET /api/runs/ID lists its files once it is done)"));
            file(resp, file);
        } else {
            throw new HttpError(HttpError.NOT_FOUND, "GET /api/runs/ID or /api/runs/ID/files/NAME");
        }
    }

    private Map<String, Object> status(String id) {
        return runs.status(id).orElseThrow(() -> unknown(id));
    }

    private static HttpError unknown(String id) {
        return new HttpError(HttpError.NOT_FOUND, "no run '" + ImageLibrary.shorten(id) + "' (it may have been "
                + "forgotten to make room for newer runs)");
    }

    /** The parts of the path after {@code /api/runs}. */
    private static String[] path(HttpServletRequest req) {
        String info = req.getPathInfo();
        if (info == null || info.equals("/")) {
            return new String[0];
        }
        return info.substring(1).split("/", 3);
    }

    /** A run's file with its content type; arrays as downloads. */
    private static void file(HttpServletResponse resp, Path file) throws IOException {
        String name = file.getFileName().toString();
        String type = name.endsWith(".png") ? "image/png" : name.endsWith(".json") ? "application/json"
                : name.endsWith(".html") ? "text/html;charset=utf-8" : name.endsWith(".npy")
                ? "application/octet-stream" : "text/plain;charset=utf-8";
        resp.setContentType(type);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (name.endsWith(".npy")) {
            resp.setHeader("Content-Disposition", "attachment; filename=\"" + name.replace("\"", "_") + "\"");
        }
        resp.setContentLengthLong(Files.size(file));
        Files.copy(file, resp.getOutputStream());
    }
}
