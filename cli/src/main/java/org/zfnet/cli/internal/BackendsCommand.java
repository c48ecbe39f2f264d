package org.zfnet.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.dto.BackendInfo;
import org.zfnet.conformance.ConformanceKit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zfnet backends}: which compute backends exist, which are usable, which one is active. */
@Command(name = "backends",
        description = "List the compute backends, whether each is usable here, and what the active one runs on.")
final class BackendsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--check", description = "Run a small convolution on the active backend and compare it "
            + "with its hand-computed answer.")
    boolean check;

    @Option(names = "--verify", description = "Run the conformance kit on the active backend: every kernel "
            + "against a plain-Java reference and finite differences (a few seconds).")
    boolean verify;

    private final Session session;

    BackendsCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws Exception {
        BackendInfo info = session.backend().info();
        String checkResult = check ? convolutionCheck(session.backend()) : null;
        ConformanceKit.Report conformance = verify ? ConformanceKit.run(session.backend()) : null;
        int code = conformance == null || conformance.passed() ? 0 : 1;
        if (json) {
            Map<String, Object> report = report(info, checkResult);
            if (conformance != null) {
                report.put("conformance", Conformance.toJson(conformance));
            }
            session.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            return code;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"BACKEND", "STATUS"});
        session.backendStatuses().forEach((name, status) -> rows.add(new String[] {name,
                status + (name.equals(session.activeBackend()) ? " (active)" : "")}));
        Session.table(rows).forEach(session.out::println);
        session.out.println();
        session.out.println("active backend: " + info.name());
        session.out.println("  device:        " + info.device());
        session.out.println("  ND4J backend:  " + info.nd4jBackend());
        session.out.println("  oneDNN:        " + (info.onednn() ? "on" : "off"));
        session.out.println("  threads:       " + info.threads());
        if (checkResult != null) {
            session.out.println("  check:         " + checkResult);
        }
        if (conformance != null) {
            session.out.println();
            Conformance.print(conformance, session.out);
        }
        return code;
    }

    private Map<String, Object> report(BackendInfo info, String checkResult) {
        List<Map<String, Object>> backends = new ArrayList<>();
        session.backendStatuses().forEach((name, status) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", name);
            entry.put("usable", status.equals("usable"));
            entry.put("reason", status.startsWith("unusable: ") ? status.substring("unusable: ".length()) : null);
            entry.put("active", name.equals(session.activeBackend()));
            backends.add(entry);
        });
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("active", info);
        report.put("backends", backends);
        if (checkResult != null) {
            report.put("check", checkResult);
        }
        return report;
    }

    /**
     * Input 1..9 as 3x3, filter [[1,0],[0,-1]], bias 0.5: every output is x[y][x] - x[y+1][x+1] + 0.5 = -3.5.
     */
    static String convolutionCheck(ComputeBackend backend) {
        INDArray x = Nd4j.createFromArray(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}).reshape(1, 1, 3, 3);
        INDArray w = Nd4j.createFromArray(new float[] {1, 0, 0, -1}).reshape(1, 1, 2, 2);
        INDArray b = Nd4j.createFromArray(new float[] {0.5f});
        float[] y = backend.conv2d(x, w, b, ConvGeometry.of(1, 0)).data().asFloat();
        double error = 0;
        for (float v : y) {
            error = Math.max(error, Math.abs(v - (-3.5)));
        }
        if (y.length != 4 || error > 1e-6) {
            throw new ZfnetException("convolution check failed: expected 4 values of -3.5, got "
                    + java.util.Arrays.toString(y));
        }
        return "conv2d 1x1x3x3 by 1x1x2x2 gives four times -3.5 as computed by hand (max abs error " + error + ")";
    }
}
