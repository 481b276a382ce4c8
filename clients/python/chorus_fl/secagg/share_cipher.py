"""A pair of Shamir shares from one client to another, as the Java ShareCipher: a 12-byte random nonce, then the
AES-256-GCM ciphertext and tag of (from i32, to i32, seed share, key share); the associated data is (round i64,
from i32, to i32), so a share moved to another pair or round fails authentication."""
from __future__ import annotations

import secrets
import struct

from . import gcm
from .shamir import SHARE_BYTES

PLAIN_BYTES = 4 + 4 + 2 * SHARE_BYTES
CIPHER_BYTES = 12 + PLAIN_BYTES + 16


def _aad(round_id: int, sender: int, to: int) -> bytes:
    return struct.pack(">qii", round_id, sender, to)


def seal(key: bytes, round_id: int, sender: int, to: int, seed_share: bytes, key_share: bytes,
         nonce: bytes | None = None) -> bytes:
    nonce = secrets.token_bytes(12) if nonce is None else nonce
    plain = struct.pack(">ii", sender, to) + seed_share + key_share
    return nonce + gcm.seal(key, nonce, plain, _aad(round_id, sender, to))


def open_(key: bytes, round_id: int, sender: int, to: int, ciphertext: bytes) -> tuple[bytes, bytes]:
    """(seed share, key share); ValueError if the ciphertext is malformed, forged or addressed to another pair."""
    if len(ciphertext) != CIPHER_BYTES:
        raise ValueError(f"share from {sender} has the wrong size")
    try:
        plain = gcm.open_(key, ciphertext[:12], ciphertext[12:], _aad(round_id, sender, to))
    except ValueError as e:
        raise ValueError(f"share from {sender} fails authentication") from e
    if struct.unpack(">ii", plain[:8]) != (sender, to):
        raise ValueError(f"share from {sender} is addressed to someone else")
    return plain[8:8 + SHARE_BYTES], plain[8 + SHARE_BYTES:]
