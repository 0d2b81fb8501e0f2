#!/usr/bin/env python3
"""Writes the training parity fixtures into Tests/NeuralTests/Fixtures/ (grad_*.safetensors).

Golden values come from PyTorch autograd and torch.optim, never from our own engine.

Weights are not stored: every parameter is given by a formula that the Swift tests evaluate
identically (float64 arithmetic, one rounding to float32), in PyTorch's layout and names:

    w_k[i] = scale * (((i * 37 + k * 101) % 199) / 99.0 - 1.0)

with k the index of the tensor in the model's `named_parameters()` order and scale = 1/sqrt(H)
(recurrent layers) or 1/sqrt(F) (Linear). Each fixture holds the inputs `x`, targets `y`,
the loss `loss` and `grad.<name>` for every parameter (PyTorch names); optimizer fixtures hold
`<optimizer>.<name>` = the parameters after 10 steps.

Keras fixtures (`grad_keras_*`, KERAS_BACKEND=torch so autograd gives the gradients) use the same
formula over Keras 3 variable paths without the model prefix (`gru/gru_cell/kernel`), in
`trainable_variables` order, scale 0.4, and store `grad.<path>`.

Run:  KERAS_BACKEND=torch $PYTHON scripts/make_grad_fixtures.py
"""
import os

os.environ.setdefault("KERAS_BACKEND", "torch")
import numpy as np  # noqa: E402
import torch  # noqa: E402
from seed_model import Seed  # noqa: E402
import keras  # noqa: E402
from safetensors.numpy import save_file  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "NeuralTests", "Fixtures")
torch.manual_seed(0)


def formula(shape, k, scale):
    n = int(np.prod(shape))
    i = np.arange(n, dtype=np.int64)
    v = scale * (((i * 37 + k * 101) % 199) / 99.0 - 1.0)
    return torch.tensor(v.astype(np.float32).reshape(shape))


def set_formula_weights(model, scales):
    """scales: prefix -> scale; parameters are numbered in named_parameters() order."""
    with torch.no_grad():
        for k, (name, p) in enumerate(model.named_parameters()):
            scale = scales[name.split(".")[0]]
            p.copy_(formula(tuple(p.shape), k, scale))


def f32(t):
    if isinstance(t, torch.Tensor):
        t = t.detach().cpu().numpy()
    return np.ascontiguousarray(np.asarray(t, dtype=np.float32))


def save(name, tensors, note):
    path = os.path.join(OUT, name + ".safetensors")
    save_file({k: f32(v) for k, v in tensors.items()}, path,
              metadata={"torch": torch.__version__, "note": note})
    print(f"{name}: {len(tensors)} tensors, {os.path.getsize(path)} bytes")


class GRUModel(torch.nn.Module):
    """GRU(6→8, sequences) → GRU(8→5, sequences) → TimeDistributed(Linear(5→3)), BCE with logits."""

    def __init__(self):
        super().__init__()
        self.gru1 = torch.nn.GRU(6, 8, batch_first=True)
        self.gru2 = torch.nn.GRU(8, 5, batch_first=True)
        self.dense = torch.nn.Linear(5, 3)

    def forward(self, x):
        return self.dense(self.gru2(self.gru1(x)[0])[0])


class BiModel(torch.nn.Module):
    """Bidirectional LSTM(4→5), last output as Keras returns it ([h_T fwd, h_0 bwd]) → Linear(10→3),
    softmax cross-entropy against class ids."""

    def __init__(self):
        super().__init__()
        self.bilstm = torch.nn.LSTM(4, 5, batch_first=True, bidirectional=True)
        self.dense = torch.nn.Linear(10, 3)

    def forward(self, x):
        out = self.bilstm(x)[0]
        return self.dense(torch.cat([out[:, -1, :5], out[:, 0, 5:]], dim=1))


class Small(torch.nn.Module):
    """LSTM(3→4, sequences) → Linear(4→2), MSE: the optimizer trajectories."""

    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(3, 4, batch_first=True)
        self.dense = torch.nn.Linear(4, 2)

    def forward(self, x):
        return self.dense(self.lstm(x)[0])


