package org.zfnet.plugin.occlusion.internal;

import java.util.Arrays;
import java.util.List;
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

    private final Setup setup;
    private final List<LayerSpec> layers;
    private final ComputeBackend backend;
    private final int dense;
    private final float[] image;
    private final long[] imageDims;
    private final float[][] baseline;
    private final long[][] dims;
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
    }

    /** Multiply-adds spent in convolutions and linear layers so far. */
    long macs() {
        return macs;
    }

    /**
     * Fills {@code maps} at the given positions. Positions are grouped by the sizes of their changed boxes (squares
     * near the border change less), so that a batch's common box size fits all its members without waste.
     */
    void run(int[] positions, Maps maps, Runnable step) {
        java.util.Map<String, List<Integer>> groups = new java.util.LinkedHashMap<>();
        for (int p : positions) {
            groups.computeIfAbsent(signature(p), k -> new java.util.ArrayList<>()).add(p);
        }
        // the spatial layers per group; the fully connected layers in larger batches across groups, since their
        // cost is reading the weights once per batch
        List<int[]> pendingPositions = new java.util.ArrayList<>();
        List<INDArray> pendingMaps = new java.util.ArrayList<>();
        int pending = 0;
        for (List<Integer> group : groups.values()) {
            int[] members = group.stream().mapToInt(Integer::intValue).toArray();
            for (int from = 0; from < members.length; from += setup.batch()) {
                int to = Math.min(members.length, from + setup.batch());
                int[] batch = Arrays.copyOfRange(members, from, to);
                pendingMaps.add(spatial(batch, maps));
                pendingPositions.add(batch);
                pending += batch.length;
                if (pending >= DENSE_BATCH) {
                    flush(pendingPositions, pendingMaps, maps, step);
                    pending = 0;
                }
            }
        }
        flush(pendingPositions, pendingMaps, maps, step);
    }

    /** Positions per batch of the fully connected layers. */
    private static final int DENSE_BATCH = 128;

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

    /** The size of the changed box of every convolution and pooling output for one position. */
    private String signature(int position) {
        Grid grid = setup.grid();
        int top = grid.top(position);
        int left = grid.left(position);
        int height = grid.patch();
        int width = grid.patch();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < dense; i++) {
            LayerSpec l = layers.get(i);
            if (!l.type().equals("conv") && !l.type().equals("maxpool")) {
                continue;
            }
            int k = l.kernel();
            int st = l.stride() == null ? 1 : l.stride();
            int pad = l.type().equals("conv") && l.pad() != null ? l.pad() : 0;
            int r0 = Math.max(0, Math.floorDiv(top + pad - k + st, st));
            int c0 = Math.max(0, Math.floorDiv(left + pad - k + st, st));
            int r1 = Math.min((int) dims[i][1] - 1, Math.floorDiv(top + height - 1 + pad, st));
            int c1 = Math.min((int) dims[i][2] - 1, Math.floorDiv(left + width - 1 + pad, st));
            top = r0;
            left = c0;
            height = r1 - r0 + 1;
            width = c1 - c0 + 1;
            s.append(height).append('x').append(width).append(' ');
        }
        return s.toString();
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
            long[] in = i == 0 ? imageDims : dims[i - 1];
            float[] inBase = i == 0 ? image : baseline[i - 1];
            Box next = switch (l.type()) {
                case "conv", "maxpool" -> window(l, box, in, inBase, dims[i]);
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
    private Box window(LayerSpec l, Box in, long[] inDims, float[] inBase, long[] outDims) {
        boolean conv = l.type().equals("conv");
        int k = l.kernel();
        int s = l.stride() == null ? 1 : l.stride();
        int p = conv && l.pad() != null ? l.pad() : 0;
        int n = in.top.length;
        int outH = (int) outDims[1];
        int outW = (int) outDims[2];
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
        int channels = (int) inDims[0];
        int inH = (int) inDims[1];
        int inW = (int) inDims[2];
        float outside = conv ? 0f : Float.NEGATIVE_INFINITY;
        float[] patched = HostArrays.floats(in.values);
        float[] crop = new float[n * channels * cropH * cropW];
        int[] top = new int[n];
        int[] left = new int[n];
        for (int b = 0; b < n; b++) {
            top[b] = Math.min(r0[b], outH - height);
            left[b] = Math.min(c0[b], outW - width);
            int wy = top[b] * s - p;
            int wx = left[b] * s - p;
            // columns of the crop inside the input, and of those the ones inside the changed box
            int q0 = Math.max(0, -wx);
            int q1 = Math.min(cropW, inW - wx);
            int p0 = Math.max(q0, in.left[b] - wx);
            int p1 = Math.min(q1, in.left[b] + in.width - wx);
            for (int c = 0; c < channels; c++) {
                int base = ((b * channels + c) * cropH) * cropW;
                for (int r = 0; r < cropH; r++) {
                    int y = wy + r;
                    int row = base + r * cropW;
                    if (y < 0 || y >= inH || q0 >= q1) {
                        Arrays.fill(crop, row, row + cropW, outside);
                        continue;
                    }
                    Arrays.fill(crop, row, row + q0, outside);
                    Arrays.fill(crop, row + q1, row + cropW, outside);
                    System.arraycopy(inBase, (c * inH + y) * inW + wx + q0, crop, row + q0, q1 - q0);
                    if (y >= in.top[b] && y < in.top[b] + in.height && p0 < p1) {
                        System.arraycopy(patched, ((b * channels + c) * in.height + (y - in.top[b])) * in.width
                                + (wx + p0 - in.left[b]), crop, row + p0, p1 - p0);
                    }
                }
            }
        }
        INDArray values;
        try (INDArray x = HostArrays.floats(crop, n, channels, cropH, cropW)) {
            if (conv) {
                INDArray w = setup.network().parameters().get(l.name() + ".weight");
                macs += (long) n * w.size(0) * height * width * channels * k * k;
                values = backend.conv2d(x, w, setup.network().parameters().get(l.name() + ".bias"), ConvGeometry.of(s, 0));
            } else {
                values = backend.maxPoolValues(x, new PoolGeometry(k, s, false));
            }
        }
        return new Box(top, left, height, width, values);
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
