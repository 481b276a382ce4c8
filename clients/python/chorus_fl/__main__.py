"""Runs one node from the command line: python3 -m chorus_fl --target host:port --federation F --name N
--trainer module:factory [--option key=value ...] [--property key=value ...]. The join token comes from
--token or, to keep it out of process listings, $CHORUS_JOIN_TOKEN. Stops on SIGTERM or SIGINT; SIGUSR1 writes every
thread's stack to stderr (for a node that seems stuck) and carries on."""
from __future__ import annotations

import argparse
import faulthandler
import importlib
import logging
import os
import signal
from types import FrameType

from .client import FederatedClient
from .trainer import Trainer


def _pairs(values: list[str]) -> dict[str, str]:
    out = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key:
            raise SystemExit(f"expected key=value, got {value!r}")
        out[key] = rest
    return out


def _trainer(spec: str, options: dict[str, str]) -> Trainer:
    module, sep, attr = spec.partition(":")
    if not sep:
        raise SystemExit(f"--trainer must look like module:factory, got {spec!r}")
    factory = getattr(importlib.import_module(module), attr)
    return factory(**options)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python3 -m chorus_fl", description="Runs one Chorus federated node.")
    parser.add_argument("--target", required=True, help="coordinator host:port")
    parser.add_argument("--federation", required=True)
    parser.add_argument("--token", default=os.environ.get("CHORUS_JOIN_TOKEN"), help="join token (default $CHORUS_JOIN_TOKEN)")
    parser.add_argument("--name", required=True, help="stable node name")
    parser.add_argument("--trainer", required=True, help="module:factory returning a Trainer")
    parser.add_argument("--option", action="append", default=[], help="key=value passed to the trainer factory")
    parser.add_argument("--property", action="append", default=[], help="key=value reported at registration")
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args()
    if not args.token:
        raise SystemExit("no join token: pass --token or set CHORUS_JOIN_TOKEN")
    logging.basicConfig(level=args.log_level, format="%(asctime)s %(levelname)s %(message)s")
    client = FederatedClient(args.target, args.federation, args.token, args.name,
                             _trainer(args.trainer, _pairs(args.option)), properties=dict(_pairs(args.property)))

    def stop(signum: int, frame: FrameType | None) -> None:
        client.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if hasattr(signal, "SIGUSR1"):
        faulthandler.register(signal.SIGUSR1, all_threads=True)
    client.run()


if __name__ == "__main__":
    main()
