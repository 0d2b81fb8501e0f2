#!/usr/bin/env python3
"""Writes Tests/NeuralTests/Fixtures/task_streams.safetensors: the first batches of every
working-memory task as scripts/task_streams.py (the PyTorch side of `wm nn train-bench tasks`)
generates them, so TaskStreamParityTests proves that both sides train and test on the same data.

Per task (adding, copy, nback2, nback3, recall), from the seeds TaskTrainer uses with seed 1:
  <task>.train<i>.{x,y,mask}  the first two training batches of 5 samples, seed 1001;
  <task>.test.{x,y,mask}      the first test batch of 5 samples, seed 7000001.
Batch-first (N, T, F); mask (N, T) only for the masked tasks.
Run: $PYTHON scripts/make_task_fixtures.py
"""
import os

from safetensors.numpy import save_file

from task_streams import SplitMix64, generator

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "NeuralTests", "Fixtures", "task_streams.safetensors")


def main():
    tensors = {}
    for name, base, k in [("adding", "adding", 2), ("copy", "copy", 2), ("nback2", "nback", 2),
                          ("nback3", "nback", 3), ("recall", "recall", 2)]:
        gen = generator(base, k)
        rng, test_rng = SplitMix64(1001), SplitMix64(7_000_001)
        batches = [("train0", gen(rng, 5, False)), ("train1", gen(rng, 5, False)),
                   ("test", gen(test_rng, 5, True))]
        for label, (x, y, mask) in batches:
            tensors[f"{name}.{label}.x"] = x
            tensors[f"{name}.{label}.y"] = y
            if mask is not None:
                tensors[f"{name}.{label}.mask"] = mask
    save_file(tensors, OUT)
    print(f"wrote {os.path.normpath(OUT)}: {len(tensors)} tensors, {os.path.getsize(OUT)} bytes")


if __name__ == "__main__":
    main()
