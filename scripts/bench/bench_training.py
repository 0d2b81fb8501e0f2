#!/usr/bin/env python3
"""PyTorch side of `wm nn train-bench`: the same training work as the Swift engine, timed here.

  step  --steps S : the seed model (LSTM 128 → LSTM 64 → Linear 10 on (64, 50, 100)), Adam, MSE;
                    prints {"steps_per_s": ...} over S steps after 3 warm-up steps.
  taskstep --task NAME [--n N] [--steps S] [--hidden H] : one training step of the task model (LSTM H +
                    Linear, Adam lr 3e-3, clip 1.0, batch 64) on 8 pre-generated batches, data
                    generation excluded; prints {"ms_per_step": ...} over S steps after 3 warm-up steps.
  task  --task NAME [--n N] [--max-steps M] [--hidden H] [--lr LR] [--batch B] [--init FILE] :
                    trains LSTM H + Linear read-out with Adam, clip 1.0, from the initial weights
                    in FILE (written by `wm nn train-bench tasks`, so both sides start equal), on
                    the very batches TaskTrainer draws (scripts/fixtures/task_streams.py, bit-exact),
                    tested every 100 steps on the same 512 test samples, until solved; prints
                    {"solved_step": ..., "steps": ..., "seconds": ..., "score": ...}.

Threads: --threads, default 2 (torch.set_num_threads), as the issue's reference measurements.
With 2 threads and another busy process on this 2-core machine, PyTorch's small-model steps
slow down ~20× (recall: 112 ms/step with 2 threads vs 9 ms with 1, load 4); check `uptime`.
Run: $PYTHON scripts/bench/bench_training.py step --steps 20
"""
import argparse
import json
import os
import sys
import time

import torch

# The seed model and the task streams are shared with the fixture scripts.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
from seed_model import Seed  # noqa: E402
from task_streams import SplitMix64, generator  # noqa: E402

torch.set_num_threads(2)


def bench_step(steps):
    torch.manual_seed(0)
    model = Seed()
    opt = torch.optim.Adam(model.parameters())
    x = torch.randn(64, 50, 100)
    y = torch.randn(64, 50, 10)

    def one():
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()

    for _ in range(3):
        one()
    start = time.perf_counter()
    for _ in range(steps):
        one()
    return {"steps_per_s": steps / (time.perf_counter() - start)}


TASKS = {
    # name: (F, C, sequences, loss, score, solved)
    "copy": (9, 8, True, "bce", "bit_error", lambda s: s < 0.01),
    "adding": (2, 1, False, "mse", "mse", lambda s: s < 0.01),
    "nback": (8, 1, True, "bce", "accuracy", lambda s: s > 0.95),
    "recall": (9, 6, False, "bce", "bit_error", lambda s: s < 0.01),
}


class TaskModel(torch.nn.Module):
    def __init__(self, f, c, sequences, hidden=128):
        super().__init__()
        self.lstm = torch.nn.LSTM(f, hidden, batch_first=True)
        self.dense = torch.nn.Linear(hidden, c)
        self.sequences = sequences

    def forward(self, x):
        out = self.lstm(x)[0]
        return self.dense(out if self.sequences else out[:, -1])


def task_loss(kind, p, y, mask):
    # Same as Neural's Loss: per-row mean over the last axis, then the mask-weighted mean of rows.
    if kind == "mse":
        return torch.nn.functional.mse_loss(p, y)
    if mask is None:
        return torch.nn.functional.binary_cross_entropy_with_logits(p, y)
    per = torch.nn.functional.binary_cross_entropy_with_logits(p, y, reduction="none").mean(-1)
    return (per * mask).sum() / mask.sum()


def task_score(kind, p, y, mask):
    if kind == "mse":
        return float(((p - y) ** 2).mean())
    wrong = ((p > 0).float() != (y > 0.5).float()).float()
    if mask is not None:
        err = float((wrong.mean(-1) * mask).sum() / mask.sum())
    else:
        err = float(wrong.mean())
    return 1 - err if kind == "accuracy" else err


