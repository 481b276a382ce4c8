"""One node's side of a secure-aggregation round, as the Java SecAggClient: each method takes the coordinator's
message of the previous stage and returns this node's message for the next, or raises SecAggError, after which
the node has dropped out of the round. Stages must come in order, each once."""
from __future__ import annotations

import secrets

import numpy as np

from . import masks, quantizer, shamir, share_cipher, x25519
from .config import SecAggConfig
from .graph import neighbours
from .wire import (MASK_PRIVATE_KEY, SELF_MASK_SEED, AdvertiseKeys, EncryptedShare, ForwardedShares, KeyDirectory,
                   MaskedInput, PeerKeys, RevealedShare, ShareKeys, UnmaskRequest, UnmaskResponse)


class SecAggError(ValueError):
    """The coordinator's message is inconsistent or a peer misbehaves: the node sends nothing more this round."""


_STAGES = ("new", "advertised", "shared", "masked", "done")


class SecAggClient:
    def __init__(self, config: SecAggConfig, node_id: int) -> None:
        self.config = config
        self.id = node_id
        self._neighbours = set(neighbours(config.client_ids, config.degree, config.graph_seed).get(node_id, []))
        if not self._neighbours:
            raise SecAggError(f"client {node_id} is not part of round {config.round_id}")
        self._stage = 0
        self._peers: dict[int, PeerKeys] = {}
        self._channel_keys: dict[int, bytes] = {}
        self._held: dict[int, tuple[bytes, bytes]] = {}

    def _advance(self, expected: str) -> None:
        if _STAGES[self._stage] != expected:
            raise SecAggError(f"client {self.id} is at stage {_STAGES[self._stage]}, not {expected}")
        self._stage += 1

    def advertise_keys(self) -> AdvertiseKeys:
        """Stage 0: fresh key pairs for this round (channel key for shares, mask key for pair masks)."""
        self._advance("new")
        self._channel_private, channel_public = x25519.generate()
        self._mask_private, mask_public = x25519.generate()
        self._own_keys = {channel_public, mask_public}
        return AdvertiseKeys(self.id, channel_public, mask_public)

    def share_keys(self, directory: KeyDirectory) -> ShareKeys:
        """Stage 1: Shamir-share the self-mask seed and the mask private key among the neighbours that advertised."""
        self._advance("advertised")
        if directory.recipient != self.id:
            raise SecAggError(f"key directory addressed to {directory.recipient}")
        seen = set(self._own_keys)
        for peer in directory.peers:
            if peer.id not in self._neighbours or peer.id in self._peers:
                raise SecAggError(f"client {peer.id} is not a neighbour of {self.id} or listed twice")
            if peer.channel_key in seen or peer.mask_key in seen or peer.channel_key == peer.mask_key:
                raise SecAggError(f"client {peer.id} reuses a public key")
            seen |= {peer.channel_key, peer.mask_key}
            try:
                x25519.check_public(peer.mask_key)
                secret = x25519.agree(self._channel_private, peer.channel_key)
            except ValueError as e:
                raise SecAggError(f"client {peer.id}: {e}") from e
            self._peers[peer.id] = peer
            self._channel_keys[peer.id] = masks.share_key(self.config.round_id, secret)
        if len(self._peers) + 1 < self.config.threshold:
            raise SecAggError(f"{len(self._peers)} neighbours advertised keys, threshold is {self.config.threshold}")
        self._seed_secret = secrets.token_bytes(32)
        holders = sorted(self._peers) + [self.id]  # the node itself last, as the Java client
        seed_shares = shamir.split(self._seed_secret, holders, self.config.threshold)
        key_shares = shamir.split(self._mask_private, holders, self.config.threshold)
        self._own_share = (shamir.encode(seed_shares[-1]), shamir.encode(key_shares[-1]))
        round_id = self.config.round_id
        shares = [EncryptedShare(self.id, h, share_cipher.seal(self._channel_keys[h], round_id, self.id, h,
                                                               shamir.encode(seed_shares[i]), shamir.encode(key_shares[i])))
                  for i, h in enumerate(holders[:-1])]
        return ShareKeys(self.id, masks.commitment(round_id, self._seed_secret), shares)

    def masked_input(self, forwarded: ForwardedShares, update: np.ndarray, weight: float) -> MaskedInput:
        """Stage 2: weight·update, clipped and quantized, then the weight, masked by the self mask and one pair
        mask per neighbour whose share arrived."""
        self._advance("shared")
        if forwarded.recipient != self.id:
            raise SecAggError(f"shares addressed to {forwarded.recipient}")
        for share in forwarded.shares:
            key = self._channel_keys.get(share.sender)
            if key is None or share.to != self.id or share.sender in self._held:
                raise SecAggError(f"unexpected share from {share.sender} to {share.to}")
            try:
                self._held[share.sender] = share_cipher.open_(key, self.config.round_id, share.sender, self.id, share.ciphertext)
            except ValueError as e:
                raise SecAggError(str(e)) from e
        if len(self._held) + 1 < self.config.threshold:
            raise SecAggError(f"{len(self._held) + 1} clients left in the neighbourhood of {self.id}")
        flat = np.asarray(update, dtype=np.float32).reshape(-1)
        if flat.size != self.config.dimension:
            raise SecAggError(f"expected {self.config.dimension} coordinates, got {flat.size}")
        c = self.config
        masked = quantizer.encode(flat, weight, c.clip_range, c.max_weight, c.bits)
        masks.apply(masked, masks.self_seed(c.round_id, self._seed_secret), 1)
        for peer in sorted(self._held):
            seed = masks.pair_seed(c.round_id, self._mask_private, self._peers[peer].mask_key, self.id, peer)
            masks.apply(masked, seed, masks.pair_sign(self.id, peer))
        return MaskedInput(self.id, weight, masked)

    def unmask(self, request: UnmaskRequest) -> UnmaskResponse:
        """Stage 3: the seed share of itself and of each surviving neighbour, the key share of each dropped one;
        never both for one peer."""
        self._advance("masked")
        if request.recipient != self.id:
            raise SecAggError(f"unmask request addressed to {request.recipient}")
        if request.survivor_count < self.config.threshold:
            raise SecAggError(f"{request.survivor_count} survivors, threshold is {self.config.threshold}")
        surviving, dropped = set(request.surviving), set(request.dropped)
        if self.id in dropped or surviving & dropped:
            raise SecAggError(f"clients {sorted(surviving & dropped | dropped & {self.id})} listed as dropped and surviving")
        missing = (surviving | dropped) - self._held.keys()
        if missing:
            raise SecAggError(f"no share held for clients {sorted(missing)}")
        shares = [RevealedShare(self.id, SELF_MASK_SEED, self._own_share[0])]
        shares += [RevealedShare(v, MASK_PRIVATE_KEY, self._held[v][1]) for v in request.dropped]
        shares += [RevealedShare(v, SELF_MASK_SEED, self._held[v][0]) for v in request.surviving]
        return UnmaskResponse(self.id, shares)
