// Drives the official @huggingface/hub client against a Chorus server and checks every byte.
// Usage: HUB_URL=http://127.0.0.1:port HF_TOKEN=hf_... HF_USER=alice node hf-roundtrip.mjs
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import {
  whoAmI, createRepo, uploadFiles, listFiles, downloadFile, modelInfo, listModels, listCommits,
  createBranch, deleteRepo, pathsInfo, datasetInfo, listDatasets,
} from "@huggingface/hub";

const hubUrl = process.env.HUB_URL;
const accessToken = process.env.HF_TOKEN;
const user = process.env.HF_USER;
const bigSize = Number(process.env.BIG_SIZE ?? 50 * 1024 * 1024);
const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");
const step = (name) => console.log(`step: ${name}`);

step("whoAmI");
const me = await whoAmI({ accessToken, hubUrl });
assert.equal(me.name, user);
assert.equal(me.type, "user");

const name = `${user}/roundtrip`;
const repo = { type: "model", name };
step("createRepo");
const created = await createRepo({ repo, accessToken, hubUrl });
assert.equal(created.repoUrl, `${hubUrl}/${name}`);
for (const extra of ["roundtrip-b", "roundtrip-c", "other"]) {
  await createRepo({ repo: { type: "model", name: `${user}/${extra}` }, accessToken, hubUrl });
}

const readme = "---\nlicense: apache-2.0\nlibrary_name: transformers\npipeline_tag: text-classification\ntags: [chorus-test]\n---\n# Round trip\nDetects axolotls in pond photos.\n";
const config = JSON.stringify({ hidden_size: 8, note: "héllo ✓" });
const big = randomBytes(bigSize);
step("uploadFiles");
const commit = await uploadFiles({
  repo, accessToken, hubUrl, useXet: false, commitTitle: "add model",
  files: [
    { path: "README.md", content: new Blob([readme]) },
    { path: "config.json", content: new Blob([config]) },
    { path: "nested/dir/notes.txt", content: new Blob(["notes\n"]) },
    { path: "weights.bin", content: new Blob([big]) },
  ],
});
assert.match(commit.commit.oid, /^[0-9a-f]{40}$/);

step("listFiles");
const files = [];
for await (const f of listFiles({ repo, recursive: true, accessToken, hubUrl })) files.push(f);
const byPath = Object.fromEntries(files.map((f) => [f.path, f]));
assert.deepEqual(files.map((f) => f.path).sort(),
  [".gitattributes", "README.md", "config.json", "nested", "nested/dir", "nested/dir/notes.txt", "weights.bin"]);
assert.equal(byPath["weights.bin"].size, bigSize);
assert.equal(byPath["weights.bin"].lfs.oid, sha256(big));
assert.equal(byPath["nested"].type, "directory");
assert.equal(byPath["config.json"].size, Buffer.byteLength(config));
const expanded = [];
for await (const f of listFiles({ repo, expand: true, accessToken, hubUrl })) expanded.push(f);
assert.equal(expanded.find((f) => f.path === "README.md").lastCommit.id, commit.commit.oid);

step("pathsInfo");
const infos = await pathsInfo({ repo, paths: ["weights.bin", "missing.txt"], accessToken, hubUrl });
assert.equal(infos.length, 1);
assert.equal(infos[0].lfs.size, bigSize);

step("downloadFile");
const small = await downloadFile({ repo, path: "config.json", accessToken, hubUrl });
assert.equal(await small.text(), config);
const bigBlob = await downloadFile({ repo, path: "weights.bin", accessToken, hubUrl });
assert.equal(bigBlob.size, bigSize);
const slice = Buffer.from(await bigBlob.slice(1_000_000, 1_000_500).arrayBuffer());
assert.ok(slice.equals(big.subarray(1_000_000, 1_000_500)), "ranged bytes differ");
const whole = Buffer.from(await bigBlob.arrayBuffer());
assert.equal(sha256(whole), sha256(big));
assert.equal(await downloadFile({ repo, path: "nope.txt", accessToken, hubUrl }), null);

step("modelInfo");
const info = await modelInfo({ name, accessToken, hubUrl, additionalFields: ["sha", "cardData", "tags", "library_name", "siblings"] });
assert.equal(info.name, name);
assert.equal(info.sha, commit.commit.oid);
assert.equal(info.private, false);
assert.equal(info.task, "text-classification");
assert.equal(info.library_name, "transformers");
assert.equal(info.cardData.license, "apache-2.0");
assert.ok(info.tags.includes("chorus-test"));
assert.ok(info.tags.includes("license:apache-2.0"));

