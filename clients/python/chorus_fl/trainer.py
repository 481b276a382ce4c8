"""The user's side of federated learning: train on, and evaluate over, local data."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from .proto import pb
from .tensors import Tensors

ConfigValue = float | int | str | bool
Config = dict[str, ConfigValue]


@dataclass(frozen=True)
class FitResult:
    """New weights (same names and shapes as received), the example count (aggregation weight) and metrics."""
    weights: Tensors
    num_examples: int
    metrics: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class EvaluateResult:
    num_examples: int
    metrics: dict[str, float] = field(default_factory=dict)


class Trainer(Protocol):
    """Settings such as epochs, lr, proximal_mu and round arrive in ``config``."""

    def fit(self, weights: Tensors, config: Config) -> FitResult: ...

    def evaluate(self, weights: Tensors, config: Config) -> EvaluateResult: ...


def scalar(value: ConfigValue) -> pb.Scalar:
    # bool before int: a bool is an int in Python.
    if isinstance(value, bool):
        return pb.Scalar(bool_value=value)
    if isinstance(value, int):
        return pb.Scalar(int_value=value)
    if isinstance(value, float):
        return pb.Scalar(double_value=value)
    return pb.Scalar(string_value=str(value))


def config_of(values: dict[str, pb.Scalar]) -> Config:
    return {key: getattr(s, s.WhichOneof("value")) if s.WhichOneof("value") else "" for key, s in values.items()}
