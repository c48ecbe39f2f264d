package org.zfnet.plugin.occlusion.internal;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.HostArrays;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.backend.LrnSpec;
import org.zfnet.api.backend.PoolGeometry;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ForwardTrace;

/**
 * Exact incremental occlusion. Every layer is computed once for the unoccluded image; for each square position only
 * the part of each convolution, pooling and LRN output that the square can change is recomputed, from a crop of the
 * layer's input (the unoccluded values around the changed ones, zero or minus infinity beyond the border), batched
 * across positions with one box size per layer. The fully connected layers run in full on the patched pool5. The
 * results equal running the whole network per position (up to float rounding).
 */
final class IncrementalOcclusion {

    /** The changed part of one layer's output for a batch: top-left corners per position and the values. */
    private record Box(int[] top, int[] left, int height, int width, INDArray values) {
    }

    /**
     * The unoccluded input of a convolution or pooling with its border: the layer's padding above and left (zero, or
     * minus infinity for pooling), as much below and right as the layer's windows reach, so that every crop lies
     * inside and is copied row by row without tests.
     */
    private record Bordered(float[] values, int height, int width) {
    }

    /** A convolution's or pooling's windows: kernel, stride and padding (a pooling's is none). */
    private record Windows(boolean conv, int k, int s, int p) {

        static Windows of(LayerSpec l) {
            boolean conv = l.type().equals("conv");
            ConvGeometry g = ConvGeometry.of(l);
            return new Windows(conv, l.kernel(), g.strideY(), conv ? g.padY() : 0);
        }
    }

    /** Per-thread arrays for assembling crops. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private final Setup setup;
    private final List<LayerSpec> layers;
    private final ComputeBackend backend;
    private final int dense;
    private final float[] image;
    private final long[] imageDims;
    private final float[][] baseline;
    private final long[][] dims;
    private final Bordered[] bordered;
    /** Per layer, the last batch's crop array, reused by the next batch of the same shape during a run. */
    private final INDArray[] crops;
    private long macs;

    IncrementalOcclusion(Setup setup) {
        this(setup, null);
    }

    /** {@code unoccluded}: the forward trace of the image when the caller has one (else the pass is run here). */
    IncrementalOcclusion(Setup setup, ForwardTrace unoccluded) {
        this.setup = setup;
        this.layers = setup.layers();
        this.backend = setup.network().backend();
        this.dense = setup.firstDense();
        this.image = HostArrays.floats(setup.image());
        long[] s = setup.image().shape();
        this.imageDims = new long[] {s[1], s[2], s[3]};
        this.baseline = new float[dense][];
        this.dims = new long[dense][];
        ForwardTrace trace = unoccluded != null ? unoccluded : setup.network().forward(setup.image());
        try {
            for (int i = 0; i < dense; i++) {
                INDArray out = trace.output(i);
                baseline[i] = HostArrays.floats(out);
                dims[i] = new long[] {out.size(1), out.size(2), out.size(3)};
            }
        } finally {
            if (trace != unoccluded) {
                trace.close();
            }
        }
        this.crops = new INDArray[dense];
        this.bordered = new Bordered[dense];
        for (int i = 0; i < dense; i++) {
            String type = layers.get(i).type();
            if (type.equals("conv") || type.equals("maxpool")) {
                bordered[i] = bordered(i);
            }
        }
    }

