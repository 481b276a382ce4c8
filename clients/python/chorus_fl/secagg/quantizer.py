"""Fixed-point encoding of a weighted update into Z_{2^32}, exactly as the Java Quantizer: a client with weight
w ∈ [0, W] sends round((w/W)·clip(x, −R, R)·(2^(b−1) − 1)/R) per coordinate and round((w/W)·(2^(b−1) − 1)) as one
extra last coordinate, in two's complement."""
from __future__ import annotations

import numpy as np


def java_round(values: np.ndarray) -> np.ndarray:
    """Java's Math.round: floor(x + 0.5) computed without the rounding error of adding 0.5; NaN becomes 0."""
    floor = np.floor(values)
    rounded = floor + (values - floor >= 0.5)
    return np.where(np.isnan(values), 0.0, rounded)


def encode(update: np.ndarray, weight: float, clip_range: float, max_weight: float, bits: int) -> np.ndarray:
    """The d + 1 coordinates (uint32) of a flat update and its weight."""
    if not 0 <= weight <= max_weight:
        raise ValueError(f"weight {weight} outside [0, {max_weight}]")
    top = float((1 << (bits - 1)) - 1)
    share = weight / max_weight
    scale = share * (top / clip_range)
    x = np.clip(np.asarray(update, dtype=np.float32).astype(np.float64).reshape(-1), -clip_range, clip_range)
    out = np.empty(x.size + 1, dtype=np.int64)
    out[:-1] = java_round(x * scale)
    out[-1] = java_round(np.array([share * top]))[0]
    return out.astype(np.uint32)  # two's complement mod 2^32
