package org.zfnet.cli.internal;

import org.zfnet.api.analysis.AnalysisPlugin;

/**
 * An analysis plugin service as the command line lists it.
 *
 * @param id          the plugin's id, or the failure when the plugin could not say it
 * @param description its one-line description
 * @param bundle      symbolic name of the bundle that registered it
 * @param version     that bundle's version
 * @param plugin      the service object
 */
record PluginEntry(String id, String description, String bundle, String version, AnalysisPlugin plugin) {
}
