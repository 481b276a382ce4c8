"""Secure aggregation (SecAgg / SecAgg+) for the Python node: the exact primitives of the Java library
federated-secure (X25519, HKDF-SHA256, AES-256-CTR masks, AES-256-GCM shares, Shamir over GF(2^61 − 1), the
quantizer, the SecAgg+ graph, SecAggWire), in pure Python and numpy. See docs/federated-privacy.md."""
