// The official @huggingface/hub client against the bench's server (run by run.sh, which links node_modules here).
//   node xet.mjs download FILE REPO     uploads FILE over Xet, then prints "XET_DOWNLOAD bytes seconds" for a download
//                                       through downloadFile (a warm-up download first, as nginx serves from page cache)
//   node xet.mjs fetch URL              prints "FETCH bytes seconds" for a plain fetch() of URL (a warm-up first): this
//                                       runtime's own HTTP ceiling, the most any JS client could reach
//   node xet.mjs versions REPO xet|lfs  uploads a 64 MiB safetensors-like file, then a second version (header changed,
//                                       10% of tensors rewritten); prints "VERSION n" after each so run.sh can measure the disk
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { createRepo, uploadFiles, downloadFile } from "@huggingface/hub";

const hubUrl = process.env.HUB_URL;
const accessToken = process.env.HF_TOKEN;
const [mode, a, b] = process.argv.slice(2);
const waitLine = async () => new Promise((resolve) => process.stdin.once("data", resolve));

async function drain(blobOrResponse) {
  let n = 0;
  const reader = (blobOrResponse instanceof Response ? blobOrResponse.body : blobOrResponse.stream()).getReader();
  for (let r; !(r = await reader.read()).done; ) n += r.value.length;
  return n;
}

if (mode === "download") {
  const repo = { type: "model", name: b };
  await createRepo({ repo, accessToken, hubUrl });
  const content = readFileSync(a);
  // Setup for the measured download, so one failure is retried, loudly: at load 20-30 the client's xorb POST has
  // failed with EPIPE (the server had closed the connection) in about half the runs — an upload-path issue.
  for (let attempt = 1; ; attempt++) {
    try {
      await uploadFiles({ repo, accessToken, hubUrl, useXet: true, files: [{ path: "weights.bin", content: new Blob([content]) }] });
      break;
    } catch (e) {
      if (attempt === 2) throw e;
      console.error(`WARNING: Xet upload before the download failed (${e.cause?.code ?? e.message}); retrying once`);
    }
  }
  for (const label of ["warm-up", "measured"]) {
    const start = process.hrtime.bigint();
    const blob = await downloadFile({ repo, path: "weights.bin", accessToken, hubUrl });
    if (blob.constructor.name !== "XetBlob") throw new Error(`not a Xet download: ${blob.constructor.name}`);
    const n = await drain(blob);
    const s = Number(process.hrtime.bigint() - start) / 1e9;
    if (n !== content.length) throw new Error(`downloaded ${n} of ${content.length} bytes`);
    if (label === "measured") console.log(`XET_DOWNLOAD ${n} ${s}`);
  }
} else if (mode === "fetch") {
  for (const label of ["warm-up", "measured"]) {
    const start = process.hrtime.bigint();
    const resp = await fetch(a);
    if (!resp.ok) throw new Error(`fetch ${a}: HTTP ${resp.status}`);
    const n = await drain(resp);
    const s = Number(process.hrtime.bigint() - start) / 1e9;
    if (label === "measured") console.log(`FETCH ${n} ${s}`);
  }
} else if (mode === "versions") {
  const repo = { type: "model", name: a };
  const useXet = b === "xet";
  await createRepo({ repo, accessToken, hubUrl });
  // A safetensors-like file: an 8-byte length, a JSON header, then 64 tensors of 1 MiB.
  const tensors = Array.from({ length: 64 }, (_, i) => randomBytes(1 << 20));
  const build = (version) => {
    const header = Buffer.from(JSON.stringify({ __metadata__: { version: String(version) },
      ...Object.fromEntries(tensors.map((t, i) => [`layer.${i}.weight`, { dtype: "BF16", shape: [512, 1024],
        data_offsets: [i << 20, (i + 1) << 20] }])) }));
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(header.length));
    return Buffer.concat([len, header, ...tensors]);
  };
  const v1 = build(1);
  await uploadFiles({ repo, accessToken, hubUrl, useXet, files: [{ path: "model.safetensors", content: new Blob([v1]) }] });
  console.log(`VERSION 1 ${v1.length}`);
  await waitLine();
  for (let i = 0; i < 64; i += 10) tensors[i] = randomBytes(1 << 20);   // 7 of 64 tensors: about 10%
  const v2 = build(2);
  await uploadFiles({ repo, accessToken, hubUrl, useXet, files: [{ path: "model.safetensors", content: new Blob([v2]) }] });
  console.log(`VERSION 2 ${v2.length}`);
} else {
  throw new Error(`unknown mode ${mode}`);
}
process.exit(0);
