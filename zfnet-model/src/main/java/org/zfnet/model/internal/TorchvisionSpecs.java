package org.zfnet.model.internal;

import java.util.ArrayList;
import java.util.List;
import org.zfnet.api.dto.LayerSpec;

/**
 * torchvision 0.14's classic CNNs as layer lists whose parameter names are those of torchvision's state dicts
 * ({@code features.0.weight}, {@code layer1.0.bn1.running_mean}), at any width, so that
 * {@code torch.save(model.state_dict())} of a torchvision model loads by name. Each list ends in the logits layer and
 * a softmax {@code prob} (torchvision's models stop at the logits). Layers are named by their module path; ReLUs
 * that torchvision calls through {@code F.relu} or that share a module stay unnamed, so that the layer before them
 * is tapped after them. AlexNet's and VGG's {@code AdaptiveAvgPool2d} is left out: it is the identity on the 6x6 and
 * 7x7 maps of a 224x224 input (at other sizes the first linear layer's weights no longer fit torchvision's).
 */
final class TorchvisionSpecs {

    private TorchvisionSpecs() {
    }

    /**
     * AlexNet as torchvision's {@code alexnet} (the one-GPU variant of Krizhevsky's "One weird trick", arXiv
     * 1404.5997): five convolutions 11x11/4 pad 2, 5x5 pad 2, three 3x3 pad 1, max pooling 3x3/2 after the first,
     * second and fifth, then dropout, linear, ReLU twice and the last linear layer.
     *
     * @param convs  filters of the five convolutions (64, 192, 384, 256, 256)
     * @param hidden features of the two hidden linear layers (4096)
     */
    static List<LayerSpec> alexnet(int[] convs, int hidden, int classes) {
        return List.of(
                LayerSpec.conv("features.0", convs[0], 11, 4, 2), LayerSpec.relu(),
                LayerSpec.maxpool("features.2", 3, 2, false),
                LayerSpec.conv("features.3", convs[1], 5, 1, 2), LayerSpec.relu(),
                LayerSpec.maxpool("features.5", 3, 2, false),
                LayerSpec.conv("features.6", convs[2], 3, 1, 1), LayerSpec.relu(),
                LayerSpec.conv("features.8", convs[3], 3, 1, 1), LayerSpec.relu(),
                LayerSpec.conv("features.10", convs[4], 3, 1, 1), LayerSpec.relu(),
                LayerSpec.maxpool("features.12", 3, 2, false),
                LayerSpec.dropout(0.5), LayerSpec.linear("classifier.1", hidden), LayerSpec.relu(),
                LayerSpec.dropout(0.5), LayerSpec.linear("classifier.4", hidden), LayerSpec.relu(),
                LayerSpec.linear("classifier.6", classes), LayerSpec.softmax("prob"));
    }

    /**
     * VGG-16 (configuration D of Simonyan and Zisserman, arXiv 1409.1556) as torchvision's {@code vgg16} and, with
     * batch normalisation after every convolution, {@code vgg16_bn}: 2, 2, 3, 3, 3 convolutions 3x3 pad 1 per stage,
     * each stage closed by max pooling 2x2/2; then linear, ReLU, dropout twice and the last linear layer.
     *
     * @param widths filters of each stage's convolutions (64, 128, 256, 512, 512)
     * @param hidden features of the two hidden linear layers (4096)
     */
    static List<LayerSpec> vgg16(int[] widths, int hidden, int classes, boolean batchNorm) {
        List<LayerSpec> layers = new ArrayList<>();
        int index = 0;
        int[] convs = {2, 2, 3, 3, 3};
        for (int stage = 0; stage < convs.length; stage++) {
            for (int c = 0; c < convs[stage]; c++) {
                layers.add(LayerSpec.conv("features." + index++, widths[stage], 3, 1, 1));
                if (batchNorm) {
                    layers.add(batchNorm("features." + index++));
                }
                layers.add(LayerSpec.relu());
                index++;
            }
            layers.add(LayerSpec.maxpool("features." + index++, 2, 2, false));
        }
        layers.addAll(List.of(
                LayerSpec.linear("classifier.0", hidden), LayerSpec.relu(), LayerSpec.dropout(0.5),
                LayerSpec.linear("classifier.3", hidden), LayerSpec.relu(), LayerSpec.dropout(0.5),
                LayerSpec.linear("classifier.6", classes), LayerSpec.softmax("prob")));
        return layers;
    }

