package org.zfnet.api.backend;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.osgi.annotation.versioning.ProviderType;
import org.zfnet.api.dto.BackendInfo;

/**
 * The compute kernels of one device. Exactly one backend bundle registers this service per JVM,
 * with the service property {@value #BACKEND_PROPERTY} set to {@code cpu} or {@code cuda}.
 *
 * <p>All tensors are float32 in NCHW layout. Implementations must not modify their inputs.
 */
@ProviderType
public interface ComputeBackend {

    /** Service property naming the backend: {@code cpu} or {@code cuda}. */
    String BACKEND_PROPERTY = "zfnet.backend";

    /** What this backend runs on, for people and for reports. */
    BackendInfo info();

    /**
     * Cross-correlation as in PyTorch's {@code conv2d}.
     *
     * @param input   {@code [N, C, H, W]}
     * @param weights {@code [K, C, kh, kw]} (PyTorch layout, taken as is)
     * @param bias    {@code [K]}, or {@code null} for none
     * @return {@code [N, K, H', W']} with {@code H' = floor((H + 2 padY - kh) / strideY) + 1}
     */
    INDArray conv2d(INDArray input, INDArray weights, INDArray bias, ConvGeometry geometry);
}
