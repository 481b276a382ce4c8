"""A trainer whose update is known: adds ``shift`` to every weight and reports ``examples`` examples, so the
mixed-federation test can compute the weighted average without seeing what this node received."""
from __future__ import annotations

import numpy as np

from chorus_fl import Config, EvaluateResult, FitResult, Tensors


class ShiftTrainer:
    def __init__(self, shift: float, examples: int) -> None:
        self.shift = np.float32(shift)
        self.examples = examples

    def fit(self, weights: Tensors, config: Config) -> FitResult:
        return FitResult({name: w + self.shift for name, w in weights.items()}, self.examples, {"loss": float(self.shift)})

    def evaluate(self, weights: Tensors, config: Config) -> EvaluateResult:
        return EvaluateResult(self.examples, {"loss": 1.0, "accuracy": 0.7 + float(self.shift)})


def make(shift: str, examples: str) -> ShiftTrainer:
    return ShiftTrainer(float(shift), int(examples))
