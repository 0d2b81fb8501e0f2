#!/usr/bin/env python3
"""Writes the parity fixtures of the Neural engine into Tests/NeuralTests/Fixtures/.

Golden values come from PyTorch and Keras (KERAS_BACKEND=torch), never from our own engine.
Each fixture is one safetensors file holding, under their framework names:
  - the weights (PyTorch state_dict names such as `lstm.weight_ih_l0`; Keras 3 variable paths
    without the model prefix, such as `lstm/lstm_cell/kernel`);
  - the input `x` (N, T, F) and, where used, initial states (`h0`, `c0`, ...);
  - every layer's outputs and final states (`out`, `h_n`, `c_n`, `lstm_out`, `y`, ...).
The `__metadata__` block records the framework versions and the layer prefixes in order.

Run:  KERAS_BACKEND=torch $PYTHON scripts/make_fixtures.py [NAME ...]
With names, only those fixtures are written (re-running the rest gives the same values but new
bytes, so leave them alone).
"""
import os
import sys
import zlib

os.environ.setdefault("KERAS_BACKEND", "torch")
import numpy as np  # noqa: E402
import torch  # noqa: E402
from seed_model import Seed  # noqa: E402
import keras  # noqa: E402
from safetensors.numpy import save_file  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "NeuralTests", "Fixtures")
VERSIONS = {"torch": torch.__version__, "keras": keras.__version__, "numpy": np.__version__}


def f32(t):
    if isinstance(t, torch.Tensor):
        t = t.detach().cpu().numpy()
    return np.ascontiguousarray(np.asarray(t, dtype=np.float32))


def save(name, tensors, layers, note):
    meta = dict(VERSIONS, layers=",".join(layers), note=note)
    path = os.path.join(OUT, name + ".safetensors")
    save_file({k: f32(v) for k, v in tensors.items()}, path, metadata=meta)
    print(f"{name}: {len(tensors)} tensors, {os.path.getsize(path)} bytes")


# ---------------------------------------------------------------- PyTorch

def torch_rnn(name, kind, n, t, f, h, num_layers=1, bidirectional=False, initial=False):
    torch.manual_seed(zlib.crc32(name.encode()))
    cls = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[kind]
    layer = cls(f, h, num_layers=num_layers, bidirectional=bidirectional, batch_first=True)
    x = torch.randn(n, t, f)
    d = 2 if bidirectional else 1
    tensors = {f"rnn.{k}": v for k, v in layer.state_dict().items()}
    tensors["x"] = x
    with torch.no_grad():
        if initial:
            h0 = torch.randn(num_layers * d, n, h)
            c0 = torch.randn(num_layers * d, n, h)
            tensors["h0"] = h0
            if kind == "lstm":
                tensors["c0"] = c0
                out, (hn, cn) = layer(x, (h0, c0))
            else:
                out, hn = layer(x, h0)
        else:
            if kind == "lstm":
                out, (hn, cn) = layer(x)
            else:
                out, hn = layer(x)
    tensors["out"] = out
    tensors["h_n"] = hn
    if kind == "lstm":
        tensors["c_n"] = cn
    save(name, tensors, ["rnn"], f"torch nn.{kind.upper()}(num_layers={num_layers}, bidirectional={bidirectional}), batch_first")


def torch_seed():
    torch.manual_seed(7)
    model = Seed()
    x = torch.randn(2, 6, 100)
    with torch.no_grad():
        a, b, y = model.outputs(x)
    tensors = dict(model.state_dict())
    tensors.update(x=x, lstm1_out=a, lstm2_out=b, y=y)
    save("torch_seed", tensors, ["lstm1", "lstm2", "dense"], "PyTorch equivalent of the Keras seed model")


# ---------------------------------------------------------------- Keras

def randomize(layer, rng):
    """Uniform(-0.5, 0.5) weights, so that biases (zero by default) are exercised too."""
    layer.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype(np.float32) for w in layer.get_weights()])


def keras_weights(model):
    prefix = model.name + "/"
    out = {}
    for w in model.weights:
        path = w.path[len(prefix):] if w.path.startswith(prefix) else w.path
        out[path] = keras.ops.convert_to_numpy(w.value)
    return out


