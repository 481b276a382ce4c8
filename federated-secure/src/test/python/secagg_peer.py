"""One chorus_fl SecAggClient over stdin and stdout, for PythonNodesJoinAJavaSecAggRoundTest: each line in is a
hex SecAggWire message from the server (for the masked stage followed by the update as hex big-endian float32 and
the weight), each line out the node's hex answer, or "dropped <reason>" when the node drops out."""
from __future__ import annotations

import sys

import numpy as np

from chorus_fl.secagg import wire
from chorus_fl.secagg.client import SecAggClient, SecAggError


def answer(client: SecAggClient | None, fields: list[str]) -> tuple[SecAggClient | None, wire.Message]:
    m = wire.decode(bytes.fromhex(fields[0]))
    if isinstance(m, wire.Setup):
        client = SecAggClient(m.config, m.recipient)
        return client, client.advertise_keys()
    if client is None:
        raise SecAggError("no Setup yet")
    if isinstance(m, wire.KeyDirectory):
        return client, client.share_keys(m)
    if isinstance(m, wire.ForwardedShares):
        return client, client.masked_input(m, np.frombuffer(bytes.fromhex(fields[1]), dtype=">f4"), float(fields[2]))
    if isinstance(m, wire.UnmaskRequest):
        return client, client.unmask(m)
    raise SecAggError(f"unexpected {type(m).__name__}")


def main() -> None:
    client = None
    for line in sys.stdin:
        try:
            client, reply = answer(client, line.split())
            print(wire.encode(reply).hex(), flush=True)
        except SecAggError as e:
            print("dropped", e, flush=True)


if __name__ == "__main__":
    main()