    /**
     * ResNet (He et al., arXiv 1512.03385) as torchvision's: conv1 7x7/2 without bias, bn1, ReLU, max pooling 3x3/2
     * pad 1, four stages of blocks at width, 2, 4 and 8 times width (the later three starting with stride 2),
     * global average pooling, fc. A basic block (ResNet-18, 34) is conv1 3x3, bn1, ReLU, conv2 3x3, bn2; a bottleneck
     * (ResNet-50, 101) is conv1 1x1, bn1, ReLU, conv2 3x3 carrying the stride (torchvision's "v1.5"), bn2, ReLU,
     * conv3 1x1 to 4 times the width, bn3. A block adds its input, through {@code downsample} (1x1 convolution with
     * the stride, without bias, and batch normalisation) where the shape changes, and ends in a ReLU named by the
     * block ({@code layer1.0}).
     *
     * @param blocks blocks per stage (ResNet-18: 2, 2, 2, 2; 34 and 50: 3, 4, 6, 3; 101: 3, 4, 23, 3)
     * @param width  the first stage's width (64)
     */
    static List<LayerSpec> resnet(boolean bottleneck, int[] blocks, int width, int classes) {
        List<LayerSpec> layers = new ArrayList<>(List.of(unbiasedConv("conv1", width, 7, 2, 3), batchNorm("bn1"),
                LayerSpec.relu(), LayerSpec.of("maxpool", "maxpool").withWindow(3, 2, 1, null)));
        int expansion = bottleneck ? 4 : 1;
        int in = width;
        String previous = "maxpool";
        for (int stage = 0; stage < blocks.length; stage++) {
            int planes = width << stage;
            for (int b = 0; b < blocks[stage]; b++) {
                String block = "layer" + (stage + 1) + "." + b;
                int stride = stage > 0 && b == 0 ? 2 : 1;
                String last;
                if (bottleneck) {
                    layers.addAll(List.of(unbiasedConv(block + ".conv1", planes, 1, 1, 0).withInputs(previous),
                            batchNorm(block + ".bn1"), LayerSpec.relu(),
                            unbiasedConv(block + ".conv2", planes, 3, stride, 1), batchNorm(block + ".bn2"),
                            LayerSpec.relu(), unbiasedConv(block + ".conv3", planes * expansion, 1, 1, 0),
                            batchNorm(block + ".bn3")));
                    last = block + ".bn3";
                } else {
                    layers.addAll(List.of(unbiasedConv(block + ".conv1", planes, 3, stride, 1).withInputs(previous),
                            batchNorm(block + ".bn1"), LayerSpec.relu(),
                            unbiasedConv(block + ".conv2", planes, 3, 1, 1), batchNorm(block + ".bn2")));
                    last = block + ".bn2";
                }
                String identity = previous;
                if (stride != 1 || in != planes * expansion) {
                    layers.add(unbiasedConv(block + ".downsample.0", planes * expansion, 1, stride, 0)
                            .withInputs(previous));
                    layers.add(batchNorm(block + ".downsample.1"));
                    identity = block + ".downsample.1";
                }
                layers.add(LayerSpec.of("add", null).withInputs(last, identity));
                layers.add(LayerSpec.of("relu", block));
                previous = block;
                in = planes * expansion;
            }
        }
        layers.addAll(List.of(LayerSpec.of("globalavgpool", "avgpool"), LayerSpec.of("flatten", null),
                LayerSpec.linear("fc", classes), LayerSpec.softmax("prob")));
        return layers;
    }

