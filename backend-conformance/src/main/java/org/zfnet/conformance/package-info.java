/**
 * The backend conformance kit: kernel contracts written once and run against every
 * {@link org.zfnet.api.backend.ComputeBackend}, each compared with {@link org.zfnet.conformance.ReferenceKernels}
 * (plain loops in double precision) or with finite differences of them.
 */
@Export
@Version("1.0.0")
package org.zfnet.conformance;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
