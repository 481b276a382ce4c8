"""Exponential backoff with full jitter, as in the Java SDK: waits up to initial·2^k, capped, reset after a success."""
from __future__ import annotations

import random


class Backoff:
    def __init__(self, initial_ms: int = 200, max_ms: int = 30_000) -> None:
        if initial_ms < 1 or max_ms < initial_ms:
            raise ValueError(f"need 1 <= initial_ms <= max_ms, got {initial_ms} and {max_ms}")
        self._initial_ms = initial_ms
        self._max_ms = max_ms
        self._failures = 0

    def next_delay_ms(self) -> int:
        cap = min(self._max_ms, self._initial_ms << min(self._failures, 20))
        self._failures += 1
        return cap // 2 + random.randint(0, cap // 2)

    def reset(self) -> None:
        self._failures = 0
