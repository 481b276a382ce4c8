"""A hand-written client stub for the Federation service (grpc_tools is not needed to call five methods)."""
from __future__ import annotations

from typing import Any

import grpc

from .proto import pb

_SERVICE = "/chorus.federated.v1.Federation/"


class FederationStub:
    def __init__(self, channel: grpc.Channel) -> None:
        def method(kind: str, name: str, request: Any, reply: Any) -> Any:
            return getattr(channel, kind)(_SERVICE + name, request_serializer=request.SerializeToString,
                                          response_deserializer=reply.FromString)

        self.register = method("unary_unary", "Register", pb.RegisterRequest, pb.RegisterReply)
        self.heartbeat = method("unary_unary", "Heartbeat", pb.HeartbeatRequest, pb.HeartbeatReply)
        self.pull_instruction = method("unary_unary", "PullInstruction", pb.PullRequest, pb.PullReply)
        self.download_model = method("unary_stream", "DownloadModel", pb.DownloadRequest, pb.TensorPiece)
        self.push_result = method("stream_unary", "PushResult", pb.ResultPart, pb.PushReply)
