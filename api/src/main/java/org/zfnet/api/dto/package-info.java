/** Plain records exchanged between bundles and written to JSON. No behaviour, no ND4J types. */
@Export
@Version("1.2.0")
package org.zfnet.api.dto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
