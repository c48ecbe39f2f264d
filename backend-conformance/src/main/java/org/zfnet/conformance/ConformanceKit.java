package org.zfnet.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zfnet.api.backend.ComputeBackend;

/** Every kernel contract, and a run of all of them against one backend. */
public final class ConformanceKit {

    private ConformanceKit() {
    }

    /** All contract cases, grouped by kernel. */
    public static List<Contract> contracts() {
        List<Contract> all = new ArrayList<>();
        all.addAll(ConvolutionContracts.all());
        all.addAll(PoolingContracts.all());
        all.addAll(AveragePoolingContracts.all());
        all.addAll(ElementwiseContracts.all());
        all.addAll(GradientContracts.all());
        return all;
    }

    /** Runs every case; a case that throws fails with the exception as its detail. */
    public static Report run(ComputeBackend backend) {
        List<CaseResult> results = new ArrayList<>();
        for (Contract contract : contracts()) {
            results.add(new CaseResult(contract.kernel(), contract.name(), runOne(contract, backend)));
        }
        return new Report(backend.info().name(), results);
    }

    static Outcome runOne(Contract contract, ComputeBackend backend) {
        try {
            return contract.run(backend);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            return new Outcome(Double.POSITIVE_INFINITY, 0, "threw " + e);
        }
    }

    /** One case's result. */
    public record CaseResult(String kernel, String name, Outcome outcome) {
    }

    /** The cases of one kernel: how many, how many failed, the largest error and the loosest tolerance. */
    public record KernelSummary(String kernel, int cases, int failed, double maxError, double tolerance) {
    }

    /** A run against one backend. */
    public record Report(String backend, List<CaseResult> cases) {

        public boolean passed() {
            return cases.stream().allMatch(c -> c.outcome().passed());
        }

        public List<CaseResult> failures() {
            return cases.stream().filter(c -> !c.outcome().passed()).toList();
        }

        public List<KernelSummary> kernels() {
            Map<String, KernelSummary> byKernel = new LinkedHashMap<>();
            for (CaseResult c : cases) {
                Outcome o = c.outcome();
                byKernel.merge(c.kernel(), new KernelSummary(c.kernel(), 1, o.passed() ? 0 : 1, o.error(), o.tolerance()),
                        (a, b) -> new KernelSummary(a.kernel(), a.cases() + 1, a.failed() + b.failed(),
                                Math.max(a.maxError(), b.maxError()), Math.max(a.tolerance(), b.tolerance())));
            }
            return List.copyOf(byKernel.values());
        }
    }
}
