package org.zfnet.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zfnet.formats.StateDictPickle.StorageRef;
import org.zfnet.formats.StateDictPickle.StorageType;
import org.zfnet.formats.StateDictPickle.TensorRef;

/**
 * PyTorch's {@code .pth}/{@code .pt} files as {@code torch.save(model.state_dict(), file)} writes them since PyTorch
 * 1.6: a zip of {@code <folder>/data.pkl} (the state dict, pickled), {@code <folder>/data/<key>} (each storage's raw
 * little-endian bytes), {@code <folder>/version} and perhaps {@code <folder>/byteorder}. The pickle is read by
 * {@link StateDictPickle}, which runs nothing. Tensors are strided views of storages; float32/float16/bfloat16/float64
 * ones become float32, int64/int32 ones (BatchNorm's {@code num_batches_tracked}) integers. The legacy format
 * (PyTorch before 1.6, or {@code _use_new_zipfile_serialization=False}) is refused.
 */
public final class TorchFiles {

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    /** The legacy format begins with a protocol-2 pickle of its magic number, 0x1950a86a20f9469cfc6c. */
    private static final byte[] LEGACY_MAGIC = {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c};
    private static final int MAX_BYTEORDER = 16;

    private TorchFiles() {
    }

    public static StateDict read(Path file) {
        FileErrors.requireRegularFile(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel::read, channel.size(), file.toString());
        } catch (IOException e) {
            throw new FormatException(file + ": cannot read: " + FileErrors.reason(e, file), e);
        }
    }

    /**
     * The state dict of the file whose contents are {@code bytes}, as {@link #read(Path)}.
     *
     * @param source name for messages
     */
    public static StateDict read(byte[] bytes, String source) {
        try {
            return read(PositionalReader.of(bytes), bytes.length, source);
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory cannot fail", e);
        }
    }

    private static StateDict read(PositionalReader file, long size, String source) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate((int) Math.min(size, LEGACY_MAGIC.length));
        PositionalReader.readFully(file, magic, 0, source);
        if (!Arrays.equals(magic.array(), 0, Math.min(magic.capacity(), 4), ZIP_MAGIC, 0, 4)) {
            if (Arrays.equals(magic.array(), LEGACY_MAGIC)) {
                throw new FormatException(source + ": a legacy (non-zip) PyTorch file, which is not read; re-save it "
                        + "with torch.save(state_dict, file) from PyTorch 1.6 or later");
            }
            throw new FormatException(source + ": not a PyTorch zip file (torch.save(model.state_dict(), file)): "
                    + "no zip header");
        }
        Map<String, StoredZip.Entry> entries = StoredZip.entries(file, size, source);
        List<String> pickles = entries.keySet().stream()
                .filter(name -> name.equals("data.pkl") || name.endsWith("/data.pkl")).toList();
        if (pickles.size() != 1) {
            throw new FormatException(source + ": " + (pickles.isEmpty() ? "no data.pkl" : "data.pkl " + pickles.size()
                    + " times") + "; not a file of torch.save(model.state_dict(), file)");
        }
        String pickle = pickles.get(0);
        String folder = pickle.substring(0, pickle.length() - "data.pkl".length());
        StoredZip.Entry byteOrder = entries.get(folder + "byteorder");
        if (byteOrder != null) {
            checkByteOrder(byteOrder.size() <= MAX_BYTEORDER ? StoredZip.bytes(file, byteOrder, source) : new byte[0],
                    source + "!" + byteOrder.name());
        }
        StoredZip.Entry pickleEntry = entries.get(pickle);
        if (pickleEntry.size() > Integer.MAX_VALUE - 8) {
            throw new FormatException(source + "!" + pickle + ": " + pickleEntry.size() + " bytes of pickle");
        }
        Map<String, TensorRef> tensors = StateDictPickle.read(StoredZip.bytes(file, pickleEntry, source),
                source + "!" + pickle);
        Map<String, StorageRef> storages = index(tensors, source);
        Map<String, Object> values = new HashMap<>();
        for (StorageRef ref : storages.values()) {
            StoredZip.Entry entry = entries.get(folder + "data/" + ref.key());
            if (entry == null) {
                String user = tensors.entrySet().stream().filter(e -> e.getValue().storage().key().equals(ref.key()))
                        .findFirst().orElseThrow().getKey();
                throw new FormatException(source + ": tensor '" + user + "' needs storage " + folder + "data/"
                        + ref.key() + ", which the archive lacks");
            }
            if (entry.size() != ref.numel() * ref.type().itemSize) {
                throw new FormatException(source + ": storage '" + ref.key() + "' holds " + entry.size() + " bytes; "
                        + ref.numel() + " elements of " + ref.type() + " need " + ref.numel() * ref.type().itemSize);
            }
            ByteBuffer b = ByteBuffer.wrap(StoredZip.bytes(file, entry, source)).order(ByteOrder.LITTLE_ENDIAN);
            int n = (int) ref.numel();
            values.put(ref.key(), ref.type().isFloatingPoint() ? floats(ref.type(), b, n) : longs(ref.type(), b, n));
        }
        return stateDict(tensors, values);
    }

    private static void checkByteOrder(byte[] text, String where) {
        String order = new String(text, StandardCharsets.US_ASCII);
        if (order.equals("big")) {
            throw new FormatException(where + ": big-endian storages are not read; re-save the state dict on a "
                    + "little-endian machine");
        }
        if (!order.equals("little")) {
            throw new FormatException(where + ": byte order is neither little nor big");
        }
    }

    /**
     * Every storage the tensors name, with one type and size each, each view inside its storage, and the distinct
     * views of a storage together no larger than it (so that no view is allocated beyond the bytes present).
     */
    private static Map<String, StorageRef> index(Map<String, TensorRef> tensors, String source) {
        Map<String, StorageRef> storages = new LinkedHashMap<>();
        Map<String, Long> viewed = new HashMap<>();
        Map<ViewKey, String> distinct = new HashMap<>();
        for (Map.Entry<String, TensorRef> e : tensors.entrySet()) {
            TensorRef t = e.getValue();
            StorageRef ref = t.storage();
            StorageRef known = storages.putIfAbsent(ref.key(), ref);
            if (known != null && !known.equals(ref)) {
                throw new FormatException(source + ": storage '" + ref.key() + "' is declared both as "
                        + known.numel() + " of " + known.type() + " and as " + ref.numel() + " of " + ref.type());
            }
            if (ref.numel() > (Integer.MAX_VALUE - 8) / ref.type().itemSize) {
                throw new FormatException(source + ": storage '" + ref.key() + "' of tensor '" + e.getKey()
                        + "' declares " + ref.numel() + " elements, more than one array can hold");
            }
            int count = Shapes.checkedCount(source, "tensor '" + e.getKey() + "'", t.shape());
            if (count > 0 && lastIndex(t) >= ref.numel()) {
                throw new FormatException(source + ": tensor '" + e.getKey() + "' of shape "
                        + Arrays.toString(t.shape()) + ", strides " + Arrays.toString(t.stride()) + " and offset "
                        + t.offset() + " reaches beyond the " + ref.numel() + " elements ("
                        + ref.numel() * ref.type().itemSize + " bytes) of its storage '" + ref.key() + "'");
            }
            if (distinct.putIfAbsent(new ViewKey(t), e.getKey()) == null) {
                long total = viewed.merge(ref.key(), (long) count, Long::sum);
                if (total > ref.numel()) {
                    throw new FormatException(source + ": the tensors viewing storage '" + ref.key() + "' hold "
                            + total + " elements (at tensor '" + e.getKey() + "'), more than its " + ref.numel()
                            + "; views that overlap are not read");
                }
            }
        }
        return storages;
    }

    /** The storage element of a view's last element; sizes and strides are non-negative. */
    private static long lastIndex(TensorRef t) {
        try {
            long last = t.offset();
            for (int i = 0; i < t.shape().length; i++) {
                last = Math.addExact(last, Math.multiplyExact(t.shape()[i] - 1, t.stride()[i]));
            }
            return last;
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Each tensor taken from its decoded storage; a storage's only view, if it is all of it, is the storage itself. */
    private static StateDict stateDict(Map<String, TensorRef> tensors, Map<String, Object> values) {
        Map<String, FloatArray> floats = new LinkedHashMap<>();
        Map<String, LongArray> integers = new LinkedHashMap<>();
        Map<ViewKey, Object> taken = new HashMap<>();
        Map<String, Long> viewsOf = new HashMap<>();
        tensors.values().stream().map(ViewKey::new).distinct().forEach(v -> viewsOf.merge(v.storage(), 1L, Long::sum));
        for (Map.Entry<String, TensorRef> e : tensors.entrySet()) {
            TensorRef t = e.getValue();
            Object storage = values.get(t.storage().key());
            boolean only = viewsOf.get(t.storage().key()) == 1;
            Object view = taken.computeIfAbsent(new ViewKey(t), k -> storage instanceof float[] f
                    ? new FloatArray(t.shape(), only && isWhole(t, f.length) ? f : gather(t, f))
                    : new LongArray(t.shape(), gather(t, (long[]) storage)));
            if (view instanceof FloatArray f) {
                floats.put(e.getKey(), f);
            } else {
                integers.put(e.getKey(), (LongArray) view);
            }
        }
        return new StateDict(floats, integers);
    }

    /** Identical views of one storage (a parameter saved twice under two names) become one array. */
    private record ViewKey(String storage, long offset, List<Long> shape, List<Long> stride) {
        ViewKey(TensorRef t) {
            this(t.storage().key(), t.offset(), boxed(t.shape()), boxed(t.stride()));
        }

        private static List<Long> boxed(long[] values) {
            return Arrays.stream(values).boxed().toList();
        }
    }

    private static float[] floats(StorageType type, ByteBuffer b, int n) {
        float[] out = new float[n];
        switch (type) {
            case FloatStorage -> b.asFloatBuffer().get(out);
            case HalfStorage -> {
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloats.half(b.getShort());
                }
            }
            case BFloat16Storage -> {
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloats.bfloat(b.getShort());
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.getDouble();
                }
            }
        }
        return out;
    }

    private static long[] longs(StorageType type, ByteBuffer b, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = type == StorageType.LongStorage ? b.getLong() : b.getInt();
        }
        return out;
    }

    /** A contiguous view of all of a storage's elements, from its start. */
    private static boolean isWhole(TensorRef t, int numel) {
        return t.offset() == 0 && Shapes.count(t.shape()) == numel && Arrays.equals(t.stride(), contiguous(t.shape()));
    }

    private static long[] contiguous(long[] shape) {
        long[] stride = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = s;
            s *= shape[i];
        }
        return stride;
    }

    private static float[] gather(TensorRef t, float[] storage) {
        long[] at = storageIndices(t);
        float[] out = new float[at.length];
        for (int i = 0; i < at.length; i++) {
            out[i] = storage[(int) at[i]];
        }
        return out;
    }

    private static long[] gather(TensorRef t, long[] storage) {
        long[] at = storageIndices(t);
        long[] out = new long[at.length];
        for (int i = 0; i < at.length; i++) {
            out[i] = storage[(int) at[i]];
        }
        return out;
    }

    /** The storage element of each of the view's elements, in row-major order. */
    private static long[] storageIndices(TensorRef t) {
        long[] shape = t.shape();
        long[] at = new long[(int) Shapes.count(shape)];
        long[] index = new long[shape.length];
        long position = t.offset();
        for (int i = 0; i < at.length; i++) {
            at[i] = position;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    position += t.stride()[d];
                    break;
                }
                position -= (shape[d] - 1) * t.stride()[d];
                index[d] = 0;
            }
        }
        return at;
    }
}
