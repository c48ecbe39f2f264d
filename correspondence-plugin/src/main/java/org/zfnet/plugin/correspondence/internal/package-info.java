/**
 * Correspondence analysis: how consistently a network encodes the same object part across images (Sec. 4.3).
 *
 * <p>The bundle is installed and resolves in every container; its analysis is not implemented yet
 * and it registers no service until then.
 */
package org.zfnet.plugin.correspondence.internal;
