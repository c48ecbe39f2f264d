"""Writes the PyTorch fixtures of TorchFilesTest and the seeds of TorchFilesFuzzTest (PyTorch 1.13, numpy).

Re-run from the repository root with Debian's python3-torch: /usr/bin/python3 formats/src/test/python/torch_fixtures.py
Valid files come with <name>.npz, their tensors as numpy arrays (float32, or int64), which the reader must give
exactly. The hostile files would run `touch /tmp/zfnet-pwned` if unpickled by torch.load(weights_only=False).
"""
import collections
import io
import os
import pickle
import zipfile

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.join(HERE, "..", "resources", "org", "zfnet", "formats")
SEEDS = os.path.join(RES, "TorchFilesFuzzTestInputs", "read")
EXPECTED = os.path.join(RES, "torch-expected")
MARKER = "touch /tmp/zfnet-pwned"


def save(name, state, expected=True):
    path = os.path.join(SEEDS, name)
    torch.save(state, path)
    if expected:
        arrays = {k: (v.numpy() if v.dtype == torch.int64 else v.detach().float().numpy()) for k, v in state.items()}
        np.savez(os.path.join(EXPECTED, name + ".npz"), **arrays)
    return path


def archive(name, pickle_bytes, storages, folder="archive", extra=()):
    """A zip laid out as torch.save lays it out, with the given data.pkl and storages."""
    with zipfile.ZipFile(os.path.join(SEEDS, name), "w", zipfile.ZIP_STORED) as z:
        z.writestr(folder + "/data.pkl", pickle_bytes)
        for entry, data in extra:
            z.writestr(folder + "/" + entry, data)
        for key, data in storages.items():
            z.writestr(folder + "/data/" + key, data)
        z.writestr(folder + "/version", "3\n")


class Storage:
    def __init__(self, key, numel, kind=torch.FloatStorage):
        self.key, self.numel, self.kind = key, numel, kind


class Tensor:
    """Pickles as torch pickles a tensor: _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())."""

    def __init__(self, storage, offset, size, stride):
        self.args = (storage, offset, tuple(size), tuple(stride), False, collections.OrderedDict())

    def __reduce__(self):
        return torch._utils._rebuild_tensor_v2, self.args


class CraftingPickler(pickle.Pickler):
    def __init__(self, out, pid=None):
        super().__init__(out, protocol=2)
        self.pid = pid

    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return self.pid(obj) if self.pid else ("storage", obj.kind, obj.key, "cpu", obj.numel)
        return None


def crafted(obj, pid=None):
    out = io.BytesIO()
    CraftingPickler(out, pid).dump(obj)
    return out.getvalue()


class OsSystem:
    def __reduce__(self):
        return os.system, (MARKER,)


class Eval:
    def __reduce__(self):
        return eval, ("__import__('os').system('" + MARKER + "')",)


def main():
    os.makedirs(SEEDS, exist_ok=True)
    os.makedirs(EXPECTED, exist_ok=True)
    torch.manual_seed(17)

    # a conv / batch norm / linear state dict, as torch.save(model.state_dict()) writes it
    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(4, 2))
    with torch.no_grad():
        model[1].running_mean.uniform_(-1, 1)
        model[1].running_var.uniform_(0.5, 2)
        model[1].num_batches_tracked.fill_(1234)
    save("valid-state-dict", model.state_dict())

    # dtypes, a parameter, views at an offset, with strides, and two names for one view
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6) / 8
    state = collections.OrderedDict()
    state["half"] = torch.randn(2, 3).half()
    state["bfloat"] = torch.randn(5).bfloat16()
    state["double"] = torch.randn(3, 1, dtype=torch.float64)
    state["param"] = nn.Parameter(torch.randn(2, 2))
    state["row"] = base[1]             # offset 6
    state["column"] = base[2:, 1]      # offset 13, stride 6
    state["block"] = base[:2, 3:5]     # offset 3, strides (6, 1)
    state["block.again"] = state["block"]
    state["steps"] = torch.tensor([3, -1, 2 ** 40])
    save("valid-views-and-dtypes", state)

    # hostile: a state dict with an entry that calls os.system when unpickled (GLOBAL posix system + REDUCE)
    save("evil-os-system", {"conv.weight": torch.ones(2, 2), "x": OsSystem()}, expected=False)
    save("evil-eval", {"x": Eval()}, expected=False)
    # INST: the protocol 0 way to call a class (here a function) with the values after MARK
    inst = b"\x80\x02(X" + len(MARKER).to_bytes(4, "little") + MARKER.encode() + b"ios\nsystem\n."
    archive("evil-inst", inst, {})
    # an allowed global called as a function: storage types are only names in persistent ids
    archive("evil-storage-call", b"\x80\x02ctorch\nFloatStorage\n)R.", {})
    torch.save({"w": torch.ones(2)}, os.path.join(SEEDS, "legacy-format"), _use_new_zipfile_serialization=False)

    # broken files
    good = open(os.path.join(SEEDS, "valid-state-dict"), "rb").read()
    open(os.path.join(SEEDS, "truncated"), "wb").write(good[: len(good) // 2])
    s = Storage("0", 4)
    archive("wrong-storage-size", crafted({"w": Tensor(s, 0, [4], [1])}), {"0": b"\0" * 12})
    archive("storage-missing", crafted({"w": Tensor(s, 0, [4], [1])}), {})
    archive("bad-persistent-id", crafted({"w": Tensor(s, 0, [4], [1])}, pid=lambda o: ("storage", o.kind, 0)),
            {"0": b"\0" * 16})
    archive("huge-numel", crafted({"w": Tensor(Storage("0", 2 ** 40), 0, [2 ** 40], [1])}), {"0": b"\0" * 16})
    archive("huge-shape", crafted({"w": Tensor(s, 0, [2 ** 20, 2 ** 20], [0, 0])}), {"0": b"\0" * 16})
    archive("view-beyond-storage", crafted({"w": Tensor(s, 2, [4], [1])}), {"0": b"\0" * 16})
    archive("big-endian", crafted({"w": Tensor(s, 0, [4], [1])}), {"0": b"\0" * 16}, extra=[("byteorder", "big")])
    archive("not-a-state-dict", crafted({"epoch": 3}), {})


if __name__ == "__main__":
    main()
