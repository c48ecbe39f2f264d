"""The PyTorch side of bench/compare.sh: the same work as zfnet, on the same weights and inputs.

Usage: python3 zfnet_torch.py DIR   (DIR holds weights.safetensors, resnet50.safetensors, vgg16.safetensors and
inputs.npy written by zfnet's side; ResNet-50 and VGG-16 are torchvision's own models with those weights)
Writes DIR/torch-<workload>.npy (outputs to compare), prints "ready", then serves zfnet's side (Compare run) on
standard input: a workload's name ("forward-1", "forward-16", "deconv-1", "deconv-9", "occlusion", "gemm-gflops",
"resnet50-forward-1", "resnet50-forward-16", "vgg16-forward-1", "vgg16-forward-16", "resnet50-occlusion", "meta") gets one JSON line back with its median seconds (GFLOP/s for gemm); the end of input ends it. Asked one
workload at a time, the two sides are measured seconds apart, so the shared machine's spells hit both alike.
"""
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
import torchvision

THREADS = int(os.environ.get("ZFNET_BENCH_THREADS", "2"))
LRN = dict(size=5, alpha=1e-4, beta=0.75, k=2.0)


def load_safetensors(path):
    """Reads a safetensors file (F32 only) with numpy: 8-byte header size, JSON header, raw little-endian data."""
    with open(path, "rb") as f:
        size = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(size))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{name}: expected F32, got {info['dtype']}")
        start, end = info["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(data[start:end], dtype="<f4").reshape(info["shape"]).copy())
    return tensors


class ZFNet(torch.nn.Module):
    """Zeiler and Fergus's Fig. 3, layer for layer as zfnet's spec (ceil-mode pooling, PyTorch LRN)."""

    def __init__(self, w):
        super().__init__()
        self.w = w

    def features(self, x, keep=None):
        """Up to conv5 (after its ReLU); with keep, records what the deconvnet walks back through."""
        w = self.w
        x = F.relu(F.conv2d(x, w["conv1.weight"], w["conv1.bias"], stride=2, padding=1))
        if keep is not None:
            keep["pool1"] = x.shape[-2:]
        x, i1 = F.max_pool2d(x, 3, 2, ceil_mode=True, return_indices=True)
        x = F.local_response_norm(x, **LRN)
        c2_in = x.shape[-2:]
        x = F.relu(F.conv2d(x, w["conv2.weight"], w["conv2.bias"], stride=2))
        if keep is not None:
            keep["pool2"] = x.shape[-2:]
        x, i2 = F.max_pool2d(x, 3, 2, ceil_mode=True, return_indices=True)
        x = F.local_response_norm(x, **LRN)
        x = F.relu(F.conv2d(x, w["conv3.weight"], w["conv3.bias"], padding=1))
        x = F.relu(F.conv2d(x, w["conv4.weight"], w["conv4.bias"], padding=1))
        x = F.relu(F.conv2d(x, w["conv5.weight"], w["conv5.bias"], padding=1))
        if keep is not None:
            keep.update(i1=i1, i2=i2, c2_in=c2_in)
        return x

    def forward(self, x):
        w = self.w
        x = self.features(x)
        x = F.max_pool2d(x, 3, 2, ceil_mode=True).flatten(1)
        x = F.relu(F.linear(x, w["fc6.weight"], w["fc6.bias"]))
        x = F.relu(F.linear(x, w["fc7.weight"], w["fc7.bias"]))
        return F.linear(x, w["fc8.weight"], w["fc8.bias"])  # logits; dropout is off at inference


def unpool(s, indices, size):
    """Max unpooling that sums values sharing a switch (overlapping 3x3/2 windows), to the pooling input's size."""
    n, c = s.shape[:2]
    out = torch.zeros(n, c, size[0] * size[1], dtype=s.dtype)
    out.scatter_add_(2, indices.reshape(n, c, -1), s.reshape(n, c, -1))
    return out.reshape(n, c, size[0], size[1])


def transposed(s, weight, stride, padding, size):
    """The convolution's filters transposed, to exactly the layer's input size."""
    k = weight.shape[-1]
    extra = size[0] - ((s.shape[-2] - 1) * stride - 2 * padding + k)
    return F.conv_transpose2d(s, weight, stride=stride, padding=padding, output_padding=extra)


def deconv_projection(net, x):
    """Zeiler and Fergus's deconvnet from conv5: the input's most active channel, its single largest activation,
    walked back with switches, rectification and transposed filters (LRN passed unchanged)."""
    keep = {}
    a = net.features(x, keep)
    per_channel = a[0].flatten(1).max(1).values
    channel = int(per_channel.argmax())
    flat = a[0, channel].flatten()
    best = int(flat.argmax())
    s = torch.zeros_like(a)
    s[0, channel].view(-1)[best] = flat[best]
    w = net.w
    s = transposed(F.relu(s), w["conv5.weight"], 1, 1, a.shape[-2:])
    s = transposed(F.relu(s), w["conv4.weight"], 1, 1, a.shape[-2:])
    s = transposed(F.relu(s), w["conv3.weight"], 1, 1, a.shape[-2:])
    s = unpool(s, keep["i2"], keep["pool2"])
    s = transposed(F.relu(s), w["conv2.weight"], 2, 0, keep["c2_in"])
    s = unpool(s, keep["i1"], keep["pool1"])
    return transposed(F.relu(s), w["conv1.weight"], 2, 1, x.shape[-2:])


def occlusion_naive(net, x, patch, stride, batch):
    """Captum's Occlusion: every occluded copy through the whole network, `batch` copies per forward pass."""
    target = int(net(x).argmax(1))
    h, w = x.shape[-2:]
    ys = list(range(0, h - patch + 1, stride))
    xs = list(range(0, w - patch + 1, stride))
    positions = [(y, z) for y in ys for z in xs]
    probability = torch.empty(len(positions))
    for start in range(0, len(positions), batch):
        chunk = positions[start:start + batch]
        copies = x.repeat(len(chunk), 1, 1, 1)
        for j, (y, z) in enumerate(chunk):
            copies[j, :, y:y + patch, z:z + patch] = 0.0
        probability[start:start + len(chunk)] = F.softmax(net(copies), 1)[:, target]
    return probability.reshape(len(ys), len(xs))


def torchvision_model(name, folder):
    """torchvision's model with zfnet's weights (which leave out batch normalisation's num_batches_tracked)."""
    model = getattr(torchvision.models, name)()
    missing, unexpected = model.load_state_dict(load_safetensors(os.path.join(folder, f"{name}.safetensors")),
                                                strict=False)
    if unexpected or any(not k.endswith("num_batches_tracked") for k in missing):
        raise SystemExit(f"zfnet_torch.py: {name}: missing {missing}, unexpected {unexpected}")
    return model.eval()


def median_seconds(work, warmup, runs):
    for _ in range(warmup):
        work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(folder):
    torch.set_num_threads(THREADS)
    torch.set_grad_enabled(False)
    net = ZFNet(load_safetensors(os.path.join(folder, "weights.safetensors"))).eval()
    inputs = torch.from_numpy(np.load(os.path.join(folder, "inputs.npy")))
    one, sixteen, nine = inputs[:1].contiguous(), inputs[:16].contiguous(), inputs[:9].contiguous()

    def deconv_nine():
        return torch.cat([deconv_projection(net, nine[i:i + 1]) for i in range(9)])

    # Captum's batch: the faster of 16 and 32 copies per forward pass, chosen once
    batch = min((16, 32), key=lambda b: median_seconds(lambda: occlusion_naive(net, one, 48, 8, b), 0, 1))
    outputs = {"forward-16": net(sixteen), "deconv-1": deconv_projection(net, one), "deconv-9": deconv_nine(),
               "occlusion": occlusion_naive(net, one, 48, 8, batch)}
    for name, value in outputs.items():
        np.save(os.path.join(folder, f"torch-{name}.npy"), value.numpy().astype(np.float32))

    resnet50, vgg16 = torchvision_model("resnet50", folder), torchvision_model("vgg16", folder)
    outputs = {"resnet50-forward-16": resnet50(sixteen), "vgg16-forward-16": vgg16(sixteen),
               "resnet50-occlusion": occlusion_naive(resnet50, one, 48, 8, batch)}
    for name, value in outputs.items():
        np.save(os.path.join(folder, f"torch-{name}.npy"), value.numpy().astype(np.float32))

    n = 4096
    a, b, c = torch.randn(n, n), torch.randn(n, n), torch.empty(n, n)
    work = {
        "forward-1": lambda: median_seconds(lambda: net(one), 3, 15),
        "forward-16": lambda: median_seconds(lambda: net(sixteen), 2, 7),
        "deconv-1": lambda: median_seconds(lambda: deconv_projection(net, one), 3, 11),
        "deconv-9": lambda: median_seconds(deconv_nine, 1, 5),
        "occlusion": lambda: median_seconds(lambda: occlusion_naive(net, one, 48, 8, batch), 0, 3),
        "resnet50-forward-1": lambda: median_seconds(lambda: resnet50(one), 2, 9),
        "resnet50-forward-16": lambda: median_seconds(lambda: resnet50(sixteen), 1, 3),
        "vgg16-forward-1": lambda: median_seconds(lambda: vgg16(one), 2, 7),
        "vgg16-forward-16": lambda: median_seconds(lambda: vgg16(sixteen), 1, 3),
        "resnet50-occlusion": lambda: median_seconds(lambda: occlusion_naive(resnet50, one, 48, 8, batch), 0, 1),
        "gemm-gflops": lambda: 2 * n ** 3 / median_seconds(lambda: torch.mm(a, b, out=c), 1, 5) / 1e9,
        "meta": lambda: {"torch": torch.__version__, "threads": torch.get_num_threads(), "occlusion-batch": batch},
    }
    print("ready", flush=True)
    for line in sys.stdin:
        name = line.strip()
        if name not in work:
            raise SystemExit(f"zfnet_torch.py: unknown workload {name!r}")
        print(json.dumps({name: work[name]()}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
