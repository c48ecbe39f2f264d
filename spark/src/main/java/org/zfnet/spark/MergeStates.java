package org.zfnet.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.Function2;

/** Merges two partial states with the plugin's merge, in the JVM where Spark reduces them (executor or driver). */
final class MergeStates implements Function2<byte[], byte[], byte[]> {

    private static final long serialVersionUID = 1L;

    private final Launch launch;
    private final ArrayList<String> args;

    MergeStates(Launch launch, List<String> args) {
        this.launch = launch;
        this.args = new ArrayList<>(args);
    }

    @Override
    public byte[] call(byte[] a, byte[] b) {
        return Containers.job(launch, args).merge(a, b);
    }
}
