package org.zfnet.plugin.deconv.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * The partial state of top-k mining ({@link TopMining}) over some inputs: per channel its hits, strongest first
 * ({@link Hit#STRONGEST_FIRST}), at most {@code k} and at most one per input; how many inputs were seen; and, once the
 * final hits are known, the details of each: its projection and image patch as tiles.
 *
 * @param tapChannels the channels of the tap, for {@code --channels}; 0 where no input was seen yet
 * @param inputs      the inputs seen
 * @param hits        per chosen channel that fired on some input, its hits (channels that never fired are absent)
 * @param details     per final hit (its input and channel), its projection and patch
 */
record TopState(int tapChannels, long inputs, SortedMap<Integer, List<Hit>> hits, Map<Spot, Detail> details) {

    TopState {
        java.util.TreeMap<Integer, List<Hit>> copy = new java.util.TreeMap<>();
        hits.forEach((channel, list) -> copy.put(channel, List.copyOf(list)));
        hits = java.util.Collections.unmodifiableSortedMap(copy);
        details = Map.copyOf(details);
    }

    /** The hits of {@code channel}, strongest first; none where it never fired. */
    List<Hit> hits(int channel) {
        return hits.getOrDefault(channel, List.of());
    }

    /** Where a hit is: its input's name and the channel. */
    record Spot(String input, int channel) {
        static Spot of(Hit hit) {
            return new Spot(hit.input(), hit.channel());
        }
    }

    /**
     * A final hit seen again: the deconvnet projection of its activation cropped to its receptive field, and the image
     * patch under that field, each a {@code [3, size, size]} RGB tile in row-major order (as {@link Tiles} makes them).
     * Equal when the numbers are equal.
     */
    record Detail(ReceptiveField field, int size, float[] projection, float[] patch) {

        Detail {
            Objects.requireNonNull(field);
            if (projection.length != 3 * size * size || patch.length != 3 * size * size) {
                throw new IllegalArgumentException("tiles of " + projection.length + " and " + patch.length
                        + " values for a size of " + size);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Detail d && field.equals(d.field) && size == d.size
                    && Arrays.equals(projection, d.projection) && Arrays.equals(patch, d.patch);
        }

        @Override
        public int hashCode() {
            return Objects.hash(field, size, Arrays.hashCode(projection), Arrays.hashCode(patch));
        }

        @Override
        public String toString() {
            return "Detail[" + field + ", size " + size + "]";
        }
    }
}
