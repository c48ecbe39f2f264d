/**
 * Images and datasets. {@link org.zfnet.data.Images} is the one image preprocessing path (decode, resize,
 * crop, normalise); {@link org.zfnet.data.ImageFolder} reads ImageNet-style class folders;
 * {@link org.zfnet.data.Batches} draws augmented training batches; {@link org.zfnet.data.ProceduralDataset}
 * renders composite objects whose parts sit at known places, with {@link org.zfnet.data.Annotation}s.
 * Arrays are plain {@code float[]} in C, H, W order; no ND4J here.
 */
@Export
@Version("1.1.0")
package org.zfnet.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
