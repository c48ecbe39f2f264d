/**
 * What {@code zfnet serve}'s page asks of the command line's analysis runs: the container's plugins with their
 * options, and runs of them queued on the served network ({@link org.zfnet.cli.runs.AnalysisRuns}). Exported by the
 * cli bundle for the serve bundle; JDK and api types only.
 */
@Export
@Version("1.0.0")
package org.zfnet.cli.runs;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
