package org.zfnet.plugin.occlusion.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.zfnet.api.dto.ObjectAnnotation;

/**
 * An {@link OcclusionState} as bytes and back: the magic {@code ZFOCCL}, a version, then the inputs and the pictures
 * in name order, numbers in big-endian binary (floats and doubles bit for bit). Bytes of another kind or version,
 * cut short or followed by more, are refused.
 */
final class StateBytes {

    private static final long MAGIC = 0x5A464F43434CL; // "ZFOCCL"
    private static final int VERSION = 1;

    private StateBytes() {
    }

    static byte[] write(OcclusionState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(state.inputs().size());
            for (var e : state.inputs().entrySet()) {
                out.writeUTF(e.getKey());
                writeOccluded(out, e.getValue());
            }
            out.writeInt(state.pictures().size());
            for (var e : state.pictures().entrySet()) {
                out.writeUTF(e.getKey());
                writeFloats(out, e.getValue().display());
                out.writeBoolean(e.getValue().projection().isPresent());
                if (e.getValue().projection().isPresent()) {
                    writeFloats(out, e.getValue().projection().get());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static OcclusionState read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (bytes.length < 12 || in.readLong() != MAGIC) {
                throw new IllegalArgumentException("not an occlusion state (" + bytes.length + " bytes without its mark)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("an occlusion state of version " + version + "; this plugin reads "
                        + VERSION);
            }
            SortedMap<String, Occluded> inputs = new TreeMap<>(NameOrder.INSTANCE);
            for (int i = count(in, bytes.length); i > 0; i--) {
                put(inputs, in.readUTF(), readOccluded(in, bytes.length));
            }
            SortedMap<String, Picture> pictures = new TreeMap<>(NameOrder.INSTANCE);
            for (int i = count(in, bytes.length); i > 0; i--) {
                String name = in.readUTF();
                Picture.Floats display = readFloats(in, bytes.length);
                put(pictures, name, new Picture(display, in.readBoolean() ? Optional.of(readFloats(in, bytes.length))
                        : Optional.empty()));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("an occlusion state followed by " + in.available() + " more bytes");
            }
            return new OcclusionState(inputs, pictures);
        } catch (IOException e) {
            throw new IllegalArgumentException("an occlusion state cut short (" + bytes.length + " bytes)", e);
        }
    }

    private static <V> void put(Map<String, V> map, String name, V value) {
        if (map.put(name, value) != null) {
            throw new IllegalArgumentException("an occlusion state names input " + name + " twice");
        }
    }

    private static void writeOccluded(DataOutputStream out, Occluded o) throws IOException {
        out.writeInt(o.target());
        out.writeFloat(o.probability());
        out.writeInt(o.channel());
        Maps m = o.maps();
        out.writeInt(m.probability().length);
        for (int p = 0; p < m.probability().length; p++) {
            out.writeFloat(m.probability()[p]);
            out.writeDouble(m.logProbability()[p]);
            out.writeFloat(m.feature()[p]);
            out.writeInt(m.topClass()[p]);
        }
        out.writeLong(o.macs());
        out.writeLong(o.naiveMacs());
        writeOptionalText(out, o.naiveBecause());
        out.writeBoolean(o.estimate().isPresent());
        if (o.estimate().isPresent()) {
            FastOcclusion.Estimate e = o.estimate().get();
            out.writeInt(e.computed());
            out.writeInt(e.interpolated());
            out.writeInt(e.sampled());
            out.writeDouble(e.maxError());
            out.writeDouble(e.meanError());
        }
        out.writeBoolean(o.annotation().isPresent());
        if (o.annotation().isPresent()) {
            ObjectAnnotation a = o.annotation().get();
            out.writeUTF(a.className());
            writeBox(out, a.object());
            out.writeInt(a.parts().size());
            for (var part : a.parts().entrySet()) {
                out.writeUTF(part.getKey());
                writeBox(out, part.getValue());
            }
        }
        out.writeDouble(o.seconds());
    }

    private static Occluded readOccluded(DataInputStream in, int limit) throws IOException {
        int target = in.readInt();
        float probability = in.readFloat();
        int channel = in.readInt();
        int positions = count(in, limit / 20);
        Maps m = Maps.of(positions);
        for (int p = 0; p < positions; p++) {
            m.probability()[p] = in.readFloat();
            m.logProbability()[p] = in.readDouble();
            m.feature()[p] = in.readFloat();
            m.topClass()[p] = in.readInt();
        }
        long macs = in.readLong();
        long naiveMacs = in.readLong();
        Optional<String> naiveBecause = readOptionalText(in);
        Optional<FastOcclusion.Estimate> estimate = in.readBoolean() ? Optional.of(new FastOcclusion.Estimate(
                in.readInt(), in.readInt(), in.readInt(), in.readDouble(), in.readDouble())) : Optional.empty();
        Optional<ObjectAnnotation> annotation = Optional.empty();
        if (in.readBoolean()) {
            String className = in.readUTF();
            List<Double> object = readBox(in);
            Map<String, List<Double>> parts = new LinkedHashMap<>();
            for (int i = count(in, limit); i > 0; i--) {
                parts.put(in.readUTF(), readBox(in));
            }
            annotation = Optional.of(new ObjectAnnotation(className, object, parts));
        }
        return new Occluded(target, probability, channel, m, macs, naiveMacs, naiveBecause, estimate, annotation,
                in.readDouble());
    }

    private static void writeOptionalText(DataOutputStream out, Optional<String> text) throws IOException {
        out.writeBoolean(text.isPresent());
        if (text.isPresent()) {
            out.writeUTF(text.get());
        }
    }

    private static Optional<String> readOptionalText(DataInputStream in) throws IOException {
        return in.readBoolean() ? Optional.of(in.readUTF()) : Optional.empty();
    }

    private static void writeBox(DataOutputStream out, List<Double> box) throws IOException {
        out.writeInt(box.size());
        for (double v : box) {
            out.writeDouble(v);
        }
    }

    private static List<Double> readBox(DataInputStream in) throws IOException {
        int n = count(in, 64);
        List<Double> box = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            box.add(in.readDouble());
        }
        return box;
    }

    private static void writeFloats(DataOutputStream out, Picture.Floats a) throws IOException {
        out.writeInt(a.shape().length);
        for (long s : a.shape()) {
            out.writeLong(s);
        }
        out.writeInt(a.data().length);
        for (float v : a.data()) {
            out.writeFloat(v);
        }
    }

    private static Picture.Floats readFloats(DataInputStream in, int limit) throws IOException {
        long[] shape = new long[count(in, 8)];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = in.readLong();
            if (shape[i] < 0 || shape[i] > limit || elements * shape[i] > limit) {
                throw new IllegalArgumentException("an occlusion state with an array of side " + shape[i]);
            }
            elements *= shape[i];
        }
        float[] data = new float[count(in, limit / 4)];
        if (data.length != elements) {
            throw new IllegalArgumentException("an occlusion state with " + data.length + " values for an array of "
                    + elements);
        }
        for (int i = 0; i < data.length; i++) {
            data[i] = in.readFloat();
        }
        return new Picture.Floats(data, shape);
    }

    /** A count of things that follow, refused when negative or more than {@code most} (more than the bytes hold). */
    private static int count(DataInputStream in, int most) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > most) {
            throw new IllegalArgumentException("an occlusion state with a count of " + n + " where at most " + most
                    + " fit");
        }
        return n;
    }
}
