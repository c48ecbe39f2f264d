package org.zfnet.api.dto;

import java.util.List;

/**
 * How an image becomes a network input: scale so that the shorter side is {@code resize} pixels, crop
 * the centre to the input size, take RGB values in [0, 1], subtract {@code mean} and divide by {@code std}
 * per channel (PyTorch's convention).
 *
 * @param resize shorter side before the centre crop
 * @param mean   per-channel mean, RGB
 * @param std    per-channel standard deviation, RGB
 */
public record Preprocessing(int resize, List<Double> mean, List<Double> std) {

    /** ImageNet statistics as torchvision uses them, resizing to 256 before a 224 crop. */
    public static Preprocessing imagenet() {
        return imagenet(224, 224);
    }

    /**
     * torchvision's ImageNet preprocessing for an input of {@code height} x {@code width}: the shorter side resized to
     * 256/224 of the input's larger extent (256 for 224x224), ImageNet's mean and standard deviation.
     */
    public static Preprocessing imagenet(int height, int width) {
        return new Preprocessing((int) Math.round(Math.max(height, width) * 256.0 / 224),
                List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225));
    }
}
