"""A federated node: registers with a federation, then pulls instructions, trains or evaluates with a Trainer and
pushes results, until stopped. Mirrors the Java SDK's FederatedClient: lost connections and unknown sessions are
retried with exponential backoff (re-registering under the same node name), and the coordinator's pace-steering
hints set how often it heartbeats and polls. It registers with secagg=true and dp=true: under secure aggregation it
runs the four stages itself and sends only its masked weighted delta, and before any update leaves it applies the
instruction's dp_mode (privacy.py)."""
from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Iterator

import grpc

from . import privacy
from .backoff import Backoff
from .proto import pb
from .secagg.client import SecAggError
from .secure_session import SECURE_KINDS, SecureSession
from .stub import FederationStub
from .tensors import Tensors, assemble, split
from .trainer import Config, ConfigValue, FitResult, Trainer, config_of, scalar

_LOG = logging.getLogger("chorus_fl")
_CALL_TIMEOUT_S = 30.0
_MAX_MESSAGE_BYTES = 8 << 20


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


class FederatedClient:
    def __init__(self, target: str, federation: str, join_token: str, node_name: str, trainer: Trainer,
                 properties: dict[str, ConfigValue] | None = None, backoff: Backoff | None = None) -> None:
        if not (federation and join_token and node_name):
            raise ValueError("federation, join token and node name are required")
        self._channel = grpc.insecure_channel(target, options=[("grpc.max_receive_message_length", _MAX_MESSAGE_BYTES)])
        self._stub = FederationStub(self._channel)
        self._federation = federation
        self._join_token = join_token
        self._node_name = node_name
        self._trainer = trainer
        # Like the Java SDK, the node can take part in secure aggregation and applies dp_mode, and says so: a secure
        # task with DP selects only nodes with dp=true, since the coordinator cannot check what they masked.
        self._properties = {k: scalar(v) for k, v in {"secagg": True, "dp": True, "sdk": "chorus-fl-python",
                                                    "language": f"Python {sys.version_info[0]}.{sys.version_info[1]}", **(properties or {})}.items()}
        self._backoff = backoff or Backoff()
        self._stopped = threading.Event()
        self._session: pb.Session | None = None
        self._secure: SecureSession | None = None
        self._heartbeat_ms = 5_000
        self._pull_not_before_ms = 0
        self.fitted = self.evaluated = self.rejected = self.reconnects = 0

    def run(self) -> None:
        """Runs the node until stop() is called; heartbeats run on a daemon thread."""
        threading.Thread(target=self._heartbeat_loop, name=f"fl-heartbeat-{self._node_name}", daemon=True).start()
        try:
            while not self._stopped.is_set():
                try:
                    self._step()
                    self._backoff.reset()
                except grpc.RpcError as e:
                    if e.code() == grpc.StatusCode.UNAUTHENTICATED:
                        self._session = None
                    self.reconnects += 1
                    delay_ms = self._backoff.next_delay_ms()
                    _LOG.info("node %s: %s; backing off %d ms", self._node_name, e.code().name, delay_ms)
                    self._stopped.wait(delay_ms / 1000)
                except Exception:
                    _LOG.warning("node %s: local training failed", self._node_name, exc_info=True)
                    self._stopped.wait(self._backoff.next_delay_ms() / 1000)
        finally:
            self._channel.close()

    def stop(self) -> None:
        self._stopped.set()

    def _step(self) -> None:
        if self._session is None:
            reply = self._stub.register(pb.RegisterRequest(
                protocol_version=pb.PROTOCOL_VERSION_1, federation=self._federation, join_token=self._join_token,
                node_name=self._node_name, properties=self._properties), timeout=_CALL_TIMEOUT_S)
            self._session = reply.session
            self._heartbeat_ms = max(10, reply.heartbeat_interval_ms)
        self._stopped.wait(max(0, self._pull_not_before_ms - _now_ms()) / 1000)
        pulled = self._stub.pull_instruction(pb.PullRequest(session=self._session), timeout=_CALL_TIMEOUT_S)
        if pulled.WhichOneof("reply") == "wait":
            self._stopped.wait(max(1, pulled.wait.retry_after_ms) / 1000)
        else:
            self._execute(pulled.instruction)

    def _execute(self, ins: pb.Instruction) -> None:
        if ins.deadline_unix_ms <= _now_ms():
            return
        header = pb.ResultHeader(session=self._session, task_id=ins.task_id, round=ins.round, kind=ins.kind,
                                 model_version=ins.model_version)
        tensors: Tensors = {}
        if ins.kind == pb.EVALUATE:
            evaluated = self._trainer.evaluate(self._download(ins), config_of(dict(ins.config)))
            header.num_examples = evaluated.num_examples
            header.metrics.update(evaluated.metrics)
            self.evaluated += 1
        elif ins.kind == pb.FIT:
            _, _, fitted = self._fit(ins)
            header.num_examples, tensors = fitted.num_examples, fitted.weights
            header.metrics.update(fitted.metrics)
        elif ins.kind in SECURE_KINDS:
            try:
                tensors = self._secure_stage(ins, header)
            except SecAggError as e:
                self._secure = None
                _LOG.warning("node %s drops out of secure round %d: %s", self._node_name, ins.round, e)
                return
        else:
            _LOG.warning("node %s: ignoring instruction of unknown kind %d", self._node_name, ins.kind)
            return
        reply = self._stub.push_result(_parts(header, tensors), timeout=max(0.001, (ins.deadline_unix_ms - _now_ms()) / 1000))
        if reply.accepted:
            _LOG.info("node %s: %s result for round %d accepted", self._node_name, pb.InstructionKind.Name(ins.kind), ins.round)
        else:
            self.rejected += 1
            _LOG.info("node %s: result for round %d rejected: %s", self._node_name, ins.round, reply.reason)

    def _secure_stage(self, ins: pb.Instruction, header: pb.ResultHeader) -> Tensors:
        """Fills in the header of one secure-aggregation stage; returns the masked input for SECAGG_MASK."""
        if ins.kind == pb.SECAGG_SETUP:
            self._secure = SecureSession(ins)
            header.secagg = self._secure.advertise()
            return {}
        session = self._secure
        if session is None or not session.is_for(ins):
            raise SecAggError(f"{pb.InstructionKind.Name(ins.kind)} without a setup for this round")
        if ins.kind == pb.SECAGG_SHARE:
            header.secagg = session.share(ins)
            return {}
        if ins.kind == pb.SECAGG_UNMASK:
            self._secure = None
            header.secagg = session.unmask(ins)
            return {}
        global_, config, fitted = self._fit(ins)
        header.num_examples = session.weight(fitted.num_examples)
        header.metrics.update(privacy.in_clear(fitted.metrics))
        return session.mask(ins, global_, fitted.weights, header.num_examples, session.appended(config, fitted.metrics))

    def _download(self, ins: pb.Instruction) -> Tensors:
        request = pb.DownloadRequest(session=self._session, task_id=ins.task_id, model_ref=ins.model_ref)
        return assemble(self._stub.download_model(request, timeout=max(0.001, (ins.deadline_unix_ms - _now_ms()) / 1000)))

    def _fit(self, ins: pb.Instruction) -> tuple[Tensors, Config, FitResult]:
        """The downloaded model, the instruction's config and the result to send: trained, in the downloaded order,
        with the instruction's dp_mode applied."""
        global_ = self._download(ins)
        config = config_of(dict(ins.config))
        trained = self._trainer.fit(global_, config)
        in_order = FitResult(_in_order_of(global_, trained.weights), trained.num_examples, trained.metrics)
        fitted = privacy.apply(global_, in_order, config)
        self.fitted += 1
        return global_, config, fitted

    def _heartbeat_loop(self) -> None:
        while not self._stopped.wait(self._heartbeat_ms / 1000):
            session = self._session
            if session is None:
                continue
            try:
                reply = self._stub.heartbeat(pb.HeartbeatRequest(session=session), timeout=_CALL_TIMEOUT_S)
                self._heartbeat_ms = max(10, reply.heartbeat_interval_ms)
                self._pull_not_before_ms = _now_ms() + reply.retry_after_ms
            except grpc.RpcError as e:
                _LOG.debug("node %s: heartbeat failed: %s", self._node_name, e.code())


def _in_order_of(received: Tensors, trained: Tensors) -> Tensors:
    """The trained tensors in the downloaded order; the coordinator rejects other names, order or shapes."""
    if trained.keys() != received.keys():
        raise ValueError(f"trainer returned tensors {sorted(trained)}, expected {sorted(received)}")
    for name, array in received.items():
        if trained[name].shape != array.shape:
            raise ValueError(f"trainer returned {name} with shape {trained[name].shape}, expected {array.shape}")
    return {name: trained[name] for name in received}


def _parts(header: pb.ResultHeader, tensors: Tensors) -> Iterator[pb.ResultPart]:
    yield pb.ResultPart(header=header)
    for piece in split(tensors):
        yield pb.ResultPart(piece=piece)