def keras_rnn(name, make, n, t, f, h, initial=False, seed=0):
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    layer = make()
    x = rng.standard_normal((n, t, f)).astype(np.float32)
    tensors = {"x": x}
    states = []
    if initial:
        cell_states = 2 if "lstm" in layer.name else 1
        for i in range(cell_states):
            s = rng.standard_normal((n, h)).astype(np.float32)
            tensors[["h0", "c0"][i]] = s
            states.append(s)
    # Build the weights with a first call, then replace them by random ones (biases included).
    res = layer(x, initial_state=[keras.ops.convert_to_tensor(s) for s in states]) if states else layer(x)
    randomize(layer, rng)
    res = layer(x, initial_state=[keras.ops.convert_to_tensor(s) for s in states]) if states else layer(x)
    res = [keras.ops.convert_to_numpy(r) for r in res]
    tensors["out"] = res[0]
    tensors["h_n"] = res[1]
    if len(res) > 2:
        tensors["c_n"] = res[2]
    for w in layer.weights:
        tensors[w.path] = keras.ops.convert_to_numpy(w.value)
    save(name, tensors, [layer.name], f"keras {type(layer).__name__} {layer.get_config().get('reset_after', '')}")


def keras_bidirectional(name, make, n, t, f, seed):
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, t, f)).astype(np.float32)
    layer = keras.layers.Bidirectional(make(), name="bidirectional")
    layer(x)
    randomize(layer, rng)
    res = [keras.ops.convert_to_numpy(r) for r in layer(x)]
    tensors = {"x": x, "out": res[0]}
    # return_state: [out, forward states..., backward states...]
    per = (len(res) - 1) // 2
    names = ["h_n", "c_n"][:per]
    for i, s in enumerate(names):
        tensors["forward_" + s] = res[1 + i]
        tensors["backward_" + s] = res[1 + per + i]
    for w in layer.weights:
        tensors[w.path] = keras.ops.convert_to_numpy(w.value)
    save(name, tensors, ["bidirectional"], "keras Bidirectional(merge_mode='concat')")


def keras_seed():
    keras.utils.set_random_seed(11)
    model = keras.Sequential([
        keras.Input((None, 100)),
        keras.layers.LSTM(128, return_sequences=True),
        keras.layers.LSTM(64, return_sequences=True),
        keras.layers.TimeDistributed(keras.layers.Dense(10)),
    ], name="seed")
    rng = np.random.default_rng(11)
    x = rng.standard_normal((2, 6, 100)).astype(np.float32)
    # Default init (glorot, orthogonal, unit forget bias) plus a random bias so biases matter.
    for layer in model.layers:
        ws = layer.get_weights()
        ws[-1] = rng.uniform(-0.5, 0.5, ws[-1].shape).astype(np.float32)
        layer.set_weights(ws)
    tensors = keras_weights(model)
    names = [layer.name for layer in model.layers]
    h = x
    for layer in model.layers:
        h = layer(h)
        tensors[layer.name + "_out"] = keras.ops.convert_to_numpy(h)
    tensors["x"] = x
    tensors["y"] = keras.ops.convert_to_numpy(model(x))
    save("keras_seed", tensors, names, "Keras seed model Sequential([LSTM(128), LSTM(64), TimeDistributed(Dense(10))])")


def keras_stateful():
    """Keras stateful=True: a sequence fed in chunks 2 + 1 + 3, the state carried between calls."""
    keras.utils.set_random_seed(12)
    rng = np.random.default_rng(12)
    layer = keras.layers.GRU(4, return_sequences=True, stateful=True, reset_after=False, name="gru")
    x = rng.standard_normal((2, 6, 3)).astype(np.float32)
    layer(x[:, :1])
    randomize(layer, rng)
    layer.reset_states()
    tensors = {"x": x}
    for i, (a, b) in enumerate([(0, 2), (2, 3), (3, 6)]):
        tensors[f"chunk{i}"] = keras.ops.convert_to_numpy(layer(x[:, a:b]))
    for w in layer.weights:
        if "cell" in w.path:
            tensors[w.path] = keras.ops.convert_to_numpy(w.value)
    save("keras_gru_stateful", tensors, ["gru"], "keras GRU(stateful=True, reset_after=False) fed in chunks 2+1+3")


def torch_carried_state():
    """PyTorch streaming: (h, c) passed back in, chunks 2 + 1 + 3 of a 2-layer LSTM."""
    torch.manual_seed(13)
    layer = torch.nn.LSTM(3, 4, num_layers=2, batch_first=True)
    x = torch.randn(2, 6, 3)
    tensors = {f"rnn.{k}": v for k, v in layer.state_dict().items()}
    tensors["x"] = x
    state = None
    with torch.no_grad():
        for i, (a, b) in enumerate([(0, 2), (2, 3), (3, 6)]):
            out, state = layer(x[:, a:b], state)
            tensors[f"chunk{i}"] = out
    tensors["h_n"], tensors["c_n"] = state
    save("torch_lstm_chunks", tensors, ["rnn"], "torch nn.LSTM(num_layers=2) fed in chunks 2+1+3, (h, c) carried")


