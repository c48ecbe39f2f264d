package org.zfnet.spark;

import java.io.Serializable;

/**
 * How every JVM of a job starts its container: the distribution's folder (relative: from the JVM's working folder,
 * e.g. where {@code --archives} unpacked it on an executor), the compute backend, zfnet's cache folder (null: the
 * default, {@code ~/.cache/zfnet}) and whether the container logs.
 */
record Launch(String home, String backend, String cacheDir, boolean verbose) implements Serializable {
}
