package org.zfnet.backend.cpu.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;

/**
 * The CPU compute backend: ND4J's native CPU backend with the oneDNN build of its natives,
 * which the {@code org.zfnet.backend.cpu.natives} fragment attaches to the ND4J host bundle.
 */
@Component(service = ComputeBackend.class,
        property = ComputeBackend.BACKEND_PROPERTY + "=cpu")
public class CpuBackend extends Nd4jKernels {

    @Activate
    public CpuBackend(BundleContext context) {
        super(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND,
                Boolean.parseBoolean(context.getProperty(Nd4jRuntime.VERBOSE_PROPERTY))));
    }
}
