#!/usr/bin/env python3
"""Writes Tests/NeuralTests/Fixtures/lr_schedules.safetensors: PyTorch's learning rate at every
optimizer step for the schedules `LearningRateSchedule` mirrors, stepped once per optimizer step.

Each tensor `<name>` (steps) holds `optimizer.param_groups[0]["lr"]` as PyTorch sets it before
step k (k = 0, 1, ...), for base lr `BASE`:
  step           StepLR(step_size=3, gamma=0.5)
  cosine         CosineAnnealingLR(T_max=10, eta_min=0.05·BASE), run past T_max
  warmup         LinearLR(start_factor=1/4, end_factor=1, total_iters=3)   (4 warm-up steps)
  warmup_cosine  SequentialLR([LinearLR(1/4, 1, 3), CosineAnnealingLR(10, 0.05·BASE)], milestones=[4])
  warmup_step    SequentialLR([LinearLR(1/3, 1, 2), StepLR(3, 0.5)], milestones=[3])

Our `.warmup(steps: W, then:)` is (k + 1)/W for k < W, which is LinearLR(start_factor=1/W,
total_iters=W − 1); the schedule after it restarts its count at W, as SequentialLR's milestone does.

Run:  $PYTHON scripts/make_schedule_fixtures.py
"""
import os
import warnings

import numpy as np
import torch
from safetensors.numpy import save_file

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "NeuralTests", "Fixtures")
BASE = 0.1
S = torch.optim.lr_scheduler


def lrs(make, steps):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=BASE)
    sched = make(opt)
    out = []
    for _ in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return np.array(out, dtype=np.float32)


def main():
    warnings.simplefilter("ignore")  # SequentialLR's deprecation notice about step(epoch)
    tensors = {
        "step": lrs(lambda o: S.StepLR(o, step_size=3, gamma=0.5), 12),
        "cosine": lrs(lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.05 * BASE), 25),
        "warmup": lrs(lambda o: S.LinearLR(o, start_factor=1 / 4, end_factor=1, total_iters=3), 8),
        "warmup_cosine": lrs(lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=1 / 4, end_factor=1, total_iters=3),
                                                          S.CosineAnnealingLR(o, T_max=10, eta_min=0.05 * BASE)],
                                                      milestones=[4]), 20),
        "warmup_step": lrs(lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=1 / 3, end_factor=1, total_iters=2),
                                                        S.StepLR(o, step_size=3, gamma=0.5)], milestones=[3]), 12),
    }
    for k, v in tensors.items():
        print(k, " ".join(f"{x:.5f}" for x in v))
    path = os.path.join(OUT, "lr_schedules.safetensors")
    save_file(tensors, path, metadata={"torch": torch.__version__, "base_lr": str(BASE)})
    print(f"lr_schedules: {len(tensors)} tensors, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
