"""Writes pth-net: a small conv / batch norm / linear network as a spec, its torch.save(model.state_dict()) file and
PyTorch's outputs on a fixed input, for WeightsTest (zfnet-model) and HostileInputIT (launcher), which also takes
formats' hostile evil-os-system seed (formats/src/test/python/torch_fixtures.py) as evil.pth.

Re-run from the repository root with Debian's python3-torch: /usr/bin/python3 zfnet-model/src/test/python/pth_net.py
"""
import json
import os
import shutil

import numpy as np
import torch
import torch.nn as nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..")
MODEL = os.path.join(ROOT, "zfnet-model", "src", "test", "resources", "org", "zfnet", "model")
LAUNCHER = os.path.join(ROOT, "launcher", "src", "test", "resources", "org", "zfnet", "launcher", "it")
EVIL = os.path.join(ROOT, "formats", "src", "test", "resources", "org", "zfnet", "formats", "TorchFilesFuzzTestInputs",
                    "read", "evil-os-system")

SPEC = {
    "name": "pth-net",
    "description": "a convolution, batch normalisation and a linear layer, named as torch.nn.Sequential names them",
    "input": [3, 8, 8],
    "layers": [
        {"type": "conv", "name": "features.0", "out": 4, "kernel": 3, "stride": 1, "pad": 1},
        {"type": "batchnorm", "name": "features.1"},
        {"type": "relu", "name": "features.2"},
        {"type": "flatten", "name": "flatten"},
        {"type": "linear", "name": "classifier", "out": 5},
        {"type": "softmax", "name": "prob"},
    ],
}


def main():
    torch.manual_seed(3)
    model = nn.Sequential()
    model.add_module("features", nn.Sequential(nn.Conv2d(3, 4, 3, 1, 1), nn.BatchNorm2d(4), nn.ReLU()))
    model.add_module("flatten", nn.Flatten())
    model.add_module("classifier", nn.Linear(4 * 8 * 8, 5))
    with torch.no_grad():
        bn = model.features[1]
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.uniform_(-0.5, 0.5)
        bn.running_mean.uniform_(-0.2, 0.2)
        bn.running_var.uniform_(0.5, 2)
        bn.num_batches_tracked.fill_(100)
    model.eval()
    os.makedirs(MODEL, exist_ok=True)
    os.makedirs(LAUNCHER, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(MODEL, "pth-net.pth"))
    with open(os.path.join(MODEL, "pth-net.json"), "w") as f:
        json.dump(SPEC, f, indent=2)
    x = torch.rand(2, 3, 8, 8)
    with torch.no_grad():
        logits = model(x)
    np.savez(os.path.join(MODEL, "pth-net.expected.npz"), x=x.numpy(), classifier=logits.numpy(),
             prob=torch.softmax(logits, 1).numpy())
    for name in ("pth-net.pth", "pth-net.json"):
        shutil.copy(os.path.join(MODEL, name), os.path.join(LAUNCHER, name))
    shutil.copy(EVIL, os.path.join(LAUNCHER, "evil.pth"))


if __name__ == "__main__":
    main()
