"""Adapts a PyTorch module to chorus_fl's Trainer: loads the global weights into the module's state dict, runs
``epochs`` of SGD over a DataLoader and returns the new state. Needs python3-torch; the tests do not use it.

    FederatedClient(target, federation, token, name, TorchTrainer(model, train_loader, test_loader)).run()
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader

from chorus_fl import Config, EvaluateResult, FitResult, Tensors


class TorchTrainer:
    def __init__(self, model: nn.Module, train: DataLoader, test: DataLoader) -> None:
        self.model, self.train, self.test = model, train, test
        self.loss = nn.CrossEntropyLoss()

    def _load(self, weights: Tensors) -> None:
        self.model.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in weights.items()})

    def fit(self, weights: Tensors, config: Config) -> FitResult:
        self._load(weights)
        optimizer = torch.optim.SGD(self.model.parameters(), lr=float(config.get("lr", 0.01)),
                                    momentum=float(config.get("momentum", 0.0)))
        self.model.train()
        total, examples = 0.0, 0
        for _ in range(int(config.get("epochs", 1))):
            for x, y in self.train:
                optimizer.zero_grad()
                loss = self.loss(self.model(x), y)
                loss.backward()
                optimizer.step()
                total, examples = total + loss.item() * len(y), examples + len(y)
        state = {k: v.detach().numpy().astype(np.float32) for k, v in self.model.state_dict().items()}
        return FitResult({k: state[k] for k in weights}, len(self.train.dataset), {"loss": total / max(1, examples)})

    @torch.no_grad()
    def evaluate(self, weights: Tensors, config: Config) -> EvaluateResult:
        self._load(weights)
        self.model.eval()
        loss, correct, n = 0.0, 0, 0
        for x, y in self.test:
            out = self.model(x)
            loss, correct, n = loss + self.loss(out, y).item() * len(y), correct + (out.argmax(1) == y).sum().item(), n + len(y)
        return EvaluateResult(n, {"loss": loss / max(1, n), "accuracy": correct / max(1, n)})
