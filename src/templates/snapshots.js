// Where the browser keeps a build's start-up snapshot: one IndexedDB record per build folder.
//
// The record holds one Blob: the snapshot (Python's memory, ~30 MB) followed by the files the app
// wheel installed (a snapshot holds memory, not files: they are written back before Python starts),
// with the key of the build it was made for, and the size and SHA-256 of each part. A record whose key
// is not the running build's is deleted at once; one whose bytes no longer match is refused. A
// database of its own: the app's conversations, PyScript's caches and the service worker's Cache
// Storage (replaced whole with each build) are never touched. Used by interpreter.js on the page
// and by snapshot-worker.js.
const DATABASE = "plauder-snapshots";
const STORE = "snapshots";

// Snapshots need what offline starts need: a secure context (https or localhost), IndexedDB, WebCrypto.
function supported() {
  return Boolean(globalThis.isSecureContext && globalThis.indexedDB && globalThis.crypto && crypto.subtle);
}

function settled(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// Run `work(store)` in one transaction; resolves with its result once the transaction has committed.
async function inTransaction(mode, work) {
  const opening = indexedDB.open(DATABASE, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
  const database = await settled(opening);
  try {
    const transaction = database.transaction(STORE, mode);
    const done = new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onerror = transaction.onabort = () => reject(transaction.error);
    });
    const result = work(transaction.objectStore(STORE));
    await done;
    return result instanceof IDBRequest ? result.result : result;
  } finally {
    database.close();
  }
}

async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// {state: "found", record} for this build's snapshot, else {state: "none" | "stale" | "unmakeable" |
// "unsupported"}; a stale record (another build's) is deleted before this resolves.
export async function find(scope, key) {
  if (!supported()) return { state: "unsupported" };
  const record = await inTransaction("readonly", (store) => store.get(scope));
  if (!record) return { state: "none" };
  if (record.key !== key) {
    await discard(scope);
    return { state: "stale" };
  }
  return { state: record.unmakeable ? "unmakeable" : "found", record };
}

// Remember that build `key` cannot be snapshotted (say, its Python outgrew what Pyodide restores),
// so that its starts stop trying; the next build tries again.
export async function markUnmakeable(scope, key, reason) {
  await inTransaction("readwrite", (store) => store.put({ key, unmakeable: reason, made: Date.now() }, scope));
}

export class CorruptSnapshot extends Error {}

// Files as bytes: a little-endian u32 length of a JSON index [[path, size], ...], the index, the contents.
export function packFiles(files) {
  const index = new TextEncoder().encode(JSON.stringify(files.map(([path, data]) => [path, data.length])));
  const packed = new Uint8Array(4 + index.length + files.reduce((sum, [, data]) => sum + data.length, 0));
  new DataView(packed.buffer).setUint32(0, index.length, true);
  packed.set(index, 4);
  let offset = 4 + index.length;
  for (const [, data] of files) {
    packed.set(data, offset);
    offset += data.length;
  }
  return packed;
}

export function unpackFiles(packed) {
  const indexLength = new DataView(packed.buffer, packed.byteOffset, packed.byteLength).getUint32(0, true);
  const index = JSON.parse(new TextDecoder().decode(packed.subarray(4, 4 + indexLength)));
  let offset = 4 + indexLength;
  return index.map(([path, size]) => {
    const data = packed.subarray(offset, offset + size);
    offset += size;
    return [path, data];
  });
}

// {snapshot, files} of a record, checked against the sizes and hashes stored with them.
export async function contentsOf(record) {
  const blob = record.contents;
  const size = record.snapshotSize + record.filesSize;
  if (!(blob instanceof Blob) || blob.size !== size) throw new CorruptSnapshot("size");
  const bytes = new Uint8Array(await blob.arrayBuffer());
  // The snapshot comes first: Pyodide reads it through a Uint32Array, which needs an aligned start.
  const snapshot = bytes.subarray(0, record.snapshotSize);
  const packed = bytes.subarray(record.snapshotSize);
  const hashes = await Promise.all([sha256(snapshot), sha256(packed)]);
  if (hashes.join() !== [record.snapshotSha256, record.filesSha256].join()) throw new CorruptSnapshot("hash");
  return { snapshot, files: unpackFiles(packed) };
}

// Keep `snapshot` and `files` ([[path, bytes], ...]) as build `key`'s, replacing what the scope held.
export async function keep(scope, key, snapshot, files) {
  const packed = packFiles(files);
  const [snapshotSha256, filesSha256] = await Promise.all([sha256(snapshot), sha256(packed)]);
  const record = {
    key,
    snapshotSize: snapshot.length,
    snapshotSha256,
    filesSize: packed.length,
    filesSha256,
    made: Date.now(),
    contents: new Blob([snapshot, packed]),
  };
  await inTransaction("readwrite", (store) => store.put(record, scope));
}

// Write files ([[path below `folder`, bytes], ...]) into Pyodide's file system.
export function writeFiles(FS, folder, files) {
  for (const [path, data] of files) {
    const target = `${folder}/${path}`;
    FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
    FS.writeFile(target, data);
  }
}

export async function discard(scope) {
  await inTransaction("readwrite", (store) => store.delete(scope));
}