def load_init(model, path):
    """Initial weights written by `wm nn train-bench` (checkpoint names layer0.*, layer1.*)."""
    from safetensors.torch import load_file
    state = load_file(path)
    renamed = {k.replace("layer0.", "lstm.").replace("layer1.", "dense."): v
               for k, v in state.items() if k.startswith(("layer0.", "layer1."))}
    model.load_state_dict(renamed, strict=True)


def bench_task(name, n_back, max_steps, hidden, lr, batch, init, seed=1, eval_every=100, test_samples=512):
    """TaskTrainer's protocol: training batches from SplitMix64(seed + 1000), a fixed test set of
    test_samples in batches of 128 from SplitMix64(seed + 7000000), test every eval_every steps
    and at the last step, stop once solved; the clock starts after the test set is drawn."""
    f, c, sequences, loss_kind, score_kind, solved = TASKS[name]
    gen = generator(name, n_back)
    torch.manual_seed(seed)
    model = TaskModel(f, c, sequences, hidden)
    if init:
        load_init(model, init)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    rng, test_rng = SplitMix64(seed + 1000), SplitMix64(seed + 7_000_000)
    tensor = lambda a: None if a is None else torch.from_numpy(a)  # noqa: E731
    test = [tuple(map(tensor, gen(test_rng, 128, True))) for _ in range(max(1, test_samples // 128))]
    start = time.perf_counter()
    score, step = float("nan"), 0
    for step in range(1, max_steps + 1):
        x, y, mask = map(tensor, gen(rng, batch, False))
        opt.zero_grad()
        loss = task_loss(loss_kind, model(x), y, mask)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % eval_every == 0 or step == max_steps:
            with torch.no_grad():
                score = sum(task_score(score_kind, model(tx), ty, tm) for tx, ty, tm in test) / len(test)
            if solved(score):
                return {"solved_step": step, "steps": step, "seconds": time.perf_counter() - start, "score": score}
    return {"solved_step": None, "steps": step, "seconds": time.perf_counter() - start, "score": score}


def bench_task_step(name, n_back, steps, hidden=128, seed=1):
    """One step of the task model on the 8 batches `wm nn train-bench task-step` draws
    (SplitMix64(seed + 1000)), data generation excluded."""
    f, c, sequences, loss_kind, _, _ = TASKS[name]
    gen = generator(name, n_back)
    torch.manual_seed(seed)
    model = TaskModel(f, c, sequences, hidden)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    rng = SplitMix64(seed + 1000)
    tensor = lambda a: None if a is None else torch.from_numpy(a)  # noqa: E731
    batches = [tuple(map(tensor, gen(rng, 64, False))) for _ in range(8)]

    def one(i):
        x, y, mask = batches[i % len(batches)]
        opt.zero_grad()
        loss = task_loss(loss_kind, model(x), y, mask)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    for i in range(3):
        one(i)
    start = time.perf_counter()
    for i in range(steps):
        one(i)
    return {"ms_per_step": (time.perf_counter() - start) * 1000 / steps}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["step", "task", "taskstep"])
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--task", default="adding")
    ap.add_argument("--n", type=int, default=2)
    ap.add_argument("--max-steps", type=int, default=20000)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--init", help="safetensors with the initial weights (layer0.*, layer1.*)")
    ap.add_argument("--seed", type=int, default=1, help="batches and test set (SplitMix64(seed + 1000), (seed + 7000000))")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    if a.mode == "step":
        print(json.dumps(bench_step(a.steps)))
    elif a.mode == "taskstep":
        print(json.dumps(bench_task_step(a.task, a.n, a.steps, a.hidden)))
    else:
        print(json.dumps(bench_task(a.task, a.n, a.max_steps, a.hidden, a.lr, a.batch, a.init, seed=a.seed)))


if __name__ == "__main__":
    main()
