"""AES-256-GCM (NIST SP 800-38D) with a 12-byte nonce and 16-byte tag, for the small share ciphertexts: the
counter blocks go through the vectorised AES, GHASH multiplies Python integers."""
from __future__ import annotations

import hmac

from . import aes

_R = 0xE1 << 120


def _gf_mul(x: int, y: int) -> int:
    z = 0
    for i in range(127, -1, -1):
        if (x >> i) & 1:
            z ^= y
        y = (y >> 1) ^ _R if y & 1 else y >> 1
    return z


def _ghash(h: int, aad: bytes, ciphertext: bytes) -> int:
    y = 0
    for data in (aad, ciphertext):
        padded = data + bytes(-len(data) % 16)
        for i in range(0, len(padded), 16):
            y = _gf_mul(y ^ int.from_bytes(padded[i:i + 16], "big"), h)
    lengths = (8 * len(aad)) << 64 | (8 * len(ciphertext))
    return _gf_mul(y ^ lengths, h)


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    """E(J0) followed by the keystream from inc32(J0), J0 = nonce ‖ 1."""
    if len(nonce) != 12:
        raise ValueError("GCM nonces are 12 bytes")
    prefix = (int.from_bytes(nonce[0:4], "big"), int.from_bytes(nonce[4:8], "big"), int.from_bytes(nonce[8:12], "big"))
    return aes.keystream_words(key, 4 + (length + 3) // 4, prefix, start=1).astype("<u4").tobytes()


def seal(key: bytes, nonce: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Ciphertext ‖ tag."""
    stream = _keystream(key, nonce, len(plaintext))
    ciphertext = bytes(a ^ b for a, b in zip(plaintext, stream[16:]))
    return ciphertext + _tag(key, stream[:16], aad, ciphertext)


def open_(key: bytes, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
    """The plaintext, or ValueError when the tag does not authenticate (ciphertext, nonce, key and aad)."""
    if len(sealed) < 16:
        raise ValueError("ciphertext shorter than its tag")
    ciphertext, tag = sealed[:-16], sealed[-16:]
    stream = _keystream(key, nonce, len(ciphertext))
    if not hmac.compare_digest(tag, _tag(key, stream[:16], aad, ciphertext)):
        raise ValueError("authentication failed")
    return bytes(a ^ b for a, b in zip(ciphertext, stream[16:]))


def _tag(key: bytes, encrypted_j0: bytes, aad: bytes, ciphertext: bytes) -> bytes:
    h = int.from_bytes(aes.encrypt_block(aes.expand_key(key), bytes(16)), "big")
    return (_ghash(h, aad, ciphertext) ^ int.from_bytes(encrypted_j0, "big")).to_bytes(16, "big")
