/**
 * Occlusion sensitivity: the paper's three maps under a sliding grey square (Sec. 4.2).
 *
 * <p>The bundle is installed and resolves in every container; its analysis is not implemented yet
 * and it registers no service until then.
 */
package org.zfnet.plugin.occlusion.internal;
