"""Recomputes the Java test vectors of PythonSecAggMatchesJavaTest with chorus_fl.secagg: reads "name value" lines
(bytes in hex, numbers in decimal, lists comma-separated) and prints "name value" lines for Java to compare.
Lines starting with # are measurements, not results."""
from __future__ import annotations

import hashlib
import sys
import time

import numpy as np

from chorus_fl.secagg import graph, hkdf, masks, quantizer, shamir, share_cipher, wire, x25519


def main(path: str) -> None:
    v = dict(line.rstrip("\n").split(" ", 1) for line in open(path) if line.strip())

    def b(name: str) -> bytes:
        return bytes.fromhex(v[name])

    def ints(name: str) -> list[int]:
        return [int(x) for x in v[name].split(",") if x]

    out: dict[str, str] = {}
    a, bb = b("x.a"), b("x.b")
    out["x.pubA"], out["x.pubB"] = x25519.public_of(a).hex(), x25519.public_of(bb).hex()
    shared = x25519.agree(a, x25519.public_of(bb))
    out["x.shared"] = shared.hex()

    rnd, ikm, label = int(v["h.round"]), b("h.ikm"), v["h.label"]
    out["h.short"] = hkdf.derive(hkdf.round_salt(rnd), ikm, label, 32).hex()
    out["h.long"] = hkdf.derive(hkdf.round_salt(rnd), ikm, label, 80).hex()
    out["h.empty"] = hkdf.derive(b"", ikm, label, 45).hex()

    out["s.self"] = masks.self_seed(rnd, ikm[:32]).hex()
    out["s.pair"] = masks.pair_seed(rnd, a, x25519.public_of(bb), 7, 3).hex()
    out["s.commit"] = masks.commitment(rnd, ikm[:32]).hex()
    out["s.sharekey"] = masks.share_key(rnd, shared).hex()

    seed = b("p.seed")
    for name, sign in (("p.plus", 1), ("p.minus", -1)):
        target = np.array(ints("p.target"), dtype=np.int64).astype(np.uint32)
        masks.apply(target, seed, sign)
        out[name] = ",".join(map(str, target.astype(np.int32).tolist()))
    big = np.zeros(int(v["p.big.n"]), dtype=np.uint32)
    started = time.perf_counter()
    masks.apply(big, seed, 1)
    seconds = time.perf_counter() - started
    print(f"# python PRG: {big.size} words in {seconds:.3f} s ({big.size / seconds / 1e6:.2f} M words/s)")
    out["p.big.sha256"] = hashlib.sha256(big.astype("<u4").tobytes()).hexdigest()

    key, sealed = b("g.key"), b("g.sealed")
    g_round, g_from, g_to = int(v["g.round"]), int(v["g.from"]), int(v["g.to"])
    seed_share, key_share = share_cipher.open_(key, g_round, g_from, g_to, sealed)
    out["g.opened"] = (seed_share + key_share).hex()
    try:
        share_cipher.open_(key, g_round, g_from, g_to + 1, sealed)
        out["g.otherPair"] = "opened"
    except ValueError:
        out["g.otherPair"] = "refused"
    out["g.sealed"] = share_cipher.seal(key, g_round, g_from, g_to, seed_share, key_share, nonce=sealed[:12]).hex()

    draws = iter(ints("sh.draws"))
    xs, t = ints("sh.xs"), int(v["sh.t"])
    shares = shamir.split(b("sh.secret"), xs, t, lambda: next(draws))
    out["sh.shares"] = "".join(shamir.encode(s).hex() for s in shares)
    out["sh.combined"] = shamir.combine(xs[1:t + 1], [shamir.decode(shamir.encode(s)) for s in shares[1:t + 1]]).hex()

    update = np.frombuffer(b("q.update"), dtype=">f4")
    encoded = quantizer.encode(update, float(v["q.weight"]), float(v["q.clip"]), float(v["q.max"]), int(v["q.bits"]))
    out["q.encoded"] = ",".join(map(str, encoded.astype(np.int32).tolist()))

    neighbours = graph.neighbours(ints("gr.ids"), int(v["gr.degree"]), int(v["gr.seed"]))
    for client, peers in neighbours.items():
        out[f"gr.{client}"] = ",".join(map(str, peers))

    for name in [k for k in v if k.startswith("w.")]:
        message = wire.decode(b(name))
        out[name] = wire.encode(message).hex()
        if isinstance(message, wire.Setup):
            c = message.config
            out[name + ".fields"] = ",".join(map(str, [message.recipient, c.round_id, len(c.client_ids), c.neighbours,
                                                       c.threshold, c.dimension, c.clip_range, c.max_weight, c.bits, c.graph_seed]))
    for name, value in out.items():
        print(name, value)


if __name__ == "__main__":
    main(sys.argv[1])
