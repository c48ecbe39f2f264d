/**
 * Array file formats: NumPy {@code .npy} / {@code .npz} ({@link org.zfnet.formats.Npy}, {@link org.zfnet.formats.Npz})
 * and safetensors ({@link org.zfnet.formats.SafeTensors}). Readers check every size and offset against the
 * file before allocating and fail with a {@link org.zfnet.formats.FormatException} naming the file and the
 * problem; writers write to a temporary file and move it into place (also piece by piece: {@link
 * org.zfnet.formats.Npy#appender}, {@link org.zfnet.formats.AtomicFiles#open}).
 */
@Export
@Version("2.2.0")
package org.zfnet.formats;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
