package org.zfnet.plugin.stats.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The partial state of {@link ActivationStatistics}: the statistics of each tap, in tap order, over the inputs of a
 * shard; {@link #EMPTY} for a shard of no inputs (a cluster's empty partition), which merges as the identity.
 */
final class StatsState {

    static final StatsState EMPTY = new StatsState(Map.of());

    /** "ZFST": the first bytes of a written state. */
    private static final int MAGIC = 0x5a465354;
    private static final int VERSION = 1;
    /** Bytes a channel takes when written: mean, m2, min, max, active, sum of maxima. */
    private static final int CHANNEL_BYTES = 8 + 8 + 4 + 4 + 8 + 8;

    private final Map<String, TapStats> taps;

    StatsState(Map<String, TapStats> taps) {
        this.taps = Collections.unmodifiableMap(new LinkedHashMap<>(taps));
    }

    /** The statistics by tap, in tap order. */
    Map<String, TapStats> taps() {
        return taps;
    }

    /** The state of the inputs of both; both are of the same taps unless one is {@link #EMPTY}. */
    StatsState merge(StatsState other) {
        if (taps.isEmpty()) {
            return other;
        }
        if (other.taps.isEmpty()) {
            return this;
        }
        if (!List.copyOf(taps.keySet()).equals(List.copyOf(other.taps.keySet()))) {
            throw new IllegalArgumentException("cannot merge statistics of taps " + taps.keySet() + " with those of "
                    + other.taps.keySet());
        }
        Map<String, TapStats> merged = new LinkedHashMap<>();
        taps.forEach((tap, stats) -> merged.put(tap, stats.merge(other.taps.get(tap), tap)));
        return new StatsState(merged);
    }

    /** The state as bytes: magic, version, then per tap its name, channels, inputs, values and each channel's sums. */
    byte[] write() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(taps.size());
            for (Map.Entry<String, TapStats> e : taps.entrySet()) {
                TapStats s = e.getValue();
                out.writeUTF(e.getKey());
                out.writeInt(s.channels());
                out.writeLong(s.inputs);
                out.writeLong(s.count);
                for (int c = 0; c < s.channels(); c++) {
                    out.writeDouble(s.mean[c]);
                    out.writeDouble(s.m2[c]);
                    out.writeFloat(s.min[c]);
                    out.writeFloat(s.max[c]);
                    out.writeLong(s.active[c]);
                    out.writeDouble(s.sumOfMaxima[c]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The state {@link #write} wrote; {@link IllegalArgumentException} for any other bytes. */
    static StatsState read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (bytes.length < 12 || in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a state of the stats plugin (" + bytes.length + " bytes)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("a state of the stats plugin of version " + version + ", not "
                        + VERSION);
            }
            int count = in.readInt();
            Map<String, TapStats> taps = new LinkedHashMap<>();
            for (int t = 0; t < count; t++) {
                String tap = in.readUTF();
                int channels = in.readInt();
                if (channels < 1 || (long) channels * CHANNEL_BYTES > in.available()) {
                    throw new IllegalArgumentException("a state of the stats plugin with " + channels + " channels of "
                            + tap + " in " + in.available() + " bytes");
                }
                long inputs = in.readLong();
                long values = in.readLong();
                double[] mean = new double[channels];
                double[] m2 = new double[channels];
                float[] min = new float[channels];
                float[] max = new float[channels];
                long[] active = new long[channels];
                double[] sumOfMaxima = new double[channels];
                for (int c = 0; c < channels; c++) {
                    mean[c] = in.readDouble();
                    m2[c] = in.readDouble();
                    min[c] = in.readFloat();
                    max[c] = in.readFloat();
                    active[c] = in.readLong();
                    sumOfMaxima[c] = in.readDouble();
                }
                if (taps.put(tap, new TapStats(inputs, values, mean, m2, min, max, active, sumOfMaxima)) != null) {
                    throw new IllegalArgumentException("a state of the stats plugin with tap " + tap + " twice");
                }
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("a state of the stats plugin followed by " + in.available()
                        + " more bytes");
            }
            return new StatsState(taps);
        } catch (IOException e) {
            throw new IllegalArgumentException("a state of the stats plugin cut short (" + bytes.length + " bytes)", e);
        }
    }
}
