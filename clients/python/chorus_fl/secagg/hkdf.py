"""HKDF-SHA256 (RFC 5869) and the per-round salt that binds every derived key to one round."""
from __future__ import annotations

import hashlib
import hmac

_HASH_LEN = 32


def derive(salt: bytes, key_material: bytes, label: str, length: int) -> bytes:
    prk = hmac.digest(salt or bytes(_HASH_LEN), key_material, hashlib.sha256)
    info = label.encode()
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.digest(prk, block + info + bytes([counter]), hashlib.sha256)
        out += block
        counter += 1
    return out[:length]


def round_salt(round_id: int) -> bytes:
    return b"chorus-secagg-v1/round/" + round_id.to_bytes(8, "big", signed=True)
