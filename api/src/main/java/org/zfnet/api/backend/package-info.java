/**
 * The compute backend contract: the only place where convolution and pooling happen.
 * Tensors are ND4J {@code INDArray}s in NCHW layout, float32.
 */
@Export
@Version("1.3.0")
package org.zfnet.api.backend;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
