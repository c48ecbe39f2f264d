/**
 * The extension point: analysis plugins discovered as OSGi services.
 *
 * <p>A plugin is one class with a Declarative Services {@code @Component} that provides
 * {@link org.zfnet.api.analysis.AnalysisPlugin}. It returns data ({@link org.zfnet.api.analysis.AnalysisResult});
 * the launcher decides file names and formats.
 */
@Export
@Version("1.4.0")
package org.zfnet.api.analysis;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
