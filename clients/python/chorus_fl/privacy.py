"""What the node does to its update before it leaves, as the instruction asks; the Java SDK's ClientPrivacy with
the same float32 arithmetic (PythonClipsAsTheJavaSdkTest in federated-client checks it bit for bit).
``dp_mode=clip`` scales Δ = trained − received to ‖Δ‖₂ ≤ ``dp_clip_norm`` and reports adaptive clipping's bit
``dp_unclipped``; ``dp_mode=local`` also adds N(0, (``dp_noise_multiplier``·C)²) to every coordinate (local DP), so
the coordinator never sees the exact update. No ``dp_mode``: the trainer's result is sent as is."""
from __future__ import annotations

import math
import secrets

import numpy as np

from .tensors import Tensors
from .trainer import Config, FitResult

UNCLIPPED = "dp_unclipped"


def in_clear(metrics: dict[str, float]) -> dict[str, float]:
    """The metrics a node may send in clear beside its masked input: all but the clipped bit, which under secure
    aggregation would tell the coordinator whether this node's update was larger than C."""
    return {k: v for k, v in metrics.items() if k != UNCLIPPED}


def apply(received: Tensors, result: FitResult, config: Config) -> FitResult:
    """The result to send; ``result.weights`` must have ``received``'s names and shapes."""
    mode = config.get("dp_mode", "")
    if mode == "":
        return result
    clip_norm = _number(config, "dp_clip_norm")
    delta = np.concatenate([(np.asarray(result.weights[name], dtype=np.float32) - r).reshape(-1)
                            for name, r in received.items()])
    metrics = dict(result.metrics)
    if mode == "clip":
        metrics[UNCLIPPED] = 1.0 if _clip_in_place(delta, clip_norm) <= clip_norm else 0.0
    elif mode == "local":
        _clip_in_place(delta, clip_norm)
        _add_noise(delta, _number(config, "dp_noise_multiplier") * clip_norm, _secure_generator())
    else:
        raise ValueError(f"unknown dp_mode {mode} (clip, local)")
    sent: Tensors = {}
    at = 0
    for name, r in received.items():
        sent[name] = r + delta[at:at + r.size].reshape(r.shape)
        at += r.size
    return FitResult(sent, result.num_examples, metrics)


def _clip_in_place(x: np.ndarray, clip_norm: float) -> float:
    """Scales the float32 vector ``x`` in place so that ‖x‖₂ ≤ clip_norm; returns the norm before clipping."""
    if not clip_norm > 0:
        raise ValueError(f"clip norm must be > 0, got {clip_norm}")
    norm = _norm(x)
    if norm > clip_norm:
        x *= np.float32(clip_norm / norm)
    return norm


def _norm(x: np.ndarray) -> float:
    # Java's L2Clipping adds the squares in double in coordinate order; a running sum reproduces that to the last
    # bit (numpy's sum is pairwise), so both SDKs scale by the same float32 factor.
    return math.sqrt(float(np.cumsum(np.square(x, dtype=np.float64))[-1])) if x.size else 0.0


def _add_noise(x: np.ndarray, stddev: float, rng: np.random.Generator) -> None:
    if not stddev >= 0:
        raise ValueError(f"stddev must be >= 0, got {stddev}")
    if stddev > 0:
        x += (rng.standard_normal(x.size) * stddev).astype(np.float32)


def _secure_generator() -> np.random.Generator:
    # numpy's PCG64 is not a cryptographic generator; seeding a fresh one from the OS for every update keeps one
    # release's noise from telling anything about another's.
    return np.random.default_rng(secrets.randbits(256))


def _number(config: Config, key: str) -> float:
    """A number the instruction carries (as Java's Config.getDouble: numbers and numeric strings), else NaN."""
    value = config.get(key)
    if isinstance(value, bool) or value is None:
        return math.nan
    return float(value)
