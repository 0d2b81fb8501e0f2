"""PyTorch's copy-task training step (LSTM 256, batch 64, lengths 1-20 padded at the end to
2L + 1 steps) on the padded batch against the same batch as a packed sequence (CPU).

Reference numbers only (not a test): `wm nn train-bench tasks --tasks copy` runs PyTorch on the
padded batch because that is PyTorch's faster way on this CPU (its LSTM with a PackedSequence
leaves the oneDNN fused kernel), while `Neural` skips each row's padding (`lengths:`). Usage:
    $PYTHON scripts/bench/bench_torch_packed.py
Prints ms per step (best of 3 x 20 steps, after 3 warm-up steps) for padded and packed, 2 threads,
Adam lr 3e-3, clip 1.0, masked BCE from logits, on 8 pre-drawn batches.
"""
import time

import numpy as np
import torch

torch.set_num_threads(2)
torch.manual_seed(0)
H, N, F, C = 256, 64, 9, 8
lstm, head = torch.nn.LSTM(F, H), torch.nn.Linear(H, C)
params = list(lstm.parameters()) + list(head.parameters())
opt = torch.optim.Adam(params, lr=3e-3)
rng = np.random.default_rng(1)


def batch():
    L = rng.integers(1, 21, N)
    T = 2 * L.max() + 1
    x, y, m = torch.zeros(T, N, F), torch.zeros(T, N, C), torch.zeros(T, N)
    for s, l in enumerate(L):
        bits = torch.from_numpy(rng.integers(0, 2, (l, 8)).astype(np.float32))
        x[:l, s, :8] = bits
        x[l, s, 8] = 1
        y[l + 1:2 * l + 1, s] = bits
        m[l + 1:2 * l + 1, s] = 1
    return x, y, m, torch.from_numpy(2 * L + 1)


batches = [batch() for _ in range(8)]


def step(b, packed):
    x, y, m, lengths = b
    opt.zero_grad()
    if packed:
        p = torch.nn.utils.rnn.pack_padded_sequence(x, lengths, enforce_sorted=False)
        o, _ = lstm(p)
        o, _ = torch.nn.utils.rnn.pad_packed_sequence(o, total_length=x.shape[0])
    else:
        o, _ = lstm(x)
    z = head(o)
    bce = torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction="none").mean(-1)
    loss = (bce * m).sum() / m.sum()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    opt.step()


for packed in [False, True]:
    for b in batches[:3]:
        step(b, packed)
    best = 1e9
    for _ in range(3):
        t = time.perf_counter()
        for i in range(20):
            step(batches[i % 8], packed)
        best = min(best, (time.perf_counter() - t) / 20 * 1e3)
    print("packed" if packed else "padded", "%.2f ms/step" % best)
