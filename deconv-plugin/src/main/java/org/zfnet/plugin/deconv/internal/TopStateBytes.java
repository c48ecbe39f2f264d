package org.zfnet.plugin.deconv.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link TopState} as bytes (big-endian, {@link DataOutputStream}): the format int, the tap's channels, the inputs
 * seen, the hits (name, channel, value, row, column; channels ascending, each strongest first), then the details
 * sorted by input and channel (name, channel, the field's six ints, the tile size, the projection's and the patch's
 * {@code 3 x size x size} floats). Equal states give equal bytes.
 */
final class TopStateBytes {

    /** "ZTK" and the version of the layout, 1. */
    static final int FORMAT = 0x5A544B01;

    private static final Comparator<TopState.Spot> SPOTS =
            Comparator.comparing(TopState.Spot::input).thenComparingInt(TopState.Spot::channel);

    private TopStateBytes() {
    }

    static byte[] write(TopState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(state.tapChannels());
            out.writeLong(state.inputs());
            List<Hit> hits = new ArrayList<>();
            state.hits().values().forEach(hits::addAll);
            out.writeInt(hits.size());
            for (Hit hit : hits) {
                out.writeUTF(hit.input());
                out.writeInt(hit.channel());
                out.writeFloat(hit.value());
                out.writeInt(hit.y());
                out.writeInt(hit.x());
            }
            List<TopState.Spot> spots = new ArrayList<>(state.details().keySet());
            spots.sort(SPOTS);
            out.writeInt(spots.size());
            for (TopState.Spot spot : spots) {
                TopState.Detail d = state.details().get(spot);
                out.writeUTF(spot.input());
                out.writeInt(spot.channel());
                ReceptiveField f = d.field();
                for (int v : new int[] {f.y0(), f.x0(), f.y1(), f.x1(), f.clipTop(), f.clipLeft()}) {
                    out.writeInt(v);
                }
                out.writeInt(d.size());
                writeFloats(out, d.projection());
                writeFloats(out, d.patch());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The state {@link #write} wrote; {@link IllegalArgumentException} for any other bytes. */
    static TopState read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException(String.format(
                        "not a top-k mining state: starts with %08x, expected %08x", format, FORMAT));
            }
            int tapChannels = in.readInt();
            long inputs = in.readLong();
            if (tapChannels < 0 || inputs < 0) {
                throw new IllegalArgumentException("a top-k mining state of " + tapChannels + " channels and "
                        + inputs + " inputs");
            }
            int hitCount = count(in, "hits", 18);
            Map<Integer, List<Hit>> hits = new TreeMap<>();
            for (int i = 0; i < hitCount; i++) {
                Hit hit = new Hit(in.readUTF(), in.readInt(), in.readFloat(), in.readInt(), in.readInt());
                hits.computeIfAbsent(hit.channel(), c -> new ArrayList<>()).add(hit);
            }
            int detailCount = count(in, "details", 34);
            Map<TopState.Spot, TopState.Detail> details = new HashMap<>();
            for (int i = 0; i < detailCount; i++) {
                TopState.Spot spot = new TopState.Spot(in.readUTF(), in.readInt());
                ReceptiveField field = new ReceptiveField(in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                        in.readInt(), in.readInt());
                int size = in.readInt();
                long values = 3L * size * size;
                if (size < 0 || 8 * values > in.available()) {
                    throw new IllegalArgumentException("a top-k mining state with tiles of size " + size + " in "
                            + in.available() + " bytes left");
                }
                details.put(spot, new TopState.Detail(field, size, readFloats(in, (int) values),
                        readFloats(in, (int) values)));
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("a top-k mining state followed by other bytes");
            }
            return new TopState(tapChannels, inputs, new TreeMap<>(hits), details);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a top-k mining state (" + bytes.length + " bytes): " + e, e);
        }
    }

    /** A count of records of at least {@code least} bytes each, which the bytes left must hold. */
    private static int count(DataInputStream in, String what, int least) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * least > in.available()) {
            throw new IllegalArgumentException("a top-k mining state of " + n + " " + what + " in " + in.available()
                    + " bytes left");
        }
        return n;
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length);
        buffer.asFloatBuffer().put(values);
        out.write(buffer.array());
    }

    private static float[] readFloats(DataInputStream in, int n) throws IOException {
        byte[] bytes = new byte[4 * n];
        in.readFully(bytes);
        float[] values = new float[n];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
        return values;
    }
}
