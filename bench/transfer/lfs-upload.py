#!/usr/bin/env python3
"""Uploads one file over the hub's git-lfs batch API with HF's multipart transfer, streaming each part from the file
(the official JS client cannot: it hashes a whole file with WebCrypto, which refuses 2 GiB and more), then commits it.
    lfs-upload.py HUB_URL TOKEN REPO FILE PATH_IN_REPO SHA256      (used by bounded-memory.sh)"""
import json, os, sys, urllib.request

hub, token, repo, path, name, oid = sys.argv[1:]
size = os.path.getsize(path)
auth = {"Authorization": "Bearer " + token}
lfs = {**auth, "Accept": "application/vnd.git-lfs+json", "Content-Type": "application/vnd.git-lfs+json"}


def call(url, body=None, headers=auth, method="POST"):
    with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers, method=method)) as r:
        return r.headers, r.read()


class Part:
    """Bytes [offset, offset + length) of the file as a stream, so no part is held in memory."""
    def __init__(self, f, offset, length):
        self.f, self.left = f, length
        f.seek(offset)

    def read(self, n=-1):
        n = self.left if n < 0 else min(n, self.left)
        data = self.f.read(n)
        self.left -= len(data)
        return data


batch = {"operation": "upload", "transfers": ["basic", "multipart"], "hash_algo": "sha_256",
         "ref": {"name": "main"}, "objects": [{"oid": oid, "size": size}]}
_, reply = call(f"{hub}/{repo}.git/info/lfs/objects/batch", json.dumps(batch).encode(), lfs)
upload = json.loads(reply)["objects"][0]["actions"]["upload"]
header = upload.get("header", {})
chunk = int(header["chunk_size"])   # a multipart offer, or this is not the test it claims to be
parts = sorted((int(k), v) for k, v in header.items() if k.isdigit())
etags = []
with open(path, "rb") as f:
    for number, url in parts:
        offset = (number - 1) * chunk
        length = min(chunk, size - offset)
        h, _ = call(url, Part(f, offset, length), {"Content-Length": str(length)}, "PUT")
        etags.append({"partNumber": number, "etag": h["ETag"]})
call(upload["href"], json.dumps({"oid": oid, "parts": etags}).encode(), lfs)
commit = [{"key": "header", "value": {"summary": "upload " + name}},
          {"key": "lfsFile", "value": {"path": name, "algo": "sha256", "oid": oid, "size": size}}]
call(f"{hub}/api/models/{repo}/commit/main", "\n".join(json.dumps(c) for c in commit).encode(),
     {**auth, "Content-Type": "application/x-ndjson"})
print(f"{len(parts)} parts of {chunk} bytes")
