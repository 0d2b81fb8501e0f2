"""The seed model in PyTorch, shared by the fixture and benchmark scripts.

Keras: Sequential([LSTM(128, return_sequences=True, input_shape=(None, 100)),
                   LSTM(64, return_sequences=True), TimeDistributed(Dense(10))]).
"""
import torch


class Seed(torch.nn.Module):
    """LSTM 100→128, LSTM 128→64, Linear 64→10 on the last axis; batch first."""

    def __init__(self):
        super().__init__()
        self.lstm1 = torch.nn.LSTM(100, 128, batch_first=True)
        self.lstm2 = torch.nn.LSTM(128, 64, batch_first=True)
        self.dense = torch.nn.Linear(64, 10)

    def outputs(self, x):
        """Every layer's output: (lstm1, lstm2, dense)."""
        a, _ = self.lstm1(x)
        b, _ = self.lstm2(a)
        return a, b, self.dense(b)

    def forward(self, x):
        return self.outputs(x)[-1]
