package org.zfnet.data;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.IntStream;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;

/**
 * Mini-batches of an image-folder dataset for training and evaluation. Images are decoded and scaled
 * (shorter side to the spec's {@code resize}) once and kept in memory; each batch then takes a crop of the
 * model's input size: random position and a random left-right flip when augmenting (the paper's random
 * crops and flips), the centre otherwise.
 */
public final class Batches {

    /** {@code size} inputs as {@code [size, C, H, W]} floats, with their labels. */
    public record Batch(float[] data, int[] labels, int size) {
    }

    private final List<BufferedImage> images;
    private final int[] labels;
    private final int height;
    private final int width;
    private final Preprocessing preprocessing;

    public Batches(ImageFolder folder, ModelSpec spec) {
        this.height = spec.input().get(1);
        this.width = spec.input().get(2);
        this.preprocessing = spec.preprocessing();
        int resize = preprocessing == null ? Math.max(height, width) : Math.max(preprocessing.resize(), Math.max(height, width));
        BufferedImage[] decoded = new BufferedImage[folder.samples().size()];
        IntStream.range(0, decoded.length).parallel().forEach(i ->
                decoded[i] = Images.scaleShorterSide(Images.decode(folder.samples().get(i).file()), resize));
        this.images = List.of(decoded);
        this.labels = folder.samples().stream().mapToInt(ImageFolder.Sample::label).toArray();
    }

    public int size() {
        return labels.length;
    }

    /** The batches of one pass over the data, in an order shuffled by {@code seed} (or in order when not shuffled). */
    public Iterator<Batch> epoch(int batchSize, long seed, boolean augment) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, labels.length).boxed().toList());
        Random random = new Random(seed);
        if (augment) {
            Collections.shuffle(order, random);
        }
        long cropSeed = random.nextLong();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.size();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int n = Math.min(batchSize, order.size() - next);
                int per = 3 * height * width;
                float[] data = new float[n * per];
                int[] batchLabels = new int[n];
                int start = next;
                IntStream.range(0, n).parallel().forEach(i -> {
                    int index = order.get(start + i);
                    float[] one = crop(images.get(index), augment ? new Random(cropSeed + start + i) : null);
                    System.arraycopy(one, 0, data, i * per, per);
                    batchLabels[i] = labels[index];
                });
                next += n;
                return new Batch(data, batchLabels, n);
            }
        };
    }

    private float[] crop(BufferedImage image, Random random) {
        int maxX = image.getWidth() - width;
        int maxY = image.getHeight() - height;
        int x0 = random == null ? (int) Math.round(maxX / 2.0) : random.nextInt(maxX + 1);
        int y0 = random == null ? (int) Math.round(maxY / 2.0) : random.nextInt(maxY + 1);
        boolean flip = random != null && random.nextBoolean();
        return Images.toInput(image, x0, y0, width, height, flip, preprocessing);
    }
}
