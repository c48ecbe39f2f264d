package org.zfnet.model.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.HostArrays;

/**
 * Stochastic gradient descent with momentum, {@code v = momentum v - rate (g + decay w); w = w + v} (weight decay
 * on weights only), followed by the paper's filter renormalisation: every conv filter whose RMS exceeds the
 * radius is rescaled to RMS = radius. Updates the network's parameters in place.
 */
final class Sgd {

    private final Map<String, INDArray> parameters;
    private final Map<String, INDArray> velocity = new LinkedHashMap<>();
    private final double momentum;
    private final double weightDecay;
    private final double radius;
    private final java.util.Set<String> convWeights;

    Sgd(Map<String, INDArray> parameters, java.util.Set<String> convWeights, double momentum, double weightDecay,
            double radius) {
        this.parameters = parameters;
        this.convWeights = convWeights;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.radius = radius;
        parameters.forEach((name, p) -> velocity.put(name, Nd4j.zerosLike(p)));
    }

    Map<String, INDArray> velocity() {
        return velocity;
    }

    void step(Map<String, INDArray> gradients, double rate) {
        for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
            INDArray w = e.getValue();
            INDArray g = gradients.get(e.getKey());
            INDArray v = velocity.get(e.getKey());
            v.muli(momentum);
            if (weightDecay > 0 && e.getKey().endsWith(".weight")) {
                try (INDArray decay = w.mul(weightDecay)) {
                    decay.addi(g);
                    v.subi(decay.muli(rate));
                }
            } else {
                try (INDArray step = g.mul(rate)) {
                    v.subi(step);
                }
            }
            w.addi(v);
        }
        if (radius > 0) {
            convWeights.forEach(name -> renormalise(parameters.get(name), radius));
        }
    }

    /** Rescales each filter (first axis) of {@code w} whose RMS exceeds {@code radius} to RMS {@code radius}. */
    static void renormalise(INDArray w, double radius) {
        long filters = w.size(0);
        long per = w.length() / filters;
        INDArray flat = w.reshape('c', filters, per);
        try (INDArray rms = flat.norm2(1)) {
            rms.divi(Math.sqrt(per));
            float[] r = HostArrays.floats(rms);
            for (int k = 0; k < filters; k++) {
                if (r[k] > radius) {
                    flat.getRow(k).muli(radius / r[k]);
                }
            }
        }
    }
}