step("listModels");
// The client asks for big pages; shrinking the first request's limit makes the server paginate with Link.
let requests = 0;
const smallPages = (url, init) => {
  requests++;
  const u = new URL(url);
  if (!u.searchParams.has("cursor")) u.searchParams.set("limit", "2");
  return fetch(u, init);
};
const found = [];
for await (const m of listModels({ search: { query: "roundtrip" }, hubUrl, accessToken, fetch: smallPages, sort: "createdAt" })) found.push(m.name);
assert.deepEqual(found.sort(), [`${user}/roundtrip`, `${user}/roundtrip-b`, `${user}/roundtrip-c`]);
assert.equal(requests, 2);
// The search index: words of the card's text (not of any id), alone and with a tag filter.
const byText = [];
for await (const m of listModels({ search: { query: "Axolotls" }, hubUrl })) byText.push(m.name);
assert.deepEqual(byText, [`${user}/roundtrip`]);
const byTextAndTag = [];
for await (const m of listModels({ search: { query: "pond axolotls", tags: ["chorus-test"] }, hubUrl })) byTextAndTag.push(m.name);
assert.deepEqual(byTextAndTag, [`${user}/roundtrip`]);
const none = [];
for await (const m of listModels({ search: { query: "axolotls", tags: ["no-such-tag"] }, hubUrl })) none.push(m.name);
assert.deepEqual(none, []);
const byTag = [];
for await (const m of listModels({ search: { tags: ["chorus-test"] }, hubUrl })) byTag.push(m.name);
assert.deepEqual(byTag, [name]);

step("listCommits");
const commits = [];
for await (const c of listCommits({ repo, accessToken, hubUrl, batchSize: 1 })) commits.push(c);
assert.equal(commits.length, 2);
assert.equal(commits[0].oid, commit.commit.oid);
assert.equal(commits[0].title, "add model");

step("createBranch");
await createBranch({ repo, branch: "dev", accessToken, hubUrl });
await uploadFiles({ repo, accessToken, hubUrl, branch: "dev", useXet: false, files: [{ path: "dev.txt", content: new Blob(["dev only"]) }] });
const dev = await downloadFile({ repo, path: "dev.txt", revision: "dev", accessToken, hubUrl });
assert.equal(await dev.text(), "dev only");
assert.equal(await downloadFile({ repo, path: "dev.txt", accessToken, hubUrl }), null);

step("datasets");
const dataset = { type: "dataset", name: `${user}/table` };
await createRepo({ repo: dataset, accessToken, hubUrl, private: true });
const parquetish = Buffer.concat([Buffer.from("PAR1\0"), randomBytes(2 * 1024 * 1024)]);
await uploadFiles({ repo: dataset, accessToken, hubUrl, useXet: false, files: [
  { path: "README.md", content: new Blob(["---\nlicense: cc-by-4.0\n---\n"]) },
  { path: "data/train.bin", content: new Blob([parquetish]) },
] });
const dsFiles = [];
for await (const f of listFiles({ repo: dataset, recursive: true, accessToken, hubUrl })) dsFiles.push(f);
assert.equal(dsFiles.find((f) => f.path === "data/train.bin").lfs.oid, sha256(parquetish));
const ds = await datasetInfo({ name: dataset.name, accessToken, hubUrl, additionalFields: ["cardData"] });
assert.equal(ds.private, true);
assert.equal(ds.cardData.license, "cc-by-4.0");
const train = await downloadFile({ repo: dataset, path: "data/train.bin", accessToken, hubUrl });
assert.equal(sha256(Buffer.from(await train.arrayBuffer())), sha256(parquetish));
const visible = [];
for await (const d of listDatasets({ search: { owner: user }, hubUrl, accessToken })) visible.push(d.name);
assert.deepEqual(visible, [dataset.name]);
const anonymous = [];
for await (const d of listDatasets({ search: { owner: user }, hubUrl })) anonymous.push(d.name);
assert.deepEqual(anonymous, []);
await assert.rejects(datasetInfo({ name: dataset.name, hubUrl }), (e) => e.statusCode === 404);

step("deleteRepo");
await deleteRepo({ repo, accessToken, hubUrl });
await assert.rejects(modelInfo({ name, accessToken, hubUrl }), (e) => e.statusCode === 404);

console.log("ROUNDTRIP OK");
