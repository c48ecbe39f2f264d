package org.zfnet.plugin.deconv.internal;

/**
 * What happens to the backward signal at a ReLU (Springenberg et al. 2015 compare the three; Zeiler and Fergus
 * use the first).
 */
enum Rule {
    /** Zeiler and Fergus: rectify the reconstruction, ignoring where the forward ReLU was active. */
    DECONVNET,
    /** Guided backpropagation: rectify the reconstruction and keep it only where the forward input was positive. */
    GUIDED,
    /** The plain gradient: keep the signal, positive or not, where the forward input was positive. */
    GRADIENT;

    static Rule of(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