def gradient_fixture(name, model, scales, x, y, loss_fn, note):
    set_formula_weights(model, scales)
    model.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    tensors = {"x": x, "y": y, "loss": loss.detach().reshape(1)}
    for n, p in model.named_parameters():
        tensors["grad." + n] = p.grad
    save(name, tensors, note)


def keras_fixture(name, layers, x, y, note):
    model = keras.Sequential([keras.Input(tuple(x.shape[1:]))] + layers)
    for k, v in enumerate(model.trainable_variables):
        v.assign(formula(tuple(v.shape), k, 0.4).numpy())
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    tensors = {"x": x, "y": y, "loss": loss.detach().reshape(1)}
    for v in model.trainable_variables:
        tensors["grad." + v.path.split("/", 1)[1]] = v.value.grad
    save(name, tensors, note + f" (keras {keras.__version__})")


def main():
    os.makedirs(OUT, exist_ok=True)
    # Seed model: full size (the model), small batch.
    x = torch.randn(2, 5, 100)
    y = torch.randn(2, 5, 10)
    gradient_fixture("grad_seed", Seed(), {"lstm1": 128 ** -0.5, "lstm2": 64 ** -0.5, "dense": 64 ** -0.5},
                     x, y, torch.nn.MSELoss(), "seed model, MSE")

    x = torch.randn(3, 7, 6)
    y = (torch.rand(3, 7, 3) > 0.5).float()
    gradient_fixture("grad_gru", GRUModel(), {"gru1": 8 ** -0.5, "gru2": 5 ** -0.5, "dense": 5 ** -0.5},
                     x, y, torch.nn.BCEWithLogitsLoss(), "stacked GRU, BCE with logits")

    x = torch.randn(3, 6, 4)
    y = torch.tensor([0, 2, 1])
    gradient_fixture("grad_bidirectional", BiModel(), {"bilstm": 5 ** -0.5, "dense": 10 ** -0.5},
                     x, y.float(), lambda p, t: torch.nn.functional.cross_entropy(p, t.long()),
                     "bidirectional LSTM, sparse softmax cross-entropy")

    keras.utils.clear_session()
    keras_fixture("grad_keras_gru_reset_before",
                  [keras.layers.GRU(5, reset_after=False, return_sequences=True),
                   keras.layers.TimeDistributed(keras.layers.Dense(3))],
                  torch.randn(2, 7, 4), torch.randn(2, 7, 3), "Keras GRU reset_after=False, MSE")
    keras.utils.clear_session()  # layer names restart: lstm, dense
    keras_fixture("grad_keras_lstm",
                  [keras.layers.LSTM(6), keras.layers.Dense(2)],
                  torch.randn(3, 5, 4), torch.randn(3, 2), "Keras LSTM (last output) + Dense, MSE")

    # Optimizer trajectories: 10 steps on one fixed batch, clip_grad_norm_(1.0) before each step.
    x = torch.randn(4, 5, 3)
    y = torch.randn(4, 5, 2)
    tensors = {"x": x, "y": y}
    runs = {
        "adam": lambda ps: (torch.optim.Adam(ps, lr=0.01), None),
        "adamw": lambda ps: (torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1), None),
        "sgd_nesterov": lambda ps: (torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True), None),
        "rmsprop": lambda ps: (torch.optim.RMSprop(ps, lr=0.01, momentum=0.5), None),
        "sgd_cosine": lambda ps: (lambda o: (o, torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.01)))(
            torch.optim.SGD(ps, lr=0.2, momentum=0.9)),
        "adam_step": lambda ps: (lambda o: (o, torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5)))(
            torch.optim.Adam(ps, lr=0.02)),
    }
    for run, make in runs.items():
        model = Small()
        set_formula_weights(model, {"lstm": 0.5, "dense": 0.5})
        opt, sched = make(list(model.parameters()))
        for _ in range(10):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(model(x), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            if sched is not None:
                sched.step()
        for n, p in model.named_parameters():
            tensors[f"{run}.{n}"] = p
    save("grad_optimizers", tensors, "10 steps of each optimizer, clip 1.0, LSTM(3,4) + Linear(4,2), MSE")


if __name__ == "__main__":
    main()
