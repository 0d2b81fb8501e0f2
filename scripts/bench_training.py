#!/usr/bin/env python3
"""PyTorch side of `wm nn train-bench`: the same training work as the Swift engine, timed here.

  step  --steps S : the seed model (LSTM 128 → LSTM 64 → Linear 10 on (64, 50, 100)), Adam, MSE;
                    prints {"steps_per_s": ...} over S steps after 3 warm-up steps.
  taskstep --task NAME [--n N] [--steps S] : one training step of the task model (LSTM 128 +
                    Linear, Adam lr 3e-3, clip 1.0, batch 64) on 8 pre-generated batches, data
                    generation excluded; prints {"ms_per_step": ...} over S steps after 3 warm-up steps.
  task  --task NAME [--n N] [--max-steps M] : trains LSTM 128 + Linear read-out with Adam lr 3e-3,
                    clip 1.0, batch 64 on fresh batches of the same task distributions as
                    Sources/Neural/Training/Tasks (evaluated every 100 steps on 512 test samples)
                    until solved; prints {"solved_step": ..., "seconds": ..., "score": ...}.

Threads: 2 (torch.set_num_threads), as the issue's reference measurements.
Run: /root/venv-ref/bin/python scripts/bench_training.py step --steps 20
"""
import argparse
import json
import time

import numpy as np
import torch

torch.set_num_threads(2)


class Seed(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm1 = torch.nn.LSTM(100, 128, batch_first=True)
        self.lstm2 = torch.nn.LSTM(128, 64, batch_first=True)
        self.dense = torch.nn.Linear(64, 10)

    def forward(self, x):
        return self.dense(self.lstm2(self.lstm1(x)[0])[0])


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


# Task generators: batch-first (N, T, F) versions of the Swift ones (same distributions).
def copy_batch(rng, n, test):
    lengths = np.full(n, 20) if test else rng.integers(1, 21, n)
    steps = 2 * int(lengths.max()) + 1
    x = np.zeros((n, steps, 9), np.float32)
    y = np.zeros((n, steps, 8), np.float32)
    mask = np.zeros((n, steps), np.float32)
    for s, length in enumerate(lengths):
        bits = (rng.random((length, 8)) >= 0.5).astype(np.float32)
        x[s, :length, :8] = bits
        x[s, length, 8] = 1
        y[s, length + 1:2 * length + 1] = bits
        mask[s, length + 1:2 * length + 1] = 1
    return x, y, mask


def adding_batch(rng, n, test, steps=100):
    half = steps // 2
    x = np.zeros((n, steps, 2), np.float32)
    x[:, :, 0] = rng.random((n, steps))
    a = rng.integers(0, half, n)
    b = half + rng.integers(0, steps - half, n)
    x[np.arange(n), a, 1] = 1
    x[np.arange(n), b, 1] = 1
    y = (x[:, :, 0] * x[:, :, 1]).sum(1, keepdims=True).astype(np.float32)
    return x, y, None


def nback_batch(rng, n, test, k=2, steps=30, symbols=8):
    seq = np.zeros((n, steps), np.int64)
    for t in range(steps):
        fresh = rng.integers(0, symbols, n)
        if t >= k:
            repeat = rng.random(n) < 0.5
            seq[:, t] = np.where(repeat, seq[:, t - k], fresh)
        else:
            seq[:, t] = fresh
    x = np.eye(symbols, dtype=np.float32)[seq]
    y = np.zeros((n, steps, 1), np.float32)
    y[:, k:, 0] = (seq[:, k:] == seq[:, :-k]).astype(np.float32)
    mask = np.zeros((n, steps), np.float32)
    mask[:, k:] = 1
    return x, y, mask


def recall_batch(rng, n, test, pairs=6, bits=6):
    steps = 2 * pairs + 1
    x = np.zeros((n, steps, bits + 3), np.float32)
    y = np.zeros((n, bits), np.float32)
    powers = 1 << np.arange(bits)
    for s in range(n):
        keys = rng.choice(1 << bits, pairs, replace=False)
        values = rng.integers(0, 1 << bits, pairs)
        for i in range(pairs):
            x[s, 2 * i, :bits] = (keys[i] & powers) > 0
            x[s, 2 * i, bits] = 1
            x[s, 2 * i + 1, :bits] = (values[i] & powers) > 0
            x[s, 2 * i + 1, bits + 1] = 1
        q = rng.integers(0, pairs)
        x[s, 2 * pairs, :bits] = (keys[q] & powers) > 0
        x[s, 2 * pairs, bits + 2] = 1
        y[s] = (values[q] & powers) > 0
    return x, y, None


TASKS = {
    # name: (generator, F, C, sequences, loss, score, solved)
    "copy": (copy_batch, 9, 8, True, "bce", "bit_error", lambda s: s < 0.01),
    "adding": (adding_batch, 2, 1, False, "mse", "mse", lambda s: s < 0.01),
    "nback": (nback_batch, 8, 1, True, "bce", "accuracy", lambda s: s > 0.95),
    "recall": (recall_batch, 9, 6, False, "bce", "bit_error", lambda s: s < 0.01),
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


def bench_task(name, n_back, max_steps, seed=1):
    gen, f, c, sequences, loss_kind, score_kind, solved = TASKS[name]
    if name == "nback":
        base = gen
        gen = lambda rng, n, test: base(rng, n, test, k=n_back)  # noqa: E731
    torch.manual_seed(seed)
    model = TaskModel(f, c, sequences)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    rng = np.random.default_rng(seed + 1000)
    test_rng = np.random.default_rng(seed + 7_000_000)
    tensor = lambda a: None if a is None else torch.from_numpy(a)  # noqa: E731
    test = [tuple(map(tensor, gen(test_rng, 128, True))) for _ in range(4)]
    start = time.perf_counter()
    score = float("nan")
    for step in range(1, max_steps + 1):
        x, y, mask = map(tensor, gen(rng, 64, False))
        opt.zero_grad()
        loss = task_loss(loss_kind, model(x), y, mask)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % 100 == 0 or step == max_steps:
            with torch.no_grad():
                score = sum(task_score(score_kind, model(tx), ty, tm) for tx, ty, tm in test) / len(test)
            if solved(score):
                return {"solved_step": step, "seconds": time.perf_counter() - start, "score": score}
    return {"solved_step": None, "seconds": time.perf_counter() - start, "score": score}


def bench_task_step(name, n_back, steps, seed=1):
    gen, f, c, sequences, loss_kind, _, _ = TASKS[name]
    torch.manual_seed(seed)
    model = TaskModel(f, c, sequences)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    rng = np.random.default_rng(seed + 1000)
    kw = {"k": n_back} if name == "nback" else {}
    tensor = lambda a: None if a is None else torch.from_numpy(a)  # noqa: E731
    batches = [tuple(map(tensor, gen(rng, 64, False, **kw))) for _ in range(8)]

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
    a = ap.parse_args()
    if a.mode == "step":
        print(json.dumps(bench_step(a.steps)))
    elif a.mode == "taskstep":
        print(json.dumps(bench_task_step(a.task, a.n, a.steps)))
    else:
        print(json.dumps(bench_task(a.task, a.n, a.max_steps)))


if __name__ == "__main__":
    main()
