package org.zfnet.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.zfnet.conformance.ConformanceKit;

/** A conformance kit report as a table and as JSON. */
final class Conformance {

    private Conformance() {
    }

    static void print(ConformanceKit.Report report, PrintWriter out) {
        out.printf("conformance kit on the %s backend: %d contract cases%n", report.backend(), report.cases().size());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"KERNEL", "CASES", "FAILED", "MAX ERROR", "TOLERANCE"});
        for (ConformanceKit.KernelSummary k : report.kernels()) {
            rows.add(new String[] {k.kernel(), Integer.toString(k.cases()), Integer.toString(k.failed()),
                number(k.maxError()), number(k.tolerance())});
        }
        Session.table(rows).forEach(out::println);
        for (ConformanceKit.CaseResult failure : report.failures()) {
            out.printf("FAILED %s: %s: error %s > %s; %s%n", failure.kernel(), failure.name(),
                    number(failure.outcome().error()), number(failure.outcome().tolerance()), failure.outcome().detail());
        }
        out.println(report.passed() ? "all " + report.cases().size() + " cases passed"
                : report.failures().size() + " of " + report.cases().size() + " cases failed");
    }

    static Map<String, Object> toJson(ConformanceKit.Report report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backend", report.backend());
        json.put("cases", report.cases().size());
        json.put("passed", report.passed());
        List<Map<String, Object>> kernels = new ArrayList<>();
        for (ConformanceKit.KernelSummary k : report.kernels()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kernel", k.kernel());
            row.put("cases", k.cases());
            row.put("failed", k.failed());
            row.put("maxError", k.maxError());
            row.put("tolerance", k.tolerance());
            kernels.add(row);
        }
        json.put("kernels", kernels);
        List<Map<String, Object>> failures = new ArrayList<>();
        for (ConformanceKit.CaseResult f : report.failures()) {
            failures.add(Map.of("kernel", f.kernel(), "case", f.name(), "detail", f.outcome().detail()));
        }
        json.put("failures", failures);
        return json;
    }

    private static String number(double v) {
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.2e", v);
    }
}
