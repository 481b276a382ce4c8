"""Shamir t-of-n sharing of 32-byte secrets over GF(2^61 − 1): the secret is cut into five 7-byte little-endian
limbs, each shared with its own random polynomial at x = the holder's id; a share is five 8-byte little-endian
field elements (40 bytes)."""
from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence

P = (1 << 61) - 1
LIMBS = 5
SHARE_BYTES = 8 * LIMBS
_LIMB_BYTES = 7
_SECRET_BYTES = 32


def _random_long() -> int:
    return secrets.randbits(64)


def split(secret: bytes, xs: Sequence[int], threshold: int,
          next_long: Callable[[], int] = _random_long) -> list[list[int]]:
    """One share per point in ``xs``. Coefficients are drawn as the Java side does (a 64-bit draw masked to 61 bits,
    redrawn when it equals p), so a recorded stream of draws reproduces Java's shares exactly."""
    if len(secret) != _SECRET_BYTES:
        raise ValueError("secrets are 32 bytes")
    if not 1 <= threshold <= len(xs):
        raise ValueError(f"threshold {threshold} with {len(xs)} holders")
    shares = [[0] * LIMBS for _ in xs]
    padded = secret + bytes(LIMBS * _LIMB_BYTES - _SECRET_BYTES)
    for limb in range(LIMBS):
        coefficients = [int.from_bytes(padded[limb * _LIMB_BYTES:(limb + 1) * _LIMB_BYTES], "little")]
        while len(coefficients) < threshold:
            v = next_long() & P
            if v != P:
                coefficients.append(v)
        for h, x in enumerate(xs):
            y = 0
            for c in reversed(coefficients):
                y = (y * x + c) % P
            shares[h][limb] = y
    return shares


def combine(xs: Sequence[int], shares: Sequence[Sequence[int]]) -> bytes:
    """Lagrange interpolation at 0 from exactly the given shares."""
    lambdas = []
    for i, xi in enumerate(xs):
        num = den = 1
        for j, xj in enumerate(xs):
            if j != i:
                num, den = num * xj % P, den * (xj - xi) % P
        if den == 0:
            raise ValueError("two shares at the same point")
        lambdas.append(num * pow(den, P - 2, P) % P)
    out = b""
    for limb in range(LIMBS):
        value = sum(lam * share[limb] for lam, share in zip(lambdas, shares)) % P
        if value >> (8 * _LIMB_BYTES):
            raise ValueError("reconstructed limb out of range")
        out += value.to_bytes(_LIMB_BYTES, "little")
    return out[:_SECRET_BYTES]


def encode(share: Sequence[int]) -> bytes:
    return b"".join(v.to_bytes(8, "little") for v in share)


def decode(data: bytes) -> list[int]:
    if len(data) != SHARE_BYTES:
        raise ValueError(f"a share is {SHARE_BYTES} bytes")
    share = [int.from_bytes(data[8 * i:8 * i + 8], "little") for i in range(LIMBS)]
    if any(v >= P for v in share):
        raise ValueError("share element outside the field")
    return share
