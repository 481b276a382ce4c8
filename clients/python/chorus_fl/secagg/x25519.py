"""X25519 (RFC 7748) with Python integers: the Montgomery ladder over GF(2^255 − 19), keys as 32 raw bytes."""
from __future__ import annotations

import secrets

P = 2 ** 255 - 19
_A24 = 121665
KEY_BYTES = 32
BASE_POINT = (9).to_bytes(KEY_BYTES, "little")


# u-coordinates (mod p) of the points of order dividing 8 on Curve25519 and its twist: agreement with any of them
# gives the all-zero secret, so a peer advertising one is refused before its key is used.
SMALL_ORDER_U = (0, 1, P - 1,
                 325606250916557431795983626356110631294008115727848805560023387167927233504,
                 39382357235489614581723060781553021112529911719440698176882885853963445705823)


def check_public(raw: bytes) -> None:
    if _u(raw) % P in SMALL_ORDER_U:
        raise ValueError("public key has small order")


def _clamp(scalar: bytes) -> int:
    k = bytearray(scalar)
    k[0] &= 248
    k[31] = (k[31] & 127) | 64
    return int.from_bytes(k, "little")


def _u(raw: bytes) -> int:
    if len(raw) != KEY_BYTES:
        raise ValueError("X25519 keys are 32 bytes")
    return int.from_bytes(raw, "little") & ((1 << 255) - 1)


def scalar_mult(scalar: bytes, u_bytes: bytes) -> bytes:
    if len(scalar) != KEY_BYTES:
        raise ValueError("X25519 keys are 32 bytes")
    k, x1 = _clamp(scalar), _u(u_bytes) % P
    x2, z2, x3, z3, swap = 1, 0, x1, 1, 0
    for t in reversed(range(255)):
        bit = (k >> t) & 1
        swap ^= bit
        if swap:
            x2, x3, z2, z3 = x3, x2, z3, z2
        swap = bit
        a, b = (x2 + z2) % P, (x2 - z2) % P
        aa, bb = a * a % P, b * b % P
        e = (aa - bb) % P
        c, d = (x3 + z3) % P, (x3 - z3) % P
        da, cb = d * a % P, c * b % P
        x3, z3 = (da + cb) ** 2 % P, x1 * (da - cb) ** 2 % P
        x2, z2 = aa * bb % P, e * (aa + _A24 * e) % P
    if swap:
        x2, z2 = x3, z3
    return (x2 * pow(z2, P - 2, P) % P).to_bytes(KEY_BYTES, "little")


def generate() -> tuple[bytes, bytes]:
    """A fresh (private scalar, public key) pair."""
    private = secrets.token_bytes(KEY_BYTES)
    return private, public_of(private)


def public_of(private: bytes) -> bytes:
    return scalar_mult(private, BASE_POINT)


def agree(private: bytes, their_public: bytes) -> bytes:
    """The shared secret; a small-order public key (all-zero secret) is refused, as the Java side does."""
    secret = scalar_mult(private, their_public)
    if not any(secret):
        raise ValueError("public key has small order")
    return secret
