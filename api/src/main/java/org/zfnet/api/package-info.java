/**
 * Root of the zfnet service contracts: the exception hierarchy shared by every bundle, and {@link
 * org.zfnet.api.HostArrays} for moving data between Java arrays and ND4J arrays.
 *
 * <p>Errors carry the values that make them actionable ("patch 300 exceeds input 224x224"); the
 * launcher turns an {@link org.zfnet.api.InvalidInputException} into one line and exit code 2.
 */
@Export
@Version("1.3.0")
package org.zfnet.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
