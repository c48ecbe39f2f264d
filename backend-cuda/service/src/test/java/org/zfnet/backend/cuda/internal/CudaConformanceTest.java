package org.zfnet.backend.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.zfnet.api.BackendUnavailableException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;
import org.zfnet.conformance.ConformanceKit;
import org.zfnet.conformance.Outcome;

/** The conformance kit against ND4J's CUDA backend, outside the container; skipped, with the reason, without a GPU. */
class CudaConformanceTest {

    private static ComputeBackend cuda;
    private static String unusable;

    @BeforeAll
    static void startCuda() {
        try {
            cuda = new Nd4jKernels(Nd4jRuntime.start("cuda", Nd4jRuntime.CUDA_BACKEND));
        } catch (BackendUnavailableException e) {
            unusable = e.getMessage();
        }
    }

    @Test
    void cudaBackendStartsOnThisMachine() {
        assumeTrue(cuda != null, () -> "CUDA unusable here: " + unusable);
        assertTrue(cuda.info().nd4jBackend().endsWith("JCublasBackend"), cuda.info().toString());
    }

    @TestFactory
    Stream<DynamicTest> everyKernelContractHolds() {
        if (cuda == null) {
            return Stream.empty();
        }
        return ConformanceKit.contracts().stream().map(contract -> DynamicTest.dynamicTest(contract.toString(), () -> {
            Outcome outcome = contract.run(cuda);
            assertTrue(outcome.passed(), contract + ": error " + outcome.error() + " > " + outcome.tolerance()
                    + "; " + outcome.detail());
        }));
    }
}
