// Uploads and downloads a large file with the official @huggingface/hub client over the Xet protocol, then uploads a
// slightly changed version and reports how many xorb bytes the server received for each (deduplication).
// Usage: HUB_URL=http://127.0.0.1:port HF_TOKEN=hf_... HF_USER=alice node hf-xet-roundtrip.mjs
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { createRepo, uploadFiles, downloadFile, listFiles, __internal_XetBlob as XetBlob } from "@huggingface/hub";

const hubUrl = process.env.HUB_URL;
const accessToken = process.env.HF_TOKEN;
const user = process.env.HF_USER;
const bigSize = Number(process.env.BIG_SIZE ?? 50 * 1024 * 1024);
const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");
const step = (name) => console.log(`step: ${name}`);

async function xorbBytesReceived() {
  const text = await (await fetch(`${hubUrl}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith("chorus_xet_xorb_bytes_received_total"));
  return line ? Number(line.split(" ").pop()) : 0;
}

async function checkDownload(repo, expected) {
  const blob = await downloadFile({ repo, path: "weights.bin", accessToken, hubUrl });
  assert.ok(blob instanceof XetBlob, `expected a Xet download, got ${blob?.constructor?.name}`);
  assert.equal(blob.size, expected.length);
  const slice = Buffer.from(await blob.slice(1_000_000, 1_000_500).arrayBuffer());
  assert.ok(slice.equals(expected.subarray(1_000_000, 1_000_500)), "ranged bytes differ");
  const tail = Buffer.from(await blob.slice(expected.length - 70_000).arrayBuffer());
  assert.ok(tail.equals(expected.subarray(expected.length - 70_000)), "tail bytes differ");
  const whole = Buffer.from(await blob.arrayBuffer());
  assert.equal(whole.length, expected.length);
  assert.ok(whole.equals(expected), "downloaded bytes differ");
}

const repo = { type: "model", name: `${user}/xet-roundtrip` };
step("createRepo");
await createRepo({ repo, accessToken, hubUrl });

const big = randomBytes(bigSize);
step("upload over Xet");
const before = await xorbBytesReceived();
await uploadFiles({ repo, accessToken, hubUrl, useXet: true, commitTitle: "add weights over xet",
  files: [{ path: "weights.bin", content: new Blob([big]) }] });
const first = (await xorbBytesReceived()) - before;
console.log(`first upload: ${first} xorb bytes for ${bigSize} file bytes`);
assert.ok(first >= bigSize * 0.99, `the first upload should send the whole file over Xet, sent ${first}`);

const files = [];
for await (const f of listFiles({ repo, accessToken, hubUrl })) files.push(f);
const weights = files.find((f) => f.path === "weights.bin");
assert.equal(weights.lfs.oid, sha256(big));
assert.equal(weights.size, bigSize);

step("download over Xet");
await checkDownload(repo, big);

step("upload a slightly changed file");
const changed = Buffer.from(big);
randomBytes(4096).copy(changed, Math.floor(bigSize / 2));
const before2 = await xorbBytesReceived();
await uploadFiles({ repo, accessToken, hubUrl, useXet: true, commitTitle: "change 4 KiB in the middle",
  files: [{ path: "weights.bin", content: new Blob([changed]) }] });
const second = (await xorbBytesReceived()) - before2;
const ratio = second / first;
console.log(`second upload: ${second} xorb bytes (ratio to the first: ${ratio.toFixed(4)})`);
assert.ok(ratio < 0.05, `the changed file should send far fewer bytes, ratio ${ratio}`);

step("download the changed file over Xet");
await checkDownload(repo, changed);

console.log(`XET RATIO ${ratio.toFixed(4)}`);
console.log("XET ROUNDTRIP OK");
