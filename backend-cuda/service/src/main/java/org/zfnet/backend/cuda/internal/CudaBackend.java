package org.zfnet.backend.cuda.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;

/**
 * The CUDA compute backend: ND4J's CUDA 11.6 backend, whose natives the
 * {@code org.zfnet.backend.cuda.natives} fragment attaches to the ND4J host bundle. Activation fails
 * with the reason (no driver, no device, no CUDA runtime) on a machine without a usable GPU.
 */
@Component(service = ComputeBackend.class, property = ComputeBackend.BACKEND_PROPERTY + "=cuda")
public class CudaBackend extends Nd4jKernels {

    @Activate
    public CudaBackend(BundleContext context) {
        super(Nd4jRuntime.start("cuda", Nd4jRuntime.CUDA_BACKEND,
                Boolean.parseBoolean(context.getProperty(Nd4jRuntime.VERBOSE_PROPERTY))));
    }
}
