"""This node's side of one secure-aggregation round attempt, kept between its four instructions (SECAGG_SETUP,
_SHARE, _MASK, _UNMASK; docs/federated-protocol.md, "Secure aggregation"), as the Java SDK's SecureSession. The
update never leaves the node unmasked: mask() turns the trained weights into the masked weight·delta here (after
the instruction's dp_mode, which the caller applied)."""
from __future__ import annotations

import math
from typing import TypeVar

import numpy as np

from . import privacy
from .proto import pb
from .secagg import wire
from .secagg.client import SecAggClient, SecAggError
from .tensors import Tensors
from .trainer import Config

SECURE_KINDS = frozenset({pb.SECAGG_SETUP, pb.SECAGG_SHARE, pb.SECAGG_MASK, pb.SECAGG_UNMASK})
MASKED_TENSOR = "secagg.masked"

M = TypeVar("M")


def _decode(ins: pb.Instruction, kind: type[M]) -> M:
    try:
        message = wire.decode(ins.secagg)
    except ValueError as e:
        raise SecAggError(f"{pb.InstructionKind.Name(ins.kind)} carries a malformed message: {e}") from e
    if not isinstance(message, kind):
        raise SecAggError(f"{pb.InstructionKind.Name(ins.kind)} carries a {type(message).__name__}")
    return message


class SecureSession:
    def __init__(self, setup_instruction: pb.Instruction) -> None:
        """Starts from a SECAGG_SETUP; an earlier attempt's session is simply replaced."""
        setup = _decode(setup_instruction, wire.Setup)
        self.task_id, self.round = setup_instruction.task_id, setup_instruction.round
        self._max_weight = setup.config.max_weight
        self._clip_range = setup.config.clip_range
        self._client = SecAggClient(setup.config, setup.recipient)

    def is_for(self, ins: pb.Instruction) -> bool:
        return (ins.task_id, ins.round) == (self.task_id, self.round)

    def advertise(self) -> bytes:
        return wire.encode(self._client.advertise_keys())

    def share(self, ins: pb.Instruction) -> bytes:
        return wire.encode(self._client.share_keys(_decode(ins, wire.KeyDirectory)))

    def weight(self, num_examples: int) -> int:
        """The weight this node declares: its example count, capped at the round's bound."""
        return min(num_examples, math.floor(self._max_weight))

    def appended(self, config: Config, metrics: dict[str, float]) -> np.ndarray:
        """What the node appends to its delta when the instruction asks for adaptive clipping's bit under secure
        aggregation (dp_mask_unclipped): R if its delta was within the clip norm, else 0 (R quantizes exactly, so
        the coordinator reads the count as the sum ÷ R). Nothing otherwise. As in Java, the flag is a bool or the
        string "true"."""
        flag = config.get("dp_mask_unclipped", False)
        if not (flag is True or flag == "true"):
            return np.empty(0, dtype=np.float32)
        bit = metrics.get(privacy.UNCLIPPED)
        if bit is None:
            raise ValueError("dp_mask_unclipped needs dp_mode=clip, which reports whether the delta was clipped")
        return np.array([bit * self._clip_range], dtype=np.float32)

    def mask(self, ins: pb.Instruction, global_: Tensors, trained: Tensors, weight: int, appended: np.ndarray) -> Tensors:
        """The one U32 tensor to push: weight·(trained − global, then ``appended``), flattened in the model's order,
        clipped, masked."""
        delta = np.concatenate([(trained[name].astype(np.float32) - g).reshape(-1) for name, g in global_.items()]
                               + [appended])
        masked = self._client.masked_input(_decode(ins, wire.ForwardedShares), delta, weight).masked
        return {MASKED_TENSOR: masked}

    def unmask(self, ins: pb.Instruction) -> bytes:
        return wire.encode(self._client.unmask(_decode(ins, wire.UnmaskRequest)))