    /**
     * SqueezeNet 1.1 (Iandola et al., arXiv 1602.07360; torchvision's {@code squeezenet1_1}): conv 3x3/2, ReLU, max
     * pooling 3x3/2 in ceil mode, fire modules 3, 4, pooling, 6, 7, pooling, 9 to 12, then dropout, a 1x1 convolution
     * to the classes, ReLU and global average pooling. A fire module squeezes with a 1x1 convolution and ReLU and
     * joins a 1x1 and a 3x3 expansion, each with its ReLU, along the channels ({@code features.3}).
     *
     * @param divisor torchvision's widths (64; fire squeezes 16 to 64, expansions 64 to 256) divided by this (1)
     */
    static List<LayerSpec> squeezenet11(int divisor, int classes) {
        List<LayerSpec> layers = new ArrayList<>(List.of(LayerSpec.conv("features.0", 64 / divisor, 3, 2, 0),
                LayerSpec.relu(), LayerSpec.maxpool("features.2", 3, 2, true)));
        int[][] fires = {{3, 16, 64}, {4, 16, 64}, {6, 32, 128}, {7, 32, 128}, {9, 48, 192}, {10, 48, 192},
            {11, 64, 256}, {12, 64, 256}};
        for (int[] fire : fires) {
            String f = "features." + fire[0];
            int expand = fire[2] / divisor;
            if (fire[0] == 6 || fire[0] == 9) {
                layers.add(LayerSpec.maxpool("features." + (fire[0] - 1), 3, 2, true));
            }
            layers.addAll(List.of(LayerSpec.conv(f + ".squeeze", fire[1] / divisor, 1, 1, 0),
                    LayerSpec.of("relu", f + ".squeeze_activation"),
                    LayerSpec.conv(f + ".expand1x1", expand, 1, 1, 0),
                    LayerSpec.of("relu", f + ".expand1x1_activation"),
                    LayerSpec.conv(f + ".expand3x3", expand, 3, 1, 1).withInputs(f + ".squeeze_activation"),
                    LayerSpec.of("relu", f + ".expand3x3_activation"),
                    LayerSpec.of("concat", f).withInputs(f + ".expand1x1_activation", f + ".expand3x3_activation")));
        }
        layers.addAll(List.of(LayerSpec.dropout(0.5), LayerSpec.conv("classifier.1", classes, 1, 1, 0),
                LayerSpec.of("relu", "classifier.2"), LayerSpec.of("globalavgpool", "classifier.3"),
                LayerSpec.of("flatten", "flatten"), LayerSpec.softmax("prob")));
        return layers;
    }

