#!/usr/bin/python3
"""Fixtures for TorchvisionSpecsTest, made with torchvision 0.14 (Debian's python3-torchvision); the build never runs this.

Writes under zfnet-model/src/test/resources/org/zfnet/model/internal/torchvision/:
  state-dicts.json  for each full-size model: its state dict's names and shapes (num_batches_tracked left out), the
                    number of its parameters (model.parameters()) and the multiply-adds of its Conv2d and Linear
                    modules on one 3x224x224 image (counted by forward hooks);
  <name>.npz        a reduced-width version of a torchvision architecture with random weights and randomised batch
                    normalisation statistics (num_batches_tracked left out), and
  parity.json       its input size and PyTorch's logits on the input fixed_input makes (TorchvisionSpecsTest.input makes the same).

The reduced models are torchvision's modules (Fire, BasicBlock, Bottleneck, InvertedResidual, _DenseBlock, ...) at
small widths; where torchvision hard-codes a width (AlexNet, VGG's classifier, SqueezeNet, ResNet's 64-512 planes,
MobileNetV2's 1280 last channels) the same Sequential is built at a smaller width under the same module names, and the
model's own forward() runs it.

Re-run from the repository root:  /usr/bin/python3 zfnet-model/src/test/python/torchvision_fixtures.py
"""
import json
import os

import numpy as np
import torch
import torchvision
from torch import nn
from torchvision.models import resnet, squeezenet, vgg

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "zfnet", "model", "internal", "torchvision")

FULL = {
    "alexnet": torchvision.models.alexnet,
    "vgg16": torchvision.models.vgg16,
    "vgg16_bn": torchvision.models.vgg16_bn,
    "resnet18": torchvision.models.resnet18,
    "resnet34": torchvision.models.resnet34,
    "resnet50": torchvision.models.resnet50,
    "resnet101": torchvision.models.resnet101,
    "squeezenet1_1": torchvision.models.squeezenet1_1,
    "mobilenet_v2": torchvision.models.mobilenet_v2,
    "densenet121": torchvision.models.densenet121,
}


def fixed_input(c, h, w):
    """The input zfnet's test makes the same way: ((i * 7919) mod 2003) / 1001 - 1 for i in C, H, W order."""
    i = np.arange(c * h * w, dtype=np.int64)
    return torch.from_numpy((((i * 7919) % 2003) / 1001.0 - 1.0).astype(np.float32).reshape(1, c, h, w))


def state(model):
    return {k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}


def full_listing():
    listing = {}
    for name, make in FULL.items():
        torch.manual_seed(0)
        model = make().eval()
        macs = [0]

        def hook(m, inputs, output):
            if isinstance(m, nn.Conv2d):
                macs[0] += output.numel() * m.in_channels // m.groups * m.kernel_size[0] * m.kernel_size[1]
            else:
                macs[0] += m.in_features * m.out_features

        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                m.register_forward_hook(hook)
        with torch.no_grad():
            model(torch.zeros(1, 3, 224, 224))
        listing[name] = {
            "parameters": sum(p.numel() for p in model.parameters()),
            "macs": macs[0],
            "state_dict": [[k, list(v.shape)] for k, v in state(model).items()],
        }
    return listing


