"""SecAggWire: the messages of a secure-aggregation round and their byte layout (docs/federated-protocol.md,
"SecAggWire byte layout"): a 1-byte tag, then the fields big-endian in order, byte strings and arrays with an
i32 length, lists with an i32 count. Decoding never trusts a length beyond the bytes present."""
from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Union

import numpy as np

from .config import SecAggConfig

SELF_MASK_SEED, MASK_PRIVATE_KEY = 0, 1


@dataclass(frozen=True)
class Setup:
    recipient: int
    config: SecAggConfig


@dataclass(frozen=True)
class AdvertiseKeys:
    sender: int
    channel_key: bytes
    mask_key: bytes


@dataclass(frozen=True)
class PeerKeys:
    id: int
    channel_key: bytes
    mask_key: bytes


@dataclass(frozen=True)
class KeyDirectory:
    recipient: int
    peers: list[PeerKeys]


@dataclass(frozen=True)
class EncryptedShare:
    sender: int
    to: int
    ciphertext: bytes


@dataclass(frozen=True)
class ShareKeys:
    sender: int
    seed_commitment: bytes
    shares: list[EncryptedShare]


@dataclass(frozen=True)
class ForwardedShares:
    recipient: int
    shares: list[EncryptedShare]


@dataclass(frozen=True, eq=False)
class MaskedInput:
    sender: int
    declared_weight: float
    masked: np.ndarray = field(repr=False)  # uint32, d + 1 words

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, MaskedInput) and (self.sender, self.declared_weight) == (other.sender, other.declared_weight)
                and np.array_equal(self.masked, other.masked))


@dataclass(frozen=True)
class UnmaskRequest:
    recipient: int
    survivor_count: int
    surviving: list[int]
    dropped: list[int]


@dataclass(frozen=True)
class RevealedShare:
    owner: int
    kind: int  # SELF_MASK_SEED or MASK_PRIVATE_KEY
    share: bytes


@dataclass(frozen=True)
class UnmaskResponse:
    sender: int
    shares: list[RevealedShare]


Message = Union[Setup, AdvertiseKeys, KeyDirectory, ShareKeys, ForwardedShares, MaskedInput, UnmaskRequest, UnmaskResponse]


class _Writer:
    def __init__(self, tag: int) -> None:
        self.parts = [bytes([tag])]

    def i32(self, *values: int) -> _Writer:
        self.parts.append(struct.pack(f">{len(values)}i", *values))
        return self

    def u8(self, value: int) -> _Writer:
        self.parts.append(bytes([value]))
        return self

    def i64(self, value: int) -> _Writer:
        self.parts.append(struct.pack(">q", value))
        return self

    def f64(self, value: float) -> _Writer:
        self.parts.append(struct.pack(">d", value))
        return self

    def raw(self, data: bytes) -> _Writer:
        self.parts.append(struct.pack(">i", len(data)) + data)
        return self

    def ints(self, values: list[int] | np.ndarray) -> _Writer:
        array = np.asarray(values).astype(np.uint32)
        self.parts.append(struct.pack(">i", array.size) + array.astype(">u4").tobytes())
        return self

    def shares(self, shares: list[EncryptedShare]) -> _Writer:
        self.i32(len(shares))
        for s in shares:
            self.i32(s.sender, s.to).raw(s.ciphertext)
        return self


