/**
 * Deconvnet projections of feature activations back to pixel space (Zeiler and Fergus, Sec. 2.1).
 *
 * <p>The bundle is installed and resolves in every container; its analysis is not implemented yet
 * and it registers no service until then.
 */
package org.zfnet.plugin.deconv.internal;
