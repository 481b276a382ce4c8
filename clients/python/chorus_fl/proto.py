"""The protocol's message classes, generated from federation.proto with protoc on first use.

Generated code is not checked in: it is written under ``build/`` (or ``$CHORUS_FL_BUILD``) and regenerated
when the .proto is newer. Several clients may start at once, so each generates into its own temporary
directory and renames the result into place atomically.
"""
from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

_HERE = Path(__file__).resolve().parent
PROTO_ROOT = Path(os.environ.get("CHORUS_FL_PROTO_ROOT", _HERE.parents[2] / "federated-proto" / "src" / "main" / "proto"))
BUILD = Path(os.environ.get("CHORUS_FL_BUILD", _HERE.parent / "build"))
PROTO = Path("chorus/federated/v1/federation.proto")


def _generate() -> None:
    source = PROTO_ROOT / PROTO
    if not source.is_file():
        raise FileNotFoundError(f"{source} not found; set CHORUS_FL_PROTO_ROOT to the directory holding {PROTO}")
    target = BUILD / PROTO.with_name("federation_pb2.py")
    if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
        return
    BUILD.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=BUILD))
    try:
        subprocess.run(["protoc", f"-I{PROTO_ROOT}", f"--python_out={scratch}", str(source)], check=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(scratch / target.relative_to(BUILD), target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _load() -> ModuleType:
    _generate()
    if str(BUILD) not in sys.path:
        sys.path.insert(0, str(BUILD))
    return importlib.import_module("chorus.federated.v1.federation_pb2")


pb: ModuleType = _load()