def encode(m: Message) -> bytes:
    if isinstance(m, Setup):
        c = m.config
        w = _Writer(8).i32(m.recipient).i64(c.round_id).ints(c.client_ids).i32(c.neighbours, c.threshold, c.dimension)
        w.f64(c.clip_range).f64(c.max_weight).i32(c.bits).i64(c.graph_seed)
    elif isinstance(m, AdvertiseKeys):
        w = _Writer(1).i32(m.sender).raw(m.channel_key).raw(m.mask_key)
    elif isinstance(m, KeyDirectory):
        w = _Writer(2).i32(m.recipient, len(m.peers))
        for p in m.peers:
            w.i32(p.id).raw(p.channel_key).raw(p.mask_key)
    elif isinstance(m, ShareKeys):
        w = _Writer(3).i32(m.sender).raw(m.seed_commitment).shares(m.shares)
    elif isinstance(m, ForwardedShares):
        w = _Writer(4).i32(m.recipient).shares(m.shares)
    elif isinstance(m, MaskedInput):
        w = _Writer(5).i32(m.sender).f64(m.declared_weight).ints(m.masked)
    elif isinstance(m, UnmaskRequest):
        w = _Writer(6).i32(m.recipient, m.survivor_count).ints(m.surviving).ints(m.dropped)
    elif isinstance(m, UnmaskResponse):
        w = _Writer(7).i32(m.sender, len(m.shares))
        for r in m.shares:
            w.i32(r.owner).u8(r.kind).raw(r.share)
    else:
        raise TypeError(f"not a SecAggWire message: {m!r}")
    return b"".join(w.parts)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def take(self, n: int) -> bytes:
        if n > len(self.data) - self.at:
            raise ValueError("truncated message")
        self.at += n
        return self.data[self.at - n:self.at]

    def i32(self) -> int:
        return struct.unpack(">i", self.take(4))[0]

    def i64(self) -> int:
        return struct.unpack(">q", self.take(8))[0]

    def f64(self) -> float:
        return struct.unpack(">d", self.take(8))[0]

    def u8(self) -> int:
        return self.take(1)[0]

    def count(self, min_bytes_each: int) -> int:
        n = self.i32()
        if n < 0 or n * min_bytes_each > len(self.data) - self.at:
            raise ValueError(f"length {n} beyond the message")
        return n

    def raw(self) -> bytes:
        return self.take(self.count(1))

    def words(self) -> np.ndarray:
        n = self.count(4)
        return np.frombuffer(self.take(4 * n), dtype=">u4").astype(np.uint32)

    def ints(self) -> list[int]:
        return self.words().astype(np.int32).tolist()

    def shares(self) -> list[EncryptedShare]:
        return [EncryptedShare(self.i32(), self.i32(), self.raw()) for _ in range(self.count(12))]


def decode(data: bytes) -> Message:
    """The message in ``data``; ValueError for unknown tags, truncation, lying lengths or trailing bytes."""
    r = _Reader(data)
    tag = r.u8()
    m: Message
    if tag == 8:
        recipient, round_id, ids = r.i32(), r.i64(), r.ints()
        m = Setup(recipient, SecAggConfig(round_id, ids, r.i32(), r.i32(), r.i32(), r.f64(), r.f64(), r.i32(), r.i64()))
    elif tag == 1:
        m = AdvertiseKeys(r.i32(), r.raw(), r.raw())
    elif tag == 2:
        recipient = r.i32()
        m = KeyDirectory(recipient, [PeerKeys(r.i32(), r.raw(), r.raw()) for _ in range(r.count(4 + 8 + 64))])
    elif tag == 3:
        m = ShareKeys(r.i32(), r.raw(), r.shares())
    elif tag == 4:
        m = ForwardedShares(r.i32(), r.shares())
    elif tag == 5:
        m = MaskedInput(r.i32(), r.f64(), r.words())
    elif tag == 6:
        m = UnmaskRequest(r.i32(), r.i32(), r.ints(), r.ints())
    elif tag == 7:
        sender = r.i32()
        m = UnmaskResponse(sender, [RevealedShare(r.i32(), _kind(r.u8()), r.raw()) for _ in range(r.count(9))])
    else:
        raise ValueError(f"unknown message tag {tag}")
    if r.at != len(data):
        raise ValueError(f"{len(data) - r.at} trailing bytes")
    return m


def _kind(kind: int) -> int:
    if kind not in (SELF_MASK_SEED, MASK_PRIVATE_KEY):
        raise ValueError(f"unknown share kind {kind}")
    return kind