class NarrowResNet(resnet.ResNet):
    """torchvision's ResNet with planes width, 2 width, 4 width, 8 width instead of 64, 128, 256, 512."""

    def __init__(self, block, layers, width, num_classes):
        nn.Module.__init__(self)
        self._norm_layer = nn.BatchNorm2d
        self.inplanes, self.dilation, self.groups, self.base_width = width, 1, 1, 64
        self.conv1 = nn.Conv2d(3, width, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, width, layers[0])
        self.layer2 = self._make_layer(block, 2 * width, layers[1], stride=2)
        self.layer3 = self._make_layer(block, 4 * width, layers[2], stride=2)
        self.layer4 = self._make_layer(block, 8 * width, layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(8 * width * block.expansion, num_classes)


def alexnet(convs, hidden, classes):
    m = torchvision.models.alexnet(num_classes=classes)
    m.features = nn.Sequential(
        nn.Conv2d(3, convs[0], 11, 4, 2), nn.ReLU(True), nn.MaxPool2d(3, 2),
        nn.Conv2d(convs[0], convs[1], 5, padding=2), nn.ReLU(True), nn.MaxPool2d(3, 2),
        nn.Conv2d(convs[1], convs[2], 3, padding=1), nn.ReLU(True),
        nn.Conv2d(convs[2], convs[3], 3, padding=1), nn.ReLU(True),
        nn.Conv2d(convs[3], convs[4], 3, padding=1), nn.ReLU(True), nn.MaxPool2d(3, 2))
    m.classifier = nn.Sequential(
        nn.Dropout(), nn.Linear(convs[4] * 36, hidden), nn.ReLU(True),
        nn.Dropout(), nn.Linear(hidden, hidden), nn.ReLU(True), nn.Linear(hidden, classes))
    return m


def vgg16(widths, hidden, classes, batch_norm):
    cfg = []
    for width, convs in zip(widths, [2, 2, 3, 3, 3]):
        cfg += [width] * convs + ["M"]
    m = vgg.VGG(vgg.make_layers(cfg, batch_norm=batch_norm), num_classes=classes)
    m.classifier = nn.Sequential(
        nn.Linear(widths[-1] * 49, hidden), nn.ReLU(True), nn.Dropout(),
        nn.Linear(hidden, hidden), nn.ReLU(True), nn.Dropout(), nn.Linear(hidden, classes))
    return m


def squeezenet1_1(divisor, classes):
    m = torchvision.models.squeezenet1_1(num_classes=classes)
    d = lambda c: c // divisor
    fire = lambda i, s, e: squeezenet.Fire(d(i), d(s), d(e), d(e))
    m.features = nn.Sequential(
        nn.Conv2d(3, d(64), kernel_size=3, stride=2), nn.ReLU(True), nn.MaxPool2d(3, 2, ceil_mode=True),
        fire(64, 16, 64), fire(128, 16, 64), nn.MaxPool2d(3, 2, ceil_mode=True),
        fire(128, 32, 128), fire(256, 32, 128), nn.MaxPool2d(3, 2, ceil_mode=True),
        fire(256, 48, 192), fire(384, 48, 192), fire(384, 64, 256), fire(512, 64, 256))
    m.classifier[1] = nn.Conv2d(d(512), classes, kernel_size=1)
    return m


def mobilenet_v2(width_mult, round_nearest, last_channel, classes):
    m = torchvision.models.mobilenet_v2(num_classes=classes, width_mult=width_mult, round_nearest=round_nearest)
    before = m.features[-2].out_channels
    m.features[-1] = torchvision.ops.misc.Conv2dNormActivation(before, last_channel, kernel_size=1,
                                                              activation_layer=nn.ReLU6)
    m.classifier[1] = nn.Linear(last_channel, classes)
    return m


# name -> (input [C, H, W], the reduced model); the Java test builds the same with TorchvisionSpecs
REDUCED = {
    "alexnet": ([3, 224, 224], lambda: alexnet([8, 12, 16, 12, 8], 16, 10)),
    "vgg16": ([3, 224, 224], lambda: vgg16([4, 6, 8, 8, 8], 16, 10, False)),
    "vgg16_bn": ([3, 224, 224], lambda: vgg16([4, 6, 8, 8, 8], 16, 10, True)),
    "resnet18": ([3, 64, 64], lambda: NarrowResNet(resnet.BasicBlock, [2, 2, 2, 2], 2, 10)),
    "resnet50": ([3, 64, 64], lambda: NarrowResNet(resnet.Bottleneck, [3, 4, 6, 3], 2, 10)),
    "squeezenet1_1": ([3, 64, 64], lambda: squeezenet1_1(8, 10)),
    "mobilenet_v2": ([3, 64, 64], lambda: mobilenet_v2(0.05, 2, 16, 10)),
    # DenseNet-121's blocks (6, 12, 24, 16) would make a file of 270 kB at any width (1,000 small tensors)
    "densenet": ([3, 64, 64], lambda: torchvision.models.densenet.DenseNet(
        growth_rate=2, block_config=(2, 3, 4, 2), num_init_features=8, bn_size=2, num_classes=10)),
}


def randomise(model, generator):
    """Biases that are not zero and batch normalisation that changes every channel (torchvision initialises biases
    to zero, so that SqueezeNet's last ReLU zeroes most logits, and batch normalisation to the
    identity)."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                if m.bias is not None:
                    m.bias.copy_(0.2 * (torch.rand(m.bias.shape, generator=generator) - 0.5))
            if isinstance(m, nn.BatchNorm2d):
                n = m.num_features
                m.weight.copy_(0.5 + torch.rand(n, generator=generator))
                m.bias.copy_(0.2 * (torch.rand(n, generator=generator) - 0.5))
                m.running_mean.copy_(0.2 * (torch.rand(n, generator=generator) - 0.5))
                m.running_var.copy_(0.5 + torch.rand(n, generator=generator))


def reduced_fixtures():
    parity = {}
    for name, (shape, make) in REDUCED.items():
        torch.manual_seed(1)
        model = make().eval()
        randomise(model, torch.Generator().manual_seed(2))
        with torch.no_grad():
            logits = model(fixed_input(*shape))[0]
        np.savez_compressed(os.path.join(OUT, name + ".npz"), **{k: v.numpy() for k, v in state(model).items()})
        parity[name] = {"input": shape, "logits": [float(v) for v in logits]}
        print(name, sum(v.numel() for v in state(model).values()), "values, logits", logits[:3].tolist())
    return parity


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    with open(os.path.join(OUT, "parity.json"), "w") as f:
        json.dump(reduced_fixtures(), f, indent=1)
        f.write("\n")
    with open(os.path.join(OUT, "state-dicts.json"), "w") as f:
        json.dump(full_listing(), f, separators=(",", ":"))
        f.write("\n")
