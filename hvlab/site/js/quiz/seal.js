// Open the sealed blobs of a compiled quiz (hvlab/quiz/compile.py, format version 2).
//
// Each blob is JSON XOR-ed with its own keystream: HMAC-SHA256(key, counter) blocks, where key =
// HMAC-SHA256(salt, "hvlab-quiz-key␟<question view id>␟<seed or empty>"). Synchronous on purpose
// (SubtleCrypto is async and missing on plain-HTTP sites), with @noble/hashes from npm.
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8");
const BLOCK = 32;

function base64Bytes(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function counterBytes(counter) {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, counter);
  return bytes;
}

/** The JSON value sealed for question `questionId` (view id) and `seed` (null: no parameters). */
export function unseal(blob, saltBase64, questionId, seed) {
  const salt = base64Bytes(saltBase64);
  const label = `hvlab-quiz-key\x1f${questionId}\x1f${seed === null || seed === undefined ? "" : seed}`;
  const key = hmac(sha256, salt, encoder.encode(label));
  const data = base64Bytes(blob);
  for (let block = 0; block * BLOCK < data.length; block += 1) {
    const stream = hmac(sha256, key, counterBytes(block));
    const end = Math.min(data.length, (block + 1) * BLOCK);
    for (let i = block * BLOCK; i < end; i += 1) data[i] ^= stream[i - block * BLOCK];
  }
  return JSON.parse(decoder.decode(data));
}
