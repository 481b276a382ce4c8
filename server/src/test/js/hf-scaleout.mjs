// The official @huggingface/hub client as one of the scale-out test's clients (scaleout/ScaleOutTest): through nginx,
// round after round, uploads a file over LFS and one over Xet, downloads both back and checks every byte, until the
// file STOP_FILE exists. A call that fails (the node serving it was killed) is retried, as a user's script would.
// Prints "COMMITTED <path> <sha256>" once a file's commit succeeded, and "RETRIED <what>: <error>" per retry.
// Usage: HUB_URL=http://127.0.0.1:port HF_TOKEN=hf_... HF_USER=alice SIZE=bytes STOP_FILE=/path node hf-scaleout.mjs
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createRepo, uploadFiles, downloadFile } from "@huggingface/hub";

const hubUrl = process.env.HUB_URL;
const accessToken = process.env.HF_TOKEN;
const user = process.env.HF_USER;
const size = Number(process.env.SIZE ?? 2 * 1024 * 1024);
const stopFile = process.env.STOP_FILE;
const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");

async function retrying(what, call) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (attempt === 30) throw e;
      console.log(`RETRIED ${what}: ${String(e?.message ?? e).split("\n")[0]}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

const repo = { type: "model", name: `${user}/scaleout-hf` };
await retrying("createRepo", () => createRepo({ repo, accessToken, hubUrl }));
for (let round = 0; !existsSync(stopFile); round++) {
  for (const useXet of [false, true]) {
    const path = `${useXet ? "xet" : "lfs"}-${round}.bin`;
    const bytes = randomBytes(size);
    await retrying(`upload ${path}`, () => uploadFiles({ repo, accessToken, hubUrl, useXet, commitTitle: `add ${path}`,
      files: [{ path, content: new Blob([bytes]) }] }));
    console.log(`COMMITTED ${path} ${sha256(bytes)}`);
    const back = await retrying(`download ${path}`, async () =>
      Buffer.from(await (await downloadFile({ repo, path, accessToken, hubUrl })).arrayBuffer()));
    assert.equal(sha256(back), sha256(bytes), `${path} came back different`);
  }
}
console.log("HF SCALEOUT OK");
