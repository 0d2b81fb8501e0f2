#!/usr/bin/env python3
"""PyTorch side of `wm nn bench`: times the same four cases in eager mode and prints JSON lines.

Cases, all float32 on the CPU, inside torch.inference_mode():
  seed_forward  the seed model LSTM(128) -> LSTM(64) -> Linear(10) on x [1, 10, 100]
  streaming     the same model, one timestep [1, 1, 100] per call, (h, c) of both LSTMs carried
  lstm_batch    nn.LSTM(100, 256, num_layers=2) on x [256, 100, 100]
  gru_batch     nn.GRU(100, 256, num_layers=2) on the same x
Each case is run after a warm-up; the median of the repeats is printed (seconds per call).

Usage: python scripts/bench/bench_torch.py [--threads 2,default] [--quick] [--cases seed_forward,...] [--gemm]
Output: one JSON object per line: {"case", "threads", "median_s", "best_s", "repeats", "torch"}.
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn


class SeedModel(nn.Module):
    """Sequential([LSTM(128, return_sequences=True), LSTM(64, return_sequences=True), TimeDistributed(Dense(10))])."""

    def __init__(self):
        super().__init__()
        self.lstm1 = nn.LSTM(100, 128, batch_first=True)
        self.lstm2 = nn.LSTM(128, 64, batch_first=True)
        self.dense = nn.Linear(64, 10)

    def forward(self, x, state=None):
        s1, s2 = state if state is not None else (None, None)
        y, s1 = self.lstm1(x, s1)
        y, s2 = self.lstm2(y, s2)
        return self.dense(y), (s1, s2)


def median_time(fn, warmup, repeats, inner=1):
    """(median seconds of one call, calls timed, best sample); each sample times `inner` calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - t0) / inner)
    return statistics.median(samples), repeats * inner, min(samples)


def run_cases(quick, cases):
    torch.manual_seed(0)
    results = {}
    seed = SeedModel().eval()
    x_seed = torch.randn(1, 10, 100)
    if "seed_forward" in cases:
        results["seed_forward"] = median_time(lambda: seed(x_seed), 50, 20 if quick else 100, 10)

    x_step = torch.randn(1, 1, 100)
    state = [None]

    def step():
        y, state[0] = seed(x_step, state[0])
        return y

    if "streaming" in cases:
        results["streaming"] = median_time(step, 200, 20 if quick else 100, 20)

    x_big = torch.randn(256, 100, 100)
    if "lstm_batch" in cases:
        lstm = nn.LSTM(100, 256, num_layers=2, batch_first=True).eval()
        results["lstm_batch"] = median_time(lambda: lstm(x_big), 2, 3 if quick else 10)
    if "gru_batch" in cases:
        gru = nn.GRU(100, 256, num_layers=2, batch_first=True).eval()
        results["gru_batch"] = median_time(lambda: gru(x_big), 2, 3 if quick else 10)
    return results


# The SGEMM shapes of `wm nn bench --kernels` (label, m, n, k), timed as torch.mm.
GEMM_SHAPES = [
    ("recurrent step N=256", 256, 1024, 256),
    ("recurrent step N=128", 128, 1024, 256),
    ("input projection", 25600, 1024, 100),
    ("stream GEMV layer 1", 1, 512, 228),
    ("stream GEMV layer 2", 1, 256, 192),
    ("seed projection T=10", 10, 512, 100),
]


def run_gemm(quick):
    """torch.mm on the engine's shapes: {label: seconds}."""
    out = {}
    for label, m, n, k in GEMM_SHAPES:
        a, b = torch.randn(m, k), torch.randn(k, n)
        c = torch.empty(m, n)
        flops = 2.0 * m * n * k
        inner = max(1, int(2e7 / flops))
        out[label] = median_time(lambda: torch.mm(a, b, out=c), 3, 5 if quick or flops > 1e9 else 30, inner)[0]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", default="2,default",
                        help="comma list of thread counts; 'default' keeps torch's own choice")
    parser.add_argument("--quick", action="store_true", help="fewer repeats (smoke test)")
    parser.add_argument("--gemm", action="store_true",
                        help="time torch.mm on the SGEMM shapes instead of the model cases")
    parser.add_argument("--cases", default="seed_forward,streaming,lstm_batch,gru_batch",
                        help="comma list of cases to run")
    args = parser.parse_args()
    default_threads = torch.get_num_threads()
    for spec in args.threads.split(","):
        threads = default_threads if spec == "default" else int(spec)
        torch.set_num_threads(threads)
        with torch.inference_mode():
            if args.gemm:
                for label, seconds in run_gemm(args.quick).items():
                    print(json.dumps({"gemm": label, "threads": spec if spec == "default" else threads,
                                      "num_threads": threads, "median_s": seconds}), flush=True)
                continue
            results = run_cases(args.quick, set(args.cases.split(",")))
        for case, (median_s, repeats, best_s) in results.items():
            print(json.dumps({"case": case, "threads": spec if spec == "default" else threads,
                              "num_threads": threads, "median_s": median_s, "best_s": best_s, "repeats": repeats,
                              "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()
