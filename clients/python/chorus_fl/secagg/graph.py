"""Who shares masks with whom (SecAgg+): a Harary graph H(k, n) over a permutation of the sorted client ids drawn
with Java's SplittableRandom from the round's public graph seed, so this node computes the coordinator's graph."""
from __future__ import annotations

from collections.abc import Sequence

_MASK64 = (1 << 64) - 1
_GOLDEN_GAMMA = 0x9E3779B97F4A7C15


class SplittableRandom:
    """java.util.SplittableRandom(seed): nextInt() and nextInt(bound), bit for bit."""

    def __init__(self, seed: int) -> None:
        self._seed = seed & _MASK64

    def next_int(self) -> int:
        self._seed = (self._seed + _GOLDEN_GAMMA) & _MASK64
        z = self._seed
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & _MASK64
        z = (((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & _MASK64) >> 32
        return z - (1 << 32) if z >= 1 << 31 else z

    def next_bounded(self, bound: int) -> int:
        r = self.next_int()
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = (r & 0xFFFFFFFF) >> 1
        while True:
            r = u % bound
            if u + m - r < 1 << 31:  # Java's int overflow test: u + m − r < 0 when it wraps
                return r
            u = (self.next_int() & 0xFFFFFFFF) >> 1


def neighbours(client_ids: Sequence[int], degree: int, seed: int) -> dict[int, list[int]]:
    """Each client's sorted neighbours; degree ≥ n − 1 gives the complete graph."""
    n = len(client_ids)
    if degree >= n - 1:
        return {c: sorted(o for o in client_ids if o != c) for c in client_ids}
    order = sorted(client_ids)
    random = SplittableRandom(seed)
    for i in range(n - 1, 0, -1):
        j = random.next_bounded(i + 1)
        order[i], order[j] = order[j], order[i]
    half = degree // 2
    return {order[p]: sorted(order[(p + s * d) % n] for d in range(1, half + 1) for s in (1, -1)) for p in range(n)}
