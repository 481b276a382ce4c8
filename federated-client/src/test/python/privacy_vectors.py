"""Applies chorus_fl.privacy to the cases of PythonClipsAsTheJavaSdkTest: reads "name value" lines (float32 tensors
as big-endian hex, shapes and settings in decimal) and prints "name value" lines for Java to compare: each case's
sent tensors in the same hex, its dp_unclipped metric ("none" if absent), or "error" if the settings are refused."""
from __future__ import annotations

import sys

import numpy as np

from chorus_fl import privacy
from chorus_fl.trainer import FitResult

NAMES = ("a", "b")


def main(path: str) -> None:
    v = dict(line.rstrip("\n").split(" ", 1) for line in open(path) if line.strip())

    def tensor(key: str, name: str) -> np.ndarray:
        shape = tuple(int(x) for x in v[f"shape.{name}"].split(","))
        return np.frombuffer(bytes.fromhex(v[key]), dtype=">f4").astype(np.float32).reshape(shape)

    received = {name: tensor(f"received.{name}", name) for name in NAMES}
    for case in sorted({k.split(".")[1] for k in v if k.startswith("trained.")}):
        trained = FitResult({name: tensor(f"trained.{case}.{name}", name) for name in NAMES}, 5, {"loss": 0.3})
        config = {key.split(".", 2)[2]: _value(value) for key, value in v.items() if key.startswith(f"config.{case}.")}
        try:
            sent = privacy.apply(received, trained, config)
        except ValueError:
            print(f"{case}.error refused")
            continue
        for name in NAMES:
            print(f"{case}.{name} {sent.weights[name].astype('>f4').tobytes().hex()}")
        print(f"{case}.bit {sent.metrics.get(privacy.UNCLIPPED, 'none')}")
        print(f"{case}.same {sent is trained}")


def _value(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


if __name__ == "__main__":
    main(sys.argv[1])
