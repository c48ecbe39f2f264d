package org.zfnet.plugin.occlusion.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.PartialForward;
import org.zfnet.api.model.Region;

/**
 * Exact incremental occlusion. Every layer is computed once for the unoccluded image; for each square position only
 * the part of each layer's output that the square can change is recomputed, from crops of the layer's inputs (the
 * unoccluded values around the changed ones, the layer's border value beyond the edges), batched across positions with
 * one box size per layer. Boxes go through joins ({@code add}, {@code concat}) as the union of their inputs' boxes. A
 * dense layer (linear, global pooling) and everything after it run whole, on the patched outputs of the layers before.
 * The results equal running the whole network per position (up to float rounding). What a layer is and computes comes
 * from its definition ({@link PartialForward}); a network with a layer that cannot be computed from crops is refused.
 */
final class IncrementalOcclusion implements ExactOcclusion {

    /**
     * Positions per batch of the tail (the fully connected layers): its cost is streaming the weights (fc6's are
     * 151 MB) once per batch, so batches are large (on ZFNet 48/8 the linear layers took 440 ms per image with 512,
     * 590 ms with 128; a batch of 512 holds 19 MB of pool5 outputs).
     */
    private static final int DENSE_BATCH = 512;
    /** ...and at most this much of the spatial layers' whole outputs waiting for it (larger inputs, wider maps). */
    private static final long DENSE_BYTES = 64L << 20;

    private final Setup setup;
    private final Plan plan;
    private final PartialForward layers;
    private final Crops crops;
    private final List<Integer> spatial;
    /** The slots a tail layer takes, assembled whole per batch. */
    private final int[] frontier;
    private long macs;

    IncrementalOcclusion(Setup setup) {
        this(setup, null);
    }

    /**
     * {@code unoccluded}: the forward trace of the image when the caller has one (else the pass is run here). Refuses
     * a network with a layer that the square changes partly and that cannot be computed from crops.
     */
    IncrementalOcclusion(Setup setup, ForwardTrace unoccluded) {
        this.setup = setup;
        ForwardTrace trace = unoccluded != null ? unoccluded : setup.network().forward(setup.image());
        try {
            this.plan = Plan.of(setup.network(), trace);
            plan.unsupported().ifPresent(why -> {
                throw new InvalidInputException(why + ": exact incremental occlusion cannot run on model "
                        + setup.network().spec().name());
            });
            this.spatial = plan.spatialLayers();
            float[][] baseline = new float[plan.count() + 1][];
            baseline[0] = HostArrays.floats(setup.image());
            for (int i : spatial) {
                baseline[i + 1] = HostArrays.floats(trace.output(i));
            }
            this.crops = new Crops(plan, baseline);
        } finally {
            if (trace != unoccluded) {
                trace.close();
            }
        }
        this.layers = plan.layers();
        this.frontier = java.util.stream.IntStream.rangeClosed(0, plan.count()).filter(plan::frontier).toArray();
    }

    @Override
    public long macs() {
        return macs;
    }

    @Override
    public long naiveMacs(int positions) {
        return plan.naiveMacs(positions);
    }

    @Override
    public Optional<String> naiveBecause() {
        return Optional.empty();
    }

    /**
     * Fills {@code maps} at the given positions. A batch has one box size per layer, its members' largest, so batches
     * are made of positions whose boxes are alike: positions are grouped by the heights of their boxes (the square's
     * row; squares near the border change less), ordered by the widths within a group, and each group is cut into
     * batches of even size. Large batches keep the kernels efficient; alike boxes keep the waste small (on ZFNet with
     * 48/8 squares about a tenth more arithmetic than one box size per position).
     */
    @Override
    public void run(int[] positions, Maps maps, Runnable step) {
        // the spatial layers per batch; the tail in larger batches, since its cost is reading the weights once per batch
        List<int[]> pendingPositions = new ArrayList<>();
        List<INDArray[]> pendingWholes = new ArrayList<>();
        int pending = 0;
        long pendingBytes = 0;
        try {
            Grid grid = setup.grid();
            for (List<Integer> group : groups(positions)) {
                int[] members = group.stream().sorted(Comparator.comparing(p -> extents(grid.left(p), 1),
                        Arrays::compare)).mapToInt(Integer::intValue).toArray();
                int batches = (members.length + setup.batch() - 1) / setup.batch();
                for (int j = 0; j < batches; j++) {
                    setup.checkCancelled().run();
                    int[] batch = Arrays.copyOfRange(members, j * members.length / batches,
                            (j + 1) * members.length / batches);
                    INDArray[] wholes = spatial(batch, maps);
                    pendingWholes.add(wholes);
                    pendingPositions.add(batch);
                    pending += batch.length;
                    pendingBytes += Arrays.stream(wholes).mapToLong(a -> a.length() * Float.BYTES).sum();
                    if (pending >= DENSE_BATCH || pendingBytes >= DENSE_BYTES) {
                        flush(pendingPositions, pendingWholes, maps, step);
                        pending = 0;
                        pendingBytes = 0;
                    }
                }
            }
            flush(pendingPositions, pendingWholes, maps, step);
        } finally {
            crops.close();
        }
    }

