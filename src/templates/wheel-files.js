// The files of a wheel (a ZIP archive) as [path, bytes], inflated by the browser's own DecompressionStream.
//
// A start without a snapshot writes the app wheel's files into Python's site-packages this way, before
// Python starts, as an install would write them. Pyodide's installer would unpack it in Python, after
// importing tarfile, zipfile, shutil and tempfile for it: about 200 ms of every first start.
// Anything this reader does not expect (ZIP64, encryption, another compression, a damaged archive, a path
// outside the folder) throws, and the caller lets Pyodide install the wheel instead.

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

export class UnreadableWheel extends Error {}

// The files of the wheel at `url`; a failed request throws a plain Error, an unreadable wheel UnreadableWheel.
export async function fetchedWheelFiles(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return wheelFiles(await response.arrayBuffer());
}

export async function wheelFiles(buffer) {
  const bytes = new Uint8Array(buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = endOfDirectory(view);
  const count = view.getUint16(end + 10, true);
  const names = new TextDecoder("utf-8", { fatal: true });
  const entries = [];
  let entry = view.getUint32(end + 16, true);
  for (let index = 0; index < count; index += 1) {
    expect(view.getUint32(entry, true) === DIRECTORY_ENTRY, "a damaged directory");
    const flags = view.getUint16(entry + 8, true);
    const method = view.getUint16(entry + 10, true);
    const crc = view.getUint32(entry + 16, true);
    const packedSize = view.getUint32(entry + 20, true);
    const size = view.getUint32(entry + 24, true);
    const nameLength = view.getUint16(entry + 28, true);
    const local = view.getUint32(entry + 42, true);
    const name = names.decode(bytes.subarray(entry + 46, entry + 46 + nameLength));
    entry += 46 + nameLength + view.getUint16(entry + 30, true) + view.getUint16(entry + 32, true);
    if (name.endsWith("/")) continue;
    expect(!(flags & 1) && (method === STORED || method === DEFLATED), `${name}: encrypted or compressed otherwise`);
    expect(safePath(name), `${name}: a path outside the folder`);
    expect(view.getUint32(local, true) === LOCAL_HEADER, `${name}: a damaged entry`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    expect(start + packedSize <= bytes.length, `${name}: cut short`);
    const packed = bytes.subarray(start, start + packedSize);
    entries.push({ name, method, packed, size, crc });
  }
  // One file at a time: inflated all at once, the renderer's wheels held the page for 130 ms.
  const files = [];
  for (const { name, method, packed, size, crc } of entries) {
    const data = method === STORED ? packed.slice() : await inflated(packed);
    expect(data.length === size && crc32(data) === crc, `${name}: damaged`);
    files.push([name, data]);
  }
  return files;
}

function endOfDirectory(view) {
  // The record is 22 bytes, followed by a comment of up to 65,535.
  for (let at = view.byteLength - 22; at >= Math.max(0, view.byteLength - 22 - 65535); at -= 1) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) {
      expect(view.getUint16(at + 10, true) !== 0xffff && view.getUint32(at + 16, true) !== 0xffffffff, "ZIP64");
      return at;
    }
  }
  throw new UnreadableWheel("not a ZIP archive");
}

async function inflated(packed) {
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function safePath(name) {
  return !name.startsWith("/") && !name.includes("\\") && name.split("/").every((part) => part && part !== "." && part !== "..");
}

function expect(condition, problem) {
  if (!condition) throw new UnreadableWheel(problem);
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data) {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i += 1) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
