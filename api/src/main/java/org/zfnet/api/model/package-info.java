/**
 * Networks and their forward traces, the model catalog, and the models that bundles provide.
 * Every analysis works from a {@link org.zfnet.api.model.ForwardTrace}.
 */
@Export
@Version("1.4.0")
package org.zfnet.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
