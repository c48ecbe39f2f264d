package org.zfnet.api.model;

/**
 * How a backward walk from a feature treats the layers where the projection rules differ (rectifiers, max pooling,
 * LRN); every other layer passes the plain gradient.
 */
public enum ProjectionRule {
    /** Zeiler and Fergus's deconvnet (arXiv 1311.2901, Sec. 2.1): rectify the signal itself at each ReLU. */
    DECONVNET,
    /** Guided backpropagation (Springenberg et al. 2015): rectify the signal and mask it where the forward input was not positive. */
    GUIDED,
    /** The plain gradient: mask the signal where the forward input was not positive. */
    GRADIENT
}