    /**
     * The positions grouped by the heights of their boxes; groups smaller than a batch (a sparse set of positions,
     * as the fast mode computes) are merged with their neighbours in the order of those heights, up to a batch.
     */
    private List<List<Integer>> groups(int[] positions) {
        Grid grid = setup.grid();
        TreeMap<int[], List<Integer>> rows = new TreeMap<>(Arrays::compare);
        for (int p : positions) {
            rows.computeIfAbsent(extents(grid.top(p), 0), k -> new ArrayList<>()).add(p);
        }
        List<List<Integer>> groups = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        for (List<Integer> row : rows.values()) {
            if (!open.isEmpty() && open.size() + row.size() > setup.batch()) {
                groups.add(open);
                open = new ArrayList<>();
            }
            open.addAll(row);
        }
        if (!open.isEmpty()) {
            groups.add(open);
        }
        return groups;
    }

    /** Along one axis (0 rows, 1 columns), the extent of the changed box of every spatial layer for a square at start. */
    private int[] extents(int start, int axis) {
        int[][] spans = plan.spans(start, setup.grid().patch(), axis);
        int[] out = new int[spatial.size()];
        for (int s = 0; s < out.length; s++) {
            int[] span = spans[spatial.get(s) + 1];
            out[s] = span[1] - span[0] + 1;
        }
        return out;
    }

    /**
     * The spatial layers for a batch of positions, box by box; returns the whole outputs, patched per position, of
     * the slots the tail takes ({@link #frontier}).
     */
    private INDArray[] spatial(int[] positions, Maps maps) {
        int n = positions.length;
        Grid grid = setup.grid();
        int[][][] rows = new int[n][][];
        int[][][] cols = new int[n][][];
        for (int b = 0; b < n; b++) {
            rows[b] = plan.spans(grid.top(positions[b]), grid.patch(), 0);
            cols[b] = plan.spans(grid.left(positions[b]), grid.patch(), 1);
        }
        Box[] boxes = new Box[plan.count() + 1];
        Uses uses = new Uses();
        INDArray[] wholes = new INDArray[frontier.length];
        try {
            boxes[0] = box(0, rows, cols, Nd4j.valueArrayOf(new long[] {n, setup.channels(), grid.patch(),
                    grid.patch()}, setup.fill()));
            done(0, boxes[0], uses, wholes, positions, maps);
            for (int i : spatial) {
                boxes[i + 1] = layer(i, boxes, rows, cols, uses);
                done(i + 1, boxes[i + 1], uses, wholes, positions, maps);
            }
            return wholes;
        } catch (RuntimeException e) {
            Arrays.stream(wholes).filter(w -> w != null).forEach(INDArray::close);
            throw e;
        }
    }

    /** Slot {@code slot}'s box with the given values: per position its changed span, grown to the batch's largest. */
    private Box box(int slot, int[][][] rows, int[][][] cols, INDArray values) {
        long[] shape = plan.shape(slot);
        int n = rows.length;
        int height = 1;
        int width = 1;
        for (int b = 0; b < n; b++) {
            height = Math.max(height, rows[b][slot][1] - rows[b][slot][0] + 1);
            width = Math.max(width, cols[b][slot][1] - cols[b][slot][0] + 1);
        }
        int[] top = new int[n];
        int[] left = new int[n];
        for (int b = 0; b < n; b++) {
            top[b] = Math.min(rows[b][slot][0], (int) shape[1] - height);
            left[b] = Math.min(cols[b][slot][0], (int) shape[2] - width);
        }
        return new Box(top, left, height, width, values);
    }

