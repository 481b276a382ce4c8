"""The parameters of one secure-aggregation round, checked as the Java SecAggConfig checks them."""
from __future__ import annotations

from dataclasses import dataclass


def max_clients(bits: int) -> int:
    """The largest client count whose sum of b-bit encodings cannot wrap the 32-bit ring."""
    return (1 << 31) // ((1 << (bits - 1)) - 1) - 1


@dataclass(frozen=True)
class SecAggConfig:
    round_id: int
    client_ids: list[int]
    neighbours: int
    threshold: int
    dimension: int
    clip_range: float
    max_weight: float
    bits: int
    graph_seed: int

    def __post_init__(self) -> None:
        n = len(self.client_ids)
        problems = []
        if n < 2:
            problems.append("secure aggregation needs at least two clients")
        if len(set(self.client_ids)) != n or any(c < 1 for c in self.client_ids):
            problems.append("client ids must be distinct and >= 1")
        degree = min(self.neighbours, n - 1)
        if degree < n - 1 and degree % 2:
            problems.append(f"SecAgg+ needs an even neighbour count, got {self.neighbours}")
        if not 2 <= self.threshold <= degree:
            problems.append(f"threshold must be in [2, {degree}], got {self.threshold}")
        if self.dimension < 1:
            problems.append("dimension must be >= 1")
        if not (self.clip_range > 0 and self.max_weight > 0 and 2 <= self.bits <= 31):
            problems.append("need clip_range > 0, max_weight > 0, 2 <= bits <= 31")
        elif max_clients(self.bits) < n:
            problems.append(f"{self.bits}-bit values of {n} clients would wrap a 32-bit ring")
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def degree(self) -> int:
        return min(self.neighbours, len(self.client_ids) - 1)
