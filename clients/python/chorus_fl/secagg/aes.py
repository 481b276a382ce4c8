"""AES-256 encryption of many blocks at once with numpy T-tables, and the keystreams built on it.

Blocks are held as four arrays of big-endian 32-bit column words, so one table lookup serves every block: the
CTR keystream of a million-word mask costs 14 rounds × 16 vectorised lookups instead of a Python loop per block.
"""
from __future__ import annotations

import numpy as np

_U32 = np.uint32


def _sbox() -> np.ndarray:
    def mul(a: int, b: int) -> int:
        p = 0
        for _ in range(8):
            if b & 1:
                p ^= a
            a = ((a << 1) ^ (0x1B if a & 0x80 else 0)) & 0xFF
            b >>= 1
        return p

    box = np.zeros(256, dtype=np.uint8)
    for x in range(256):
        inverse = next((y for y in range(1, 256) if mul(x, y) == 1), 0)
        s = inverse
        for shift in range(1, 5):
            s ^= ((inverse << shift) | (inverse >> (8 - shift))) & 0xFF
        box[x] = s ^ 0x63
    return box


SBOX = _sbox()
_S32 = SBOX.astype(_U32)
_X2 = ((_S32 << 1) ^ np.where(_S32 & 0x80, 0x1B, 0).astype(_U32)) & 0xFF
_TE0 = (_X2 << 24) | (_S32 << 16) | (_S32 << 8) | (_X2 ^ _S32)
_TE = [_TE0, (_TE0 >> 8) | (_TE0 << 24), (_TE0 >> 16) | (_TE0 << 16), (_TE0 >> 24) | (_TE0 << 8)]


def expand_key(key: bytes) -> np.ndarray:
    """The 60 round-key words of AES-256 (FIPS 197, 5.2)."""
    if len(key) != 32:
        raise ValueError("AES-256 keys are 32 bytes")
    words = [int.from_bytes(key[4 * i:4 * i + 4], "big") for i in range(8)]
    rcon = 1
    for i in range(8, 60):
        t = words[i - 1]
        if i % 8 == 0:
            t = ((t << 8) | (t >> 24)) & 0xFFFFFFFF
            t = _sub_word(t) ^ (rcon << 24)
            rcon = (rcon << 1) ^ (0x11B if rcon & 0x80 else 0)
        elif i % 8 == 4:
            t = _sub_word(t)
        words.append(words[i - 8] ^ t)
    return np.array(words, dtype=_U32)


def _sub_word(w: int) -> int:
    return int.from_bytes(bytes(int(SBOX[b]) for b in w.to_bytes(4, "big")), "big")


def encrypt_columns(round_keys: np.ndarray, s: list[np.ndarray]) -> list[np.ndarray]:
    """Encrypts blocks given as four column arrays (uint32, big-endian words); returns the four output columns."""
    s = [c ^ round_keys[i] for i, c in enumerate(s)]
    for r in range(1, 14):
        k = round_keys[4 * r:4 * r + 4]
        s = [_TE[0][s[i] >> 24] ^ _TE[1][(s[(i + 1) % 4] >> 16) & 0xFF] ^ _TE[2][(s[(i + 2) % 4] >> 8) & 0xFF]
             ^ _TE[3][s[(i + 3) % 4] & 0xFF] ^ k[i] for i in range(4)]
    k = round_keys[56:60]
    return [((_S32[s[i] >> 24] << 24) | (_S32[(s[(i + 1) % 4] >> 16) & 0xFF] << 16)
             | (_S32[(s[(i + 2) % 4] >> 8) & 0xFF] << 8) | _S32[s[(i + 3) % 4] & 0xFF]) ^ k[i] for i in range(4)]


def encrypt_block(round_keys: np.ndarray, block: bytes) -> bytes:
    columns = [np.array([int.from_bytes(block[4 * i:4 * i + 4], "big")], dtype=_U32) for i in range(4)]
    return b"".join(int(c[0]).to_bytes(4, "big") for c in encrypt_columns(round_keys, columns))


_CHUNK_BLOCKS = 1 << 16


def keystream_words(key: bytes, count: int, prefix: tuple[int, int, int] = (0, 0, 0), start: int = 0) -> np.ndarray:
    """``count`` little-endian 32-bit words of AES-256 in counter mode, counter blocks being ``prefix`` (three
    big-endian words) then a 32-bit counter from ``start``, wrapping mod 2^32 (GCM's inc32). With a zero prefix
    this is the JDK's AES/CTR with a zero IV for the first 2^32 blocks, which is as far as masks go."""
    if not 0 <= count <= 4 << 32:
        raise ValueError(f"keystream of {count} words is out of range")
    round_keys = expand_key(key)
    blocks = (count + 3) // 4
    out = np.empty((blocks, 4), dtype=_U32)
    for first in range(0, blocks, _CHUNK_BLOCKS):
        n = min(_CHUNK_BLOCKS, blocks - first)
        low = ((np.arange(n, dtype=np.uint64) + (start + first)) & 0xFFFFFFFF).astype(_U32)
        columns = [np.full(n, word, dtype=_U32) for word in prefix] + [low]
        for i, column in enumerate(encrypt_columns(round_keys, columns)):
            out[first:first + n, i] = column
    # Keystream bytes are the columns big-endian; read as little-endian words that is one byte swap each.
    return out.byteswap().reshape(-1)[:count]
