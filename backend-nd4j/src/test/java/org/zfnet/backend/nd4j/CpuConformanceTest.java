package org.zfnet.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.conformance.ConformanceKit;
import org.zfnet.conformance.Outcome;

/** The conformance kit against the ND4J kernels on the CPU backend, outside the container. */
class CpuConformanceTest {

    private static final ComputeBackend CPU = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));

    @TestFactory
    Stream<DynamicTest> everyKernelContractHolds() {
        return ConformanceKit.contracts().stream().map(contract -> DynamicTest.dynamicTest(contract.toString(), () -> {
            Outcome outcome = contract.run(CPU);
            System.out.printf("%-16s error %.3g (tolerance %.0g)  %s%n", contract.kernel(), outcome.error(),
                    outcome.tolerance(), contract.name());
            assertTrue(outcome.passed(), contract + ": error " + outcome.error() + " > " + outcome.tolerance()
                    + "; " + outcome.detail());
        }));
    }
}
