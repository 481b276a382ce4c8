"""Chorus federated-learning client: speaks the protocol of docs/federated-protocol.md."""
from .backoff import Backoff
from .client import FederatedClient
from .tensors import Tensors
from .trainer import Config, EvaluateResult, FitResult, Trainer

__all__ = ["Backoff", "Config", "EvaluateResult", "FederatedClient", "FitResult", "Tensors", "Trainer"]
