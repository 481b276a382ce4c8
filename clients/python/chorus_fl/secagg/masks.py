"""The seeds masks are expanded from, and the expansion: self mask = PRG(HKDF(b, round salt, "self-mask")); the
pair mask of u < v = PRG(HKDF(X25519(s_u, S_v), round salt, "pair-mask/u/v")), added by u and subtracted by v.
PRG(seed) is the AES-256-CTR keystream under the seed with a zero IV, read as little-endian 32-bit words."""
from __future__ import annotations

import hashlib

import numpy as np

from . import aes, hkdf, x25519


def self_seed(round_id: int, seed_secret: bytes) -> bytes:
    return hkdf.derive(hkdf.round_salt(round_id), seed_secret, "chorus-secagg/self-mask", 32)


def pair_seed(round_id: int, mine: bytes, their_public: bytes, me: int, them: int) -> bytes:
    return hkdf.derive(hkdf.round_salt(round_id), x25519.agree(mine, their_public),
                       f"chorus-secagg/pair-mask/{min(me, them)}/{max(me, them)}", 32)


def pair_sign(me: int, them: int) -> int:
    return 1 if me < them else -1


def commitment(round_id: int, seed_secret: bytes) -> bytes:
    return hashlib.sha256(hkdf.round_salt(round_id) + seed_secret).digest()


def share_key(round_id: int, agreed_secret: bytes) -> bytes:
    return hkdf.derive(hkdf.round_salt(round_id), agreed_secret, "chorus-secagg/share-key", 32)


def apply(target: np.ndarray, seed: bytes, sign: int) -> None:
    """target += sign · PRG(seed) (mod 2^32), in place; target is a uint32 array."""
    if sign not in (1, -1):
        raise ValueError("sign must be +1 or -1")
    if len(seed) != 32:
        raise ValueError("mask seeds are 32 bytes")
    words = aes.keystream_words(seed, target.size)
    if sign == 1:
        target += words
    else:
        target -= words
