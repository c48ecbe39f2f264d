package org.zfnet.plugin.occlusion.internal;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.model.ForwardTrace;

/** The reference method: the whole network once per square position, batched (as Captum does it). */
final class NaiveOcclusion {

    private NaiveOcclusion() {
    }

    /** Fills {@code maps} at the given positions. */
    static void run(Setup setup, int[] positions, Maps maps, Runnable step) {
        float[] image = HostArrays.floats(setup.image());
        long[] shape = setup.image().shape();
        int per = image.length;
        for (int from = 0; from < positions.length; from += setup.batch()) {
            setup.checkCancelled().run();
            int to = Math.min(positions.length, from + setup.batch());
            int[] chunk = java.util.Arrays.copyOfRange(positions, from, to);
            float[] data = new float[chunk.length * per];
            for (int b = 0; b < chunk.length; b++) {
                System.arraycopy(setup.occluded(image, chunk[b]), 0, data, b * per, per);
            }
            try (INDArray x = HostArrays.floats(data, chunk.length, shape[1], shape[2], shape[3]);
                    ForwardTrace trace = setup.network().forward(x)) {
                int last = setup.layers().size() - 1;
                Readout.classes(trace.output(last - 1), trace.output(last), chunk, setup.targetClass(), maps);
                Readout.feature(trace.output(setup.featureLayer()), setup.featureChannel(), chunk, maps);
            }
            for (int i = from; i < to; i++) {
                step.run();
            }
        }
    }
}
