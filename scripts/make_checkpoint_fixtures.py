"""Checkpoints of an earlier engine version, for CheckpointFormatTests (Tests/NeuralTests/Fixtures).

Trains two small models with `wm nn train` (the copy task with an LSTM 8, n-back with a GRU 8;
20 steps) and writes, beside each checkpoint, `wm nn predict`'s output y on a fixed input x.
Run with the `wm` built from the version whose format the tests pin:

    python3 scripts/make_checkpoint_fixtures.py --wm .build/release/wm
"""
import argparse
import json
import os
import random
import struct
import subprocess
import tempfile

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "Tests", "NeuralTests", "Fixtures")


def write(path, tensors):
    """A float32 safetensors file of {name: (shape, values)}."""
    header, blobs, offset = {}, b"", 0
    for name, (shape, values) in sorted(tensors.items()):
        data = struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs += data
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + blobs)


def read(path):
    """{name: (shape, values)} of a float32 safetensors file."""
    with open(path, "rb") as f:
        b = f.read()
    n = struct.unpack("<Q", b[:8])[0]
    header, data = json.loads(b[8 : 8 + n]), b[8 + n :]
    out = {}
    for name, v in header.items():
        if name == "__metadata__":
            continue
        lo, hi = v["data_offsets"]
        out[name] = (v["shape"], list(struct.unpack("<%df" % ((hi - lo) // 4), data[lo:hi])))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wm", required=True, help="the wm binary of the pinned version")
    args = parser.parse_args()
    random.seed(3)
    runs = [("copy_lstm", ["--task", "copy"], "copy", 9, False),
            ("nback_gru", ["--task", "nback", "--cell", "gru"], "nback-2", 8, True)]
    with tempfile.TemporaryDirectory() as tmp:
        for name, task, label, features, bits in runs:
            out = os.path.join(tmp, name)
            trained = subprocess.run([args.wm, "nn", "train", *task, "--hidden", "8", "--steps", "20",
                                      "--eval-every", "10", "--out", out], stdout=subprocess.DEVNULL)
            if trained.returncode not in (0, 2):  # 2: not solved in 20 steps, as expected
                raise SystemExit("wm nn train failed with status %d" % trained.returncode)
            checkpoint = os.path.join(out, label + ".safetensors")
            values = [float(random.randint(0, 1)) if bits else random.uniform(-1, 1) for _ in range(2 * 6 * features)]
            x = os.path.join(tmp, name + "_x.safetensors")
            y = os.path.join(tmp, name + "_y.safetensors")
            write(x, {"x": ([2, 6, features], values)})
            subprocess.run([args.wm, "nn", "predict", "--weights", checkpoint, "--layers", "layer0,layer1",
                            "--input", x, "--output", y], check=True, stdout=subprocess.DEVNULL)
            with open(checkpoint, "rb") as f, open(os.path.join(FIXTURES, "checkpoint_%s.safetensors" % name), "wb") as g:
                g.write(f.read())
            write(os.path.join(FIXTURES, "checkpoint_%s_io.safetensors" % name),
                  {"x": ([2, 6, features], values), "y": read(y)["y"]})


if __name__ == "__main__":
    main()
