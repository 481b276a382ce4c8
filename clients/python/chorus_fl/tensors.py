"""Tensors to and from protocol pieces, exactly as the Java SDK's TensorCodec: little-endian F32 (U32 for a
masked secure-aggregation input), at most 1 MiB a piece, offsets in bytes, and an empty tensor as one piece with
empty data."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from .proto import pb

PIECE_BYTES = 1 << 20
_F32 = np.dtype("<f4")
_U32 = np.dtype("<u4")

Tensors = dict[str, np.ndarray]


def assemble(pieces: Iterable[pb.TensorPiece]) -> Tensors:
    """Joins pieces into float32 arrays of their shapes, in the order they arrive."""
    out: Tensors = {}
    name: str | None = None
    shape: tuple[int, ...] = ()
    parts: list[bytes] = []
    filled = 0

    def finish() -> None:
        if name is not None:
            expected = int(np.prod(shape, dtype=np.int64)) * 4
            if filled != expected:
                raise ValueError(f"tensor {name} ended after {filled} of {expected} bytes")
            out[name] = np.frombuffer(bytearray(b"".join(parts)), dtype=_F32).reshape(shape)  # writable

    for p in pieces:
        if p.dtype != pb.F32:
            raise ValueError(f"tensor {p.name}: unsupported dtype {pb.DType.Name(p.dtype)}")
        if p.name != name:
            finish()
            if p.name in out:
                raise ValueError(f"tensor {p.name} arrived twice")
            name, shape, parts, filled = p.name, tuple(p.shape), [], 0
        if p.offset != filled:
            raise ValueError(f"tensor {name}: piece at byte {p.offset}, expected {filled}")
        parts.append(p.data)
        filled += len(p.data)
    finish()
    return out


def split(tensors: Tensors) -> Iterator[pb.TensorPiece]:
    """Pieces of every tensor in order, in row-major order: uint32 arrays as U32, everything else as float32."""
    for name, array in tensors.items():
        dtype, wire_type = (_U32, pb.U32) if np.asarray(array).dtype == np.uint32 else (_F32, pb.F32)
        data = np.ascontiguousarray(array, dtype=dtype).tobytes()
        shape = list(np.shape(array))
        offset = 0
        while True:
            chunk = data[offset:offset + PIECE_BYTES]
            yield pb.TensorPiece(name=name, dtype=wire_type, shape=shape, offset=offset, data=chunk)
            offset += len(chunk)
            if offset >= len(data):
                break