    /**
     * Layer {@code layer}'s box: from its inputs' crops, or from an input's box itself where the crop is that box (a
     * rectifier, a normalisation), in place when nothing else reads it.
     */
    private Box layer(int layer, Box[] boxes, int[][][] rows, int[][][] cols, Uses uses) {
        Box out = box(layer + 1, rows, cols, null);
        int n = out.top().length;
        int[] slots = plan.inputSlots(layer);
        List<INDArray> in = new ArrayList<>();
        boolean overwrite = false;
        for (int k = 0; k < slots.length; k++) {
            Box input = boxes[slots[k]];
            Region[] regions = new Region[n];
            boolean same = true;
            for (int b = 0; b < n; b++) {
                regions[b] = layers.inputRegion(layer, k, out.region(b));
                same &= regions[b].equals(input.region(b));
                if (regions[b].height() != regions[0].height() || regions[b].width() != regions[0].width()) {
                    throw new IllegalStateException("layer " + layer + " reads crops of different sizes for one box size");
                }
            }
            if (same) {
                in.add(input.values());
                overwrite |= k == 0 && uses.sole(input.values());
            } else {
                in.add(crops.crop(layer, k, input, regions, (float) layers.cropBorder(layer).getAsDouble()));
            }
        }
        INDArray values = layers.forwardCrops(layer, in, overwrite);
        if (crops.isCrop(values)) {
            values = values.dup();
        }
        long[] shape = plan.shape(layer + 1);
        macs += layers.macs(layer) * n * out.height() * out.width() / (shape[1] * shape[2]);
        uses.hold(values, in.get(0), plan.spatialUses(layer + 1) + 1);
        for (int slot : slots) {
            uses.release(boxes[slot].values());
        }
        return new Box(out.top(), out.left(), out.height(), out.width(), values);
    }

    /** What follows computing a slot's box: the feature readout, the whole output for the tail, the last release. */
    private void done(int slot, Box box, Uses uses, INDArray[] wholes, int[] positions, Maps maps) {
        if (slot == 0) {
            uses.hold(box.values(), plan.spatialUses(0) + 1);
        }
        if (slot == setup.featureLayer() + 1) {
            feature(box, slot, positions, maps);
        }
        int f = Arrays.binarySearch(frontier, slot);
        if (f >= 0) {
            wholes[f] = crops.whole(box, slot);
        }
        uses.release(box.values());
    }

    /** The tail on a batch of positions: every layer whole, on the patched outputs of the layers before it. */
    private void flush(List<int[]> positions, List<INDArray[]> wholes, Maps maps, Runnable step) {
        if (positions.isEmpty()) {
            return;
        }
        int[] all = positions.stream().flatMapToInt(Arrays::stream).toArray();
        INDArray[] outputs = new INDArray[plan.count() + 1];
        Uses uses = new Uses();
        for (int f = 0; f < frontier.length; f++) {
            int at = f;
            INDArray[] parts = wholes.stream().map(w -> w[at]).toArray(INDArray[]::new);
            outputs[frontier[f]] = parts.length == 1 ? parts[0] : Nd4j.concat(0, parts);
            if (parts.length > 1) {
                Arrays.stream(parts).forEach(INDArray::close);
            }
            uses.hold(outputs[frontier[f]], plan.tailUses(frontier[f]));
        }
        int last = plan.count();
        int logits = plan.inputSlots(last - 1)[0];
        for (int i = 0; i < plan.count(); i++) {
            if (!plan.tail(i)) {
                continue;
            }
            setup.checkCancelled().run(); // per layer: on ZFNet fc6 alone for 512 positions is a few hundred ms
            int[] slots = plan.inputSlots(i);
            List<INDArray> in = Arrays.stream(slots).mapToObj(s -> outputs[s]).toList();
            INDArray y = layers.forwardLayer(i, in, slots[0] != logits && uses.sole(in.get(0)));
            macs += layers.macs(i) * all.length;
            uses.hold(y, in.get(0), plan.tailUses(i + 1) + 1 + (i + 1 == logits || i + 1 == last ? 1 : 0));
            for (INDArray x : in) {
                uses.release(x);
            }
            if (i == setup.featureLayer()) {
                Readout.feature(y, setup.featureChannel(), all, maps);
            }
            uses.release(y);
            outputs[i + 1] = y;
        }
        Readout.classes(outputs[logits], outputs[last], all, setup.targetClass(), maps);
        uses.release(outputs[logits]);
        uses.release(outputs[last]);
        positions.clear();
        wholes.clear();
        for (int i = 0; i < all.length; i++) {
            step.run();
        }
    }

    /** The chosen channel's total over the full map: the unoccluded total, with the box's part replaced. */
    private void feature(Box box, int slot, int[] positions, Maps maps) {
        long[] d = plan.shape(slot);
        int c = setup.featureChannel();
        int h = (int) d[1];
        int w = (int) d[2];
        float[] base = crops.baseline(slot);
        double total = 0;
        for (int i = 0; i < h * w; i++) {
            total += base[c * h * w + i];
        }
        float[] v = HostArrays.floats(box.values());
        int channels = (int) d[0];
        for (int b = 0; b < positions.length; b++) {
            double sum = total;
            for (int y = 0; y < box.height(); y++) {
                for (int x = 0; x < box.width(); x++) {
                    sum -= base[(c * h + box.top()[b] + y) * w + box.left()[b] + x];
                    sum += v[((b * channels + c) * box.height() + y) * box.width() + x];
                }
            }
            maps.feature()[positions[b]] = (float) sum;
        }
    }
}