    /** Layer {@code i}'s unoccluded input inside its border. */
    private Bordered bordered(int i) {
        Windows win = Windows.of(layers.get(i));
        int k = win.k();
        int s = win.s();
        int p = win.p();
        long[] in = i == 0 ? imageDims : dims[i - 1];
        float[] values = i == 0 ? image : baseline[i - 1];
        int c = (int) in[0];
        int h = (int) in[1];
        int w = (int) in[2];
        // the last window ends at (out - 1) * s + k - p: up to p past the input for a convolution, up to s - 1 for
        // ceil-mode pooling
        int below = Math.max(0, ((int) dims[i][1] - 1) * s + k - p - h);
        int right = Math.max(0, ((int) dims[i][2] - 1) * s + k - p - w);
        int bh = p + h + below;
        int bw = p + w + right;
        float[] out = new float[c * bh * bw];
        Arrays.fill(out, win.conv() ? 0f : Float.NEGATIVE_INFINITY);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(values, (ch * h + y) * w, out, (ch * bh + p + y) * bw + p, w);
            }
        }
        return new Bordered(out, bh, bw);
    }

    /** Multiply-adds spent in convolutions and linear layers so far. */
    long macs() {
        return macs;
    }

    /**
     * Fills {@code maps} at the given positions. A batch has one box size per layer, its members' largest, so batches
     * are made of positions whose boxes are alike: positions are grouped by the heights of their boxes (the square's
     * row; squares near the border change less), ordered by the widths within a group, and each group is cut into
     * batches of even size. Large batches keep the kernels efficient; alike boxes keep the waste small (on ZFNet with
     * 48/8 squares about a tenth more arithmetic than one box size per position).
     */
    void run(int[] positions, Maps maps, Runnable step) {
        // the spatial layers per batch; the fully connected layers in larger batches, since their cost is reading the
        // weights once per batch
        List<int[]> pendingPositions = new java.util.ArrayList<>();
        List<INDArray> pendingMaps = new java.util.ArrayList<>();
        int pending = 0;
        long pendingBytes = 0;
        try {
            Grid grid = setup.grid();
            for (List<Integer> group : groups(positions)) {
                int[] members = group.stream().sorted(java.util.Comparator.comparing(p -> extents(grid.left(p), 2),
                        Arrays::compare)).mapToInt(Integer::intValue).toArray();
                int batches = (members.length + setup.batch() - 1) / setup.batch();
                for (int j = 0; j < batches; j++) {
                    int[] batch = Arrays.copyOfRange(members, j * members.length / batches,
                            (j + 1) * members.length / batches);
                    INDArray last = spatial(batch, maps);
                    pendingMaps.add(last);
                    pendingPositions.add(batch);
                    pending += batch.length;
                    pendingBytes += last.length() * Float.BYTES;
                    if (pending >= DENSE_BATCH || pendingBytes >= DENSE_BYTES) {
                        flush(pendingPositions, pendingMaps, maps, step);
                        pending = 0;
                        pendingBytes = 0;
                    }
                }
            }
            flush(pendingPositions, pendingMaps, maps, step);
        } finally {
            closeCrops();
        }
    }

    /**
     * The positions grouped by the heights of their boxes; groups smaller than a batch (a sparse set of positions,
     * as the fast mode computes) are merged with their neighbours in the order of those heights, up to a batch.
     */
    private List<List<Integer>> groups(int[] positions) {
        Grid grid = setup.grid();
        java.util.TreeMap<int[], List<Integer>> rows = new java.util.TreeMap<>(Arrays::compare);
        for (int p : positions) {
            rows.computeIfAbsent(extents(grid.top(p), 1), k -> new java.util.ArrayList<>()).add(p);
        }
        List<List<Integer>> groups = new java.util.ArrayList<>();
        List<Integer> open = new java.util.ArrayList<>();
        for (List<Integer> row : rows.values()) {
            if (!open.isEmpty() && open.size() + row.size() > setup.batch()) {
                groups.add(open);
                open = new java.util.ArrayList<>();
            }
            open.addAll(row);
        }
        if (!open.isEmpty()) {
            groups.add(open);
        }
        return groups;
    }

    /**
     * Positions per batch of the fully connected layers: their cost is streaming the weights (fc6's are 151 MB) once
     * per batch, so batches are large (on ZFNet 48/8 the linear layers took 440 ms per image with 512, 590 ms with 128;
     * a batch of 512 holds 19 MB of pool5 outputs).
     */
    private static final int DENSE_BATCH = 512;
    /** ...and at most this much of the last spatial layer's outputs waiting for them (larger inputs, wider maps). */
    private static final long DENSE_BYTES = 64L << 20;

    private void flush(List<int[]> positions, List<INDArray> spatialOutputs, Maps maps, Runnable step) {
        if (positions.isEmpty()) {
            return;
        }
        int[] all = positions.stream().flatMapToInt(java.util.Arrays::stream).toArray();
        INDArray x = spatialOutputs.size() == 1 ? spatialOutputs.get(0)
                : Nd4j.concat(0, spatialOutputs.toArray(INDArray[]::new));
        if (spatialOutputs.size() > 1) {
            spatialOutputs.forEach(INDArray::close);
        }
        dense(x, all, maps);
        positions.clear();
        spatialOutputs.clear();
        for (int i = 0; i < all.length; i++) {
            step.run();
        }
    }

    /**
     * Along one axis ({@code axis} 1: rows, 2: columns), the extent of the changed box of every convolution and
     * pooling output for a square starting at {@code start}, in layer order (zero for the other layers).
     */
    private int[] extents(int start, int axis) {
        int from = start;
        int extent = setup.grid().patch();
        int[] out = new int[dense];
        for (int i = 0; i < dense; i++) {
            LayerSpec l = layers.get(i);
            if (!l.type().equals("conv") && !l.type().equals("maxpool")) {
                continue;
            }
            Windows win = Windows.of(l);
            int first = Math.max(0, Math.floorDiv(from + win.p() - win.k() + win.s(), win.s()));
            int last = Math.min((int) dims[i][axis] - 1, Math.floorDiv(from + extent - 1 + win.p(), win.s()));
            from = first;
            extent = last - first + 1;
            out[i] = extent;
        }
        return out;
    }

    /** The spatial layers for a batch of positions: the full output of the last one (pool5), patched per position. */
    private INDArray spatial(int[] positions, Maps maps) {
        int n = positions.length;
        Grid grid = setup.grid();
        int[] top = new int[n];
        int[] left = new int[n];
        for (int b = 0; b < n; b++) {
            top[b] = grid.top(positions[b]);
            left[b] = grid.left(positions[b]);
        }
        Box box = new Box(top, left, grid.patch(), grid.patch(),
                Nd4j.valueArrayOf(new long[] {n, imageDims[0], grid.patch(), grid.patch()}, setup.fill()));
        for (int i = 0; i < dense; i++) {
            LayerSpec l = layers.get(i);
            Box next = switch (l.type()) {
                case "conv", "maxpool" -> window(i, box);
                case "relu" -> new Box(box.top, box.left, box.height, box.width, backend.reluInPlace(box.values));
                case "lrn" -> new Box(box.top, box.left, box.height, box.width,
                        backend.lrn(box.values, new LrnSpec(l.size(), l.alpha(), l.beta(), l.k())));
                default -> box;
            };
            if (next.values != box.values) {
                box.values.close();
            }
            box = next;
            if (i == setup.featureLayer()) {
                feature(box, i, positions, maps);
            }
        }
        INDArray x = dense == 0 ? box.values : assemble(box, dense - 1);
        if (dense > 0) {
            box.values.close();
        }
        return x;
    }

    /** The fully connected layers and the softmax on a batch of patched pool5 outputs. */
    private void dense(INDArray x, int[] positions, Maps maps) {
        int n = positions.length;
        INDArray logits = null;
        for (int i = dense; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            if (i == layers.size() - 1) {
                logits = x.dup();
            }
            INDArray y = switch (l.type()) {
                case "linear" -> {
                    INDArray w = setup.network().parameters().get(l.name() + ".weight");
                    macs += n * w.length();
                    yield backend.linear(x.rank() == 2 ? x : x.reshape('c', n, -1), w,
                            setup.network().parameters().get(l.name() + ".bias"));
                }
                case "relu" -> backend.reluInPlace(x);
                case "softmax" -> backend.softmax(x);
                default -> x;
            };
            if (i == setup.featureLayer()) {
                Readout.feature(y, setup.featureChannel(), positions, maps);
            }
            if (y != x) {
                x.close();
            }
            x = y;
        }
        Readout.classes(logits, x, positions, setup.targetClass(), maps);
        logits.close();
        x.close();
    }

    /**
     * The part of a convolution's or pooling's output that the changed box of its input can reach, computed from a
     * crop of the input; one box size for the batch, each box shifted to stay inside the output.
     */
    private Box window(int layer, Box in) {
        LayerSpec l = layers.get(layer);
        Windows win = Windows.of(l);
        int k = win.k();
        int s = win.s();
        int p = win.p();
        int n = in.top.length;
        int outH = (int) dims[layer][1];
        int outW = (int) dims[layer][2];
        int[] r0 = new int[n];
        int[] c0 = new int[n];
        int height = 1;
        int width = 1;
        for (int b = 0; b < n; b++) {
            r0[b] = Math.max(0, Math.floorDiv(in.top[b] + p - k + 1 + s - 1, s));
            c0[b] = Math.max(0, Math.floorDiv(in.left[b] + p - k + 1 + s - 1, s));
            int r1 = Math.min(outH - 1, Math.floorDiv(in.top[b] + in.height - 1 + p, s));
            int c1 = Math.min(outW - 1, Math.floorDiv(in.left[b] + in.width - 1 + p, s));
            height = Math.max(height, r1 - r0[b] + 1);
            width = Math.max(width, c1 - c0[b] + 1);
        }
        int cropH = (height - 1) * s + k;
        int cropW = (width - 1) * s + k;
        Bordered base = bordered[layer];
        int channels = (int) (layer == 0 ? imageDims : dims[layer - 1])[0];
        int[] top = new int[n];
        int[] left = new int[n];
        for (int b = 0; b < n; b++) {
            top[b] = Math.min(r0[b], outH - height);
            left[b] = Math.min(c0[b], outW - width);
        }
        // the crops are assembled a position at a time (all its channels) in per-thread arrays and written straight
        // into the kernel's input: the unoccluded rows from the bordered input, then the changed box over them; one
        // bulk copy in and one out per position
        INDArray x = crop(layer, n, channels, cropH, cropW);
        int boxSize = in.height * in.width;
        int cropSize = cropH * cropW;
        try (INDArray plainIn = HostArrays.isPlain(in.values) ? null : in.values.dup('c')) {
            FloatBuffer patched = HostArrays.buffer(plainIn != null ? plainIn : in.values);
            FloatBuffer crop = HostArrays.buffer(x);
            IntStream.range(0, n).parallel().forEach(b -> {
                float[][] scratch = SCRATCH.get();
                float[] out = scratch[0] = ensure(scratch[0], channels * cropSize);
                float[] box = scratch[1] = ensure(scratch[1], channels * boxSize);
                patched.get(b * channels * boxSize, box, 0, channels * boxSize);
                // the crop's corner in the input, and the part of the changed box inside the crop
                int wy = top[b] * s - p;
                int wx = left[b] * s - p;
                int y0 = Math.max(in.top[b], wy);
                int y1 = Math.min(in.top[b] + in.height, wy + cropH);
                int x0 = Math.max(in.left[b], wx);
                int x1 = Math.min(in.left[b] + in.width, wx + cropW);
                int from = (wy + p) * base.width() + wx + p;
                for (int c = 0; c < channels; c++) {
                    int src = c * base.height() * base.width() + from;
                    int dst = c * cropSize;
                    for (int r = 0; r < cropH; r++) {
                        System.arraycopy(base.values(), src + r * base.width(), out, dst + r * cropW, cropW);
                    }
                    for (int y = y0; x0 < x1 && y < y1; y++) {
                        System.arraycopy(box, c * boxSize + (y - in.top[b]) * in.width + x0 - in.left[b], out,
                                dst + (y - wy) * cropW + x0 - wx, x1 - x0);
                    }
                }
                crop.put(b * channels * cropSize, out, 0, channels * cropSize);
            });
        }
        HostArrays.written(x);
        INDArray values;
        if (win.conv()) {
            INDArray w = setup.network().parameters().get(l.name() + ".weight");
            macs += (long) n * w.size(0) * height * width * channels * k * k;
            values = backend.conv2d(x, w, setup.network().parameters().get(l.name() + ".bias"), ConvGeometry.of(s, 0));
        } else {
            values = backend.maxPoolValues(x, new PoolGeometry(k, s, false));
        }
        return new Box(top, left, height, width, values);
    }

    /**
     * An array for a layer's crops, the previous batch's when it has the shape: every element is written before it is
     * read, and ND4J clears each new array, which measured ~70 ms per ZFNet image here.
     */
    private INDArray crop(int layer, long... shape) {
        if (crops[layer] == null || !Arrays.equals(crops[layer].shape(), shape)) {
            if (crops[layer] != null) {
                crops[layer].close();
            }
            crops[layer] = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        }
        return crops[layer];
    }

    private void closeCrops() {
        for (int i = 0; i < crops.length; i++) {
            if (crops[i] != null) {
                crops[i].close();
                crops[i] = null;
            }
        }
    }

    private static float[] ensure(float[] a, int size) {
        return a.length >= size ? a : new float[size];
    }

    /** The chosen channel's total over the full map: the unoccluded total, with the box's part replaced. */
    private void feature(Box box, int layer, int[] positions, Maps maps) {
        long[] d = dims[layer];
        int c = setup.featureChannel();
        int h = (int) d[1];
        int w = (int) d[2];
        float[] base = baseline[layer];
        double total = 0;
        for (int i = 0; i < h * w; i++) {
            total += base[c * h * w + i];
        }
        float[] v = HostArrays.floats(box.values);
        int channels = (int) d[0];
        for (int b = 0; b < positions.length; b++) {
            double sum = total;
            for (int y = 0; y < box.height; y++) {
                for (int x = 0; x < box.width; x++) {
                    sum -= base[(c * h + box.top[b] + y) * w + box.left[b] + x];
                    sum += v[((b * channels + c) * box.height + y) * box.width + x];
                }
            }
            maps.feature()[positions[b]] = (float) sum;
        }
    }

    /** The full output of layer {@code layer} per position: the unoccluded map with the box written in. */
    private INDArray assemble(Box box, int layer) {
        long[] d = dims[layer];
        int c = (int) d[0];
        int h = (int) d[1];
        int w = (int) d[2];
        int n = box.top.length;
        float[] base = baseline[layer];
        float[] v = HostArrays.floats(box.values);
        float[] out = new float[n * c * h * w];
        for (int b = 0; b < n; b++) {
            System.arraycopy(base, 0, out, b * c * h * w, c * h * w);
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < box.height; y++) {
                    System.arraycopy(v, ((b * c + ch) * box.height + y) * box.width, out,
                            ((b * c + ch) * h + box.top[b] + y) * w + box.left[b], box.width);
                }
            }
        }
        return HostArrays.floats(out, n, c, h, w);
    }

    /** Multiply-adds of running the whole network once per position, for comparison (from the layers' shapes). */
    long naiveMacs(int positions) {
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            if (l.type().equals("conv")) {
                long[] in = i == 0 ? imageDims : dims[i - 1];
                total += dims[i][0] * dims[i][1] * dims[i][2] * in[0] * l.kernel() * l.kernel();
            } else if (l.type().equals("linear")) {
                total += setup.network().parameters().get(l.name() + ".weight").length();
            }
        }
        return total * positions;
    }
}
