package org.zfnet.serve.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.zfnet.cli.runs.AnalysisRuns;

/**
 * {@code GET /api/topnine?tap=T&channel=C}: a channel's top-9 (paper Fig. 2) from a mined set, when a deconv
 * {@code --top} run on this server's model mined that tap and its result is still kept: the newest such run's
 * figure of the channel ({@code figure}, a path under {@code /api/runs/}), its {@code hits} (input, value, position,
 * receptive field) and the {@code run}; 404 with one line when no kept run mined it.
 */
@Component(service = Servlet.class, property = "osgi.http.whiteboard.servlet.pattern=/api/topnine")
public class TopNineServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The plugin that mines top-9 sets, and the name it gives a channel's figure (deconv's {@code TopNine}). */
    static final String MINER = "deconv";
    static final String CHANNEL_FIGURE = "%s-channel-%03d";

    private final transient AnalysisRuns runs;

    @Activate
    public TopNineServlet(@Reference(target = "(" + ServedNetwork.MARK + "=" + AnalysisRuns.MARK + ")") AnalysisRuns runs) {
        this.runs = runs;
    }

    @Override
    void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String tap = param(req, "tap");
        int channel = intParam(req, "channel", 0, Integer.MAX_VALUE, null);
        String figure = String.format(CHANNEL_FIGURE, tap, channel);
        List<Map<String, Object>> all = new ArrayList<>(runs.runs());
        Collections.reverse(all);
        for (Map<String, Object> run : all) {
            if (!MINER.equals(run.get("plugin")) || !"done".equals(run.get("state"))) {
                continue;
            }
            String id = run.get("id").toString();
            Optional<Map<String, Object>> found = find(id, tap, channel, figure);
            if (found.isPresent()) {
                json(resp, found.get());
                return;
            }
        }
        throw new HttpError(HttpError.NOT_FOUND, "no top-9 of " + ImageLibrary.shorten(tap) + " channel " + channel
                + " mined on this server: run deconv with --top 9 --layer " + ImageLibrary.shorten(tap)
                + " on the analyses page");
    }

    /** The channel's figure and hits in one run's report, if that run mined it. */
    private Optional<Map<String, Object>> find(String run, String tap, int channel, String figure) throws IOException {
        Optional<Path> report = runs.file(run, "report.json");
        if (report.isEmpty()) {
            return Optional.empty();
        }
        JsonNode r = JSON.readTree(report.get().toFile());
        if (!r.has("k") || !tap.equals(r.path("layer").asText())) {
            return Optional.empty();
        }
        String file = null;
        for (var f : (Iterable<Map.Entry<String, JsonNode>>) () -> r.path("files").fields()) {
            if (f.getValue().asText().equals(figure)) {
                file = f.getKey();
            }
        }
        if (file == null) {
            return Optional.empty();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", run);
        m.put("figure", "api/runs/" + run + "/files/" + file);
        m.put("k", r.get("k").asInt());
        for (JsonNode c : r.path("channels")) {
            if (c.path("channel").asInt(-1) == channel) {
                m.put("hits", c.get("hits"));
            }
        }
        return Optional.of(m);
    }
}