def torch_embedding():
    """nn.Embedding → nn.LSTM → nn.Linear on ids (N, T) stored as float32 (the engine's only dtype)."""
    torch.manual_seed(14)
    emb, rnn, dense = torch.nn.Embedding(7, 3), torch.nn.LSTM(3, 4, batch_first=True), torch.nn.Linear(4, 2)
    ids = torch.tensor([[0, 3, 6, 3, 1], [5, 2, 2, 4, 0]])
    with torch.no_grad():
        e = emb(ids)
        h, _ = rnn(e)
        y = dense(h)
    tensors = {"emb.weight": emb.weight, "x": ids.float(), "emb_out": e, "y": y}
    tensors.update({f"rnn.{k}": v for k, v in rnn.state_dict().items()})
    tensors.update({f"dense.{k}": v for k, v in dense.state_dict().items()})
    save("torch_embedding", tensors, ["emb", "rnn", "dense"], "torch nn.Embedding(7, 3), nn.LSTM(3, 4), nn.Linear(4, 2)")


def keras_embedding():
    """Keras Embedding → LSTM → Dense on ids (N, T); Keras takes int ids, the fixture stores floats."""
    keras.utils.set_random_seed(15)
    model = keras.Sequential([
        keras.Input((None,), dtype="int32"),
        keras.layers.Embedding(6, 3),
        keras.layers.LSTM(4, return_sequences=True),
        keras.layers.Dense(2),
    ], name="emb_model")
    ids = np.array([[1, 5, 0, 2], [4, 4, 3, 0]], dtype=np.int32)
    tensors = keras_weights(model)
    tensors["x"] = ids.astype(np.float32)
    tensors["embedding_out"] = keras.ops.convert_to_numpy(model.layers[0](ids))
    tensors["y"] = keras.ops.convert_to_numpy(model(ids))
    save("keras_embedding", tensors, [layer.name for layer in model.layers], "keras Embedding(6, 3), LSTM(4), Dense(2)")


FIXTURES = {"torch_embedding": torch_embedding, "keras_embedding": keras_embedding}


def main():
    os.makedirs(OUT, exist_ok=True)
    if len(sys.argv) > 1:
        for name in sys.argv[1:]:
            FIXTURES[name]()
        return 0
    L, G = keras.layers.LSTM, keras.layers.GRU
    # PyTorch: single, stacked, bidirectional, initial state.
    torch_rnn("torch_lstm", "lstm", 2, 5, 3, 4)
    torch_rnn("torch_gru", "gru", 2, 5, 3, 5)
    torch_rnn("torch_lstm_stacked", "lstm", 3, 6, 4, 5, num_layers=2)
    torch_rnn("torch_gru_stacked", "gru", 3, 6, 4, 5, num_layers=2)
    torch_rnn("torch_lstm_bidirectional", "lstm", 2, 7, 3, 4, num_layers=2, bidirectional=True)
    torch_rnn("torch_gru_bidirectional", "gru", 2, 7, 3, 4, bidirectional=True)
    torch_rnn("torch_lstm_initial", "lstm", 2, 5, 3, 4, num_layers=2, initial=True)
    torch_rnn("torch_gru_initial", "gru", 2, 5, 3, 4, bidirectional=True, initial=True)
    torch_seed()
    # Keras: LSTM, GRU reset_after true/false, Bidirectional, initial state, seed model.
    seq = dict(return_sequences=True, return_state=True)
    keras_rnn("keras_lstm", lambda: L(4, name="lstm", **seq), 2, 5, 3, 4, seed=1)
    keras_rnn("keras_gru_reset_after", lambda: G(5, name="gru", reset_after=True, **seq), 2, 5, 3, 5, seed=2)
    keras_rnn("keras_gru_reset_before", lambda: G(5, name="gru", reset_after=False, **seq), 2, 5, 3, 5, seed=3)
    keras_rnn("keras_lstm_initial", lambda: L(4, name="lstm", **seq), 3, 6, 3, 4, initial=True, seed=4)
    keras_rnn("keras_gru_initial", lambda: G(4, name="gru", reset_after=False, **seq), 3, 6, 3, 4, initial=True, seed=5)
    keras_bidirectional("keras_lstm_bidirectional", lambda: L(4, name="lstm", **seq), 2, 6, 3, seed=6)
    keras_bidirectional("keras_gru_bidirectional", lambda: G(4, name="gru", **seq), 2, 6, 3, seed=7)
    keras_seed()
    # Streaming in the frameworks themselves: Keras stateful=True, PyTorch carrying (h, c).
    keras_stateful()
    torch_carried_state()
    # Embeddings: ids (N, T) as float32.
    torch_embedding()
    keras_embedding()


if __name__ == "__main__":
    sys.exit(main())
