// What the official Xet JS code (@huggingface/xetchunk-wasm, the chunker @huggingface/hub uses) makes of a file.
//   node xet-chunks.mjs chunk FILE PIECE     -> its own chunking: "<chunk hash> <length>" per chunk, then xorb/file hash
//   node xet-chunks.mjs hash FILE LENGTHS    -> the same lines for the chunk lengths given (comma-separated), so the
//                                               hashing is compared on exactly our chunks
import { readFileSync } from "node:fs";
import { Hasher } from "@huggingface/blake3-jit";
import { createChunker, nextBlock, finalize, hashToHex, xorbHash, fileHash } from "@huggingface/xetchunk-wasm";

const DATA_KEY = new Uint8Array([
	102, 151, 245, 119, 91, 149, 80, 222, 49, 53, 203, 172, 165, 151, 24, 28, 157, 228, 33, 16, 155, 235, 43, 88, 180,
	208, 176, 75, 147, 173, 242, 41,
]);
const [mode, path, arg] = process.argv.slice(2);
const data = readFileSync(path);
const chunks = [];
if (mode === "chunk") {
	const piece = Number(arg);
	const chunker = createChunker();
	for (let pos = 0; pos < data.length; pos += piece) {
		chunks.push(...nextBlock(chunker, data.subarray(pos, Math.min(pos + piece, data.length))));
	}
	const last = finalize(chunker);
	if (last) chunks.push(last);
} else {
	let pos = 0;
	for (const length of readFileSync(arg, "utf8").trim().split(",").map(Number)) {
		const hash = Hasher.newKeyed(DATA_KEY).update(data.subarray(pos, pos + length)).finalize(32);
		chunks.push({ hash, length });
		pos += length;
	}
}
const lines = chunks.map((c) => `${hashToHex(c.hash)} ${c.length}`);
lines.push(`xorb ${hashToHex(xorbHash(chunks))}`);
lines.push(`file ${hashToHex(fileHash(chunks))}`);
process.stdout.write(lines.join("\n") + "\n");
