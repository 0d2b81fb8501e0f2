"""The working-memory task batches of Sources/NeuralTasks, bit-exactly, in numpy.

Neural's SeededGenerator is SplitMix64 (Steele et al. 2014): output i of a generator whose
state is s is mix(s + (i + 1)·γ), so any stretch of the stream is one vectorised expression.
Every Swift task generator draws a fixed number of values per sample (or, for copy, a number
known from the lengths drawn first), in a fixed order, so each batch here is a handful of
array operations: generating data costs PyTorch's side tens of microseconds per batch, not a
Python loop per sample.

Batches are batch-first: x (N, T, F), y (N, T, C) or (N, C), mask (N, T) or None. Swift's are
time-major (T, N, F) with the mask as T·N rows; the values are the same (checked exactly by
Tests/NeuralTests/TaskStreamParityTests.swift against scripts/make_task_fixtures.py's output).
numpy only (no torch), so the fixture script needs nothing else.
"""
import numpy as np

_MASK64 = (1 << 64) - 1
_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S40, _S63 = (np.uint64(k) for k in (30, 27, 31, 40, 63))


class SplitMix64:
    """Neural's SeededGenerator: `draw(k)` returns its next k `next()` values as uint64."""

    def __init__(self, seed):
        self.state = seed & _MASK64

    def draw(self, count):
        z = np.uint64(self.state) + np.arange(1, count + 1, dtype=np.uint64) * _GAMMA
        self.state = (self.state + count * int(_GAMMA)) & _MASK64
        z = (z ^ (z >> _S30)) * _M1
        z = (z ^ (z >> _S27)) * _M2
        return z ^ (z >> _S31)


def uniform(u):
    """`nextUniform()`: Float(next() >> 40) / 2^24, exact in float32."""
    return (u >> _S40).astype(np.float32) * np.float32(1.0 / (1 << 24))


def below(u, bound):
    """`int(below: bound)`: next() % bound (the array may hold one bound per element)."""
    return (u % np.asarray(bound, dtype=np.uint64)).astype(np.int64)


def adding_batch(rng, n, test, steps=100):
    """AddingTask: per sample a = int(below: T/2), b = T/2 + int(below: T - T/2), T uniforms."""
    half = steps // 2
    r = rng.draw(n * (steps + 2)).reshape(n, steps + 2)
    a = below(r[:, 0], half)
    b = half + below(r[:, 1], steps - half)
    v = uniform(r[:, 2:])
    rows = np.arange(n)
    x = np.zeros((n, steps, 2), np.float32)
    x[:, :, 0] = v
    x[rows, a, 1] = 1
    x[rows, b, 1] = 1
    y = (v[rows, a] + v[rows, b]).astype(np.float32)[:, None]  # Swift: (0 + v_a) + v_b in Float
    return x, y, None


def copy_batch(rng, n, test, bits=8, max_length=20):
    """CopyTask: training lengths 1 + int(below: 20) for every sample first, then each sample's
    length·8 bits (nextUniform() < 0.5 ? 0 : 1, i.e. the top bit of next())."""
    lengths = np.full(n, max_length, np.int64) if test else 1 + below(rng.draw(n), max_length)
    longest = int(lengths.max())
    steps = 2 * longest + 1
    valid = np.arange(longest)[None, :] < lengths[:, None]          # (n, longest), sample-major
    drawn = (rng.draw(int(lengths.sum()) * bits) >> _S63).astype(np.float32)
    vectors = np.zeros((n, longest, bits), np.float32)
    vectors[valid] = drawn.reshape(-1, bits)
    rows, ts = np.nonzero(valid)
    x = np.zeros((n, steps, bits + 1), np.float32)
    y = np.zeros((n, steps, bits), np.float32)
    mask = np.zeros((n, steps), np.float32)
    x[:, :longest, :bits] = vectors
    x[np.arange(n), lengths, bits] = 1
    y[rows, ts + lengths[rows] + 1] = vectors[rows, ts]
    mask[rows, ts + lengths[rows] + 1] = 1
    return x, y, mask


def nback_batch(rng, n, test, k=2, steps=30, symbols=8):
    """NBackTask: two draws per step (a uniform: repeat the symbol k back if < 0.5 and t ≥ k;
    a fresh symbol int(below: 8) otherwise)."""
    r = rng.draw(n * steps * 2).reshape(n, steps, 2)
    repeat = (r[:, :, 0] >> _S40) < np.uint64(1 << 23)                 # nextUniform() < 0.5
    fresh = below(r[:, :, 1], symbols)
    # A repeat copies the symbol k back, which may itself be a repeat: the symbol at t is the
    # fresh one at the last non-repeating step of t's chain t, t−k, t−2k, ... (a running maximum
    # of those step indices along each residue class mod k).
    t_index = np.arange(steps)
    source = np.where(repeat & (t_index >= k), 0, t_index)
    for c in range(k):
        source[:, c::k] = np.maximum.accumulate(source[:, c::k], axis=1)
    seq = np.take_along_axis(fresh, source, axis=1)
    x = np.eye(symbols, dtype=np.float32)[seq]
    y = np.zeros((n, steps, 1), np.float32)
    y[:, k:, 0] = seq[:, k:] == seq[:, :-k]
    mask = np.zeros((n, steps), np.float32)
    mask[:, k:] = 1
    return x, y, mask


def recall_batch(rng, n, test, pairs=6, bits=6):
    """AssociativeRecallTask: per sample a partial Fisher–Yates shuffle of 0..<2^bits (pairs
    draws: swap i with i + int(below: 2^bits − i)), then pairs values int(below: 2^bits), then the
    query int(below: pairs)."""
    r = rng.draw(n * (2 * pairs + 1)).reshape(n, 2 * pairs + 1)
    rows = np.arange(n)
    pool = np.tile(np.arange(1 << bits), (n, 1))
    for i in range(pairs):
        j = i + below(r[:, i], (1 << bits) - i)
        pool[rows, i], pool[rows, j] = pool[rows, j], pool[rows, i].copy()
    keys = pool[:, :pairs]
    values = below(r[:, pairs:2 * pairs], 1 << bits)
    query = below(r[:, 2 * pairs], pairs)
    powers = np.arange(bits)
    key_bits = ((keys[:, :, None] >> powers) & 1).astype(np.float32)  # (n, pairs, bits)
    value_bits = ((values[:, :, None] >> powers) & 1).astype(np.float32)
    x = np.zeros((n, 2 * pairs + 1, bits + 3), np.float32)
    x[:, 0:2 * pairs:2, :bits] = key_bits
    x[:, 0:2 * pairs:2, bits] = 1
    x[:, 1:2 * pairs:2, :bits] = value_bits
    x[:, 1:2 * pairs:2, bits + 1] = 1
    x[:, 2 * pairs, :bits] = key_bits[rows, query]
    x[:, 2 * pairs, bits + 2] = 1
    return x, value_bits[rows, query].copy(), None


def generator(name, n_back=2):
    """The batch function of task `name` (copy, adding, nback, recall): f(rng, n, test)."""
    if name == "nback":
        return lambda rng, n, test: nback_batch(rng, n, test, k=n_back)
    return {"copy": copy_batch, "adding": adding_batch, "recall": recall_batch}[name]