    /**
     * MobileNetV2 (Sandler et al., arXiv 1801.04381) as torchvision's {@code mobilenet_v2}: a 3x3/2 convolution,
     * batch normalisation and ReLU6 ({@code features.0}); inverted residual blocks {@code features.1} to
     * {@code features.17} (a 1x1 expansion by t with batch normalisation and ReLU6 unless t = 1, a depthwise 3x3 with
     * the stride, batch normalisation and ReLU6, a linear 1x1 projection with batch normalisation, plus the block's
     * input where stride 1 keeps the channels); a 1x1 convolution to {@code lastChannel}, batch normalisation, ReLU6;
     * global average pooling, dropout 0.2, linear. Convolutions have no bias. Widths are torchvision's times
     * {@code widthMult}, rounded by its {@code _make_divisible}.
     *
     * @param roundNearest the multiple widths are rounded to (8)
     * @param lastChannel  channels before pooling (torchvision: 1280, more when {@code widthMult} exceeds 1)
     */
    static List<LayerSpec> mobilenetV2(double widthMult, int roundNearest, int lastChannel, int classes) {
        int in = divisible(32 * widthMult, roundNearest);
        List<LayerSpec> layers = new ArrayList<>(List.of(unbiasedConv("features.0.0", in, 3, 2, 1),
                batchNorm("features.0.1"), LayerSpec.of("relu6", "features.0.2")));
        String previous = "features.0.2";
        int[][] settings = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1},
            {6, 160, 3, 2}, {6, 320, 1, 1}};
        int index = 1;
        for (int[] s : settings) {
            int out = divisible(s[1] * widthMult, roundNearest);
            for (int i = 0; i < s[2]; i++) {
                String block = "features." + index++;
                int stride = i == 0 ? s[3] : 1;
                int hidden = in * s[0];
                int part = 0;
                if (s[0] != 1) {
                    layers.addAll(convBnRelu6(block + ".conv.0", hidden, 1, 1, 1));
                    part = 1;
                }
                layers.addAll(convBnRelu6(block + ".conv." + part, hidden, 3, stride, hidden));
                layers.add(unbiasedConv(block + ".conv." + (part + 1), out, 1, 1, 0));
                layers.add(batchNorm(block + ".conv." + (part + 2)));
                if (stride == 1 && in == out) {
                    layers.add(LayerSpec.of("add", block).withInputs(block + ".conv." + (part + 2), previous));
                    previous = block;
                } else {
                    previous = block + ".conv." + (part + 2);
                }
                in = out;
            }
        }
        layers.addAll(convBnRelu6("features.18", lastChannel, 1, 1, 1));
        layers.addAll(List.of(LayerSpec.of("globalavgpool", "avgpool"), LayerSpec.of("flatten", null),
                LayerSpec.dropout(0.2), LayerSpec.linear("classifier.1", classes), LayerSpec.softmax("prob")));
        return layers;
    }

    /** torchvision's {@code _make_divisible}: the nearest multiple of {@code divisor}, at least it, not below 90%. */
    static int divisible(double v, int divisor) {
        int rounded = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        return rounded < 0.9 * v ? rounded + divisor : rounded;
    }

    private static List<LayerSpec> convBnRelu6(String name, int out, int kernel, int stride, int groups) {
        return List.of(unbiasedConv(name + ".0", out, kernel, stride, (kernel - 1) / 2)
                        .with(null, groups == 1 ? null : groups, null, null, null, null, null),
                batchNorm(name + ".1"), LayerSpec.of("relu6", name + ".2"));
    }

    /**
     * DenseNet (Huang et al., arXiv 1608.06993) as torchvision's {@code densenet121} and kin: conv0 7x7/2, norm0,
     * relu0, pool0 3x3/2 pad 1; dense blocks whose layers each take all the features before them (norm1, relu1, conv1
     * 1x1 to {@code bnSize} times the growth, norm2, relu2, conv2 3x3 to the growth) and join theirs to them
     * ({@code features.denseblock1.denselayer1.concat}; the block's last join is named by the block); between blocks
     * a transition (norm, relu, 1x1 convolution halving the channels, average pooling 2x2/2); norm5, ReLU, global
     * average pooling, the classifier. Convolutions have no bias.
     *
     * @param blocks layers per dense block (DenseNet-121: 6, 12, 24, 16)
     */
    static List<LayerSpec> densenet(int growth, int[] blocks, int initFeatures, int bnSize, int classes) {
        List<LayerSpec> layers = new ArrayList<>(List.of(unbiasedConv("features.conv0", initFeatures, 7, 2, 3),
                batchNorm("features.norm0"), LayerSpec.of("relu", "features.relu0"),
                LayerSpec.of("maxpool", "features.pool0").withWindow(3, 2, 1, null)));
        String previous = "features.pool0";
        int features = initFeatures;
        for (int b = 1; b <= blocks.length; b++) {
            String block = "features.denseblock" + b;
            for (int l = 1; l <= blocks[b - 1]; l++) {
                String layer = block + ".denselayer" + l;
                layers.addAll(List.of(batchNorm(layer + ".norm1").withInputs(previous),
                        LayerSpec.of("relu", layer + ".relu1"), unbiasedConv(layer + ".conv1", bnSize * growth, 1, 1, 0),
                        batchNorm(layer + ".norm2"), LayerSpec.of("relu", layer + ".relu2"),
                        unbiasedConv(layer + ".conv2", growth, 3, 1, 1)));
                String joined = l == blocks[b - 1] ? block : layer + ".concat";
                layers.add(LayerSpec.of("concat", joined).withInputs(previous, layer + ".conv2"));
                previous = joined;
                features += growth;
            }
            if (b < blocks.length) {
                String transition = "features.transition" + b;
                features /= 2;
                layers.addAll(List.of(batchNorm(transition + ".norm"), LayerSpec.of("relu", transition + ".relu"),
                        unbiasedConv(transition + ".conv", features, 1, 1, 0),
                        LayerSpec.of("avgpool", transition + ".pool").withWindow(2, 2, null, null)));
                previous = transition + ".pool";
            }
        }
        layers.addAll(List.of(batchNorm("features.norm5"), LayerSpec.relu(), LayerSpec.of("globalavgpool", "avgpool"),
                LayerSpec.of("flatten", null), LayerSpec.linear("classifier", classes), LayerSpec.softmax("prob")));
        return layers;
    }

    private static LayerSpec unbiasedConv(String name, int out, int kernel, int stride, int pad) {
        return LayerSpec.conv(name, out, kernel, stride, pad).with(null, null, null, false, null, null, null);
    }

    private static LayerSpec batchNorm(String name) {
        return LayerSpec.of("batchnorm", name);
    }
}
