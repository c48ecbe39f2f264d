package org.zfnet.model.internal.layers;

/** How a backward walk treats the layers where the projection rules differ: rectifiers, max pooling, LRN. */
public enum Rule {
    /** Zeiler and Fergus's deconvnet: rectify the signal itself at each ReLU; unpool with the switches. */
    DECONVNET,
    /** Guided backpropagation: rectify the signal and mask it where the forward input was not positive. */
    GUIDED,
    /** The plain gradient: mask the signal where the forward input was not positive. */
    GRADIENT
}
