package org.zfnet.plugin.occlusion.internal;

import java.util.IdentityHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How many layers of a batch still read each array's data (a layer that changes nothing passes its input on, flatten
 * passes a view of it, so several outputs may share data): data read once more only may be overwritten, data read no
 * more is closed.
 */
final class Uses {

    /** Readers left of some data, and the array that owns it. */
    private static final class Entry {
        int left;
        final INDArray owner;

        Entry(INDArray owner) {
            this.owner = owner;
        }
    }

    private final Map<INDArray, Entry> entries = new IdentityHashMap<>();

    /**
     * Adds {@code reads} readers of {@code output}'s data: a layer's output, which is a view of the layer's first input
     * {@code input} when it is a view (flatten).
     */
    void hold(INDArray output, INDArray input, int reads) {
        if (output.isView() && output != input) {
            entries.put(output, entries.get(input));
        }
        hold(output, reads);
    }

    /** Adds {@code reads} readers of {@code a}'s data. */
    void hold(INDArray a, int reads) {
        Entry e = entries.computeIfAbsent(a, Entry::new);
        e.left += reads;
        closeIfDone(e);
    }

    /** One reader done with {@code a}'s data; the last closes it. */
    void release(INDArray a) {
        Entry e = entries.get(a);
        e.left--;
        closeIfDone(e);
    }

    private void closeIfDone(Entry e) {
        if (e.left == 0) {
            entries.values().removeIf(x -> x == e);
            e.owner.close();
        }
    }

    /** Whether the one reader left of {@code a}'s data is the caller's. */
    boolean sole(INDArray a) {
        Entry e = entries.get(a);
        return e != null && e.left == 1;
    }
}
