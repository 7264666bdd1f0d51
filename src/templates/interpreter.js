// The interpreter module PyScript's config names: the vendored Pyodide's loadPyodide, started from a
// memory snapshot of this build when the browser keeps one (see src/plauder_build/snapshot.py).
//
// PyScript imports this module, reads its `version` and calls `loadPyodide({stdout, stderr, indexURL,
// packages})`. With a snapshot made for exactly this build, Python's memory is restored from it, from
// the moment this module runs rather than when PyScript asks, which it takes over then (Pyodide's
// private `_loadSnapshot` option, pinned to this Pyodide version by the build's key), the
// files the app wheel installed are written back from the same record (memory holds its imported
// modules, not its files), and PyScript goes on as after any start: it adds its own `pyscript`
// package and modules, which the snapshot never holds.
//
// Without a snapshot Python starts as before, but with the app wheel's files written by this module
// (wheel-files.js; <html data-app-wheel> says "unpacked", or "installed" when Pyodide had to), and once
// the app is ready a worker makes a snapshot in the background. Another build's snapshot and a corrupt
// one are deleted and replaced; one that fails to restore marks this build as one not to snapshot
// again (a snapshot made anew would fail alike).
// Nothing of this is shown to the user. The outcome is on <html data-snapshot>: restored, or why not
// (none; stale: another build's; corrupt; unread: storage too slow this time; unrestorable;
// unmakeable: this build is not snapshotted; unsupported: no secure context or storage), and on
// <html data-snapshot-save> (making | made | failed | skipped), with performance marks and measures
// named plauder:snapshot-*. The start itself is marked as it goes: plauder:python-load when PyScript asks
// for Python, plauder:python-started when it gets a running one (restored or not; a restore starts before
// PyScript asks, at plauder:python-restore, and ends at plauder:snapshot-restored); main.py marks the rest.
import { contentsOf, CorruptSnapshot, discard, find, markUnmakeable, writeFiles } from "./{{ snapshots_module }}";
import { fetchedWheelFiles } from "./{{ wheel_files_module }}";

export const version = {{ pyodide_version | tojson }};

const INDEX_URL = new URL("./{{ pyodide_folder }}/", import.meta.url).href;
const STDLIB_URL = new URL("./{{ stdlib }}", import.meta.url).href; // compiled at build time (plauder_build/bytecode.py)
const WORKER_URL = new URL("./{{ worker }}", import.meta.url).href;
const APP_WHEEL_URL = new URL("./{{ app_wheel }}", import.meta.url).href;
const KEY = {{ key | tojson }};
const IMPORTS = {{ imports | tojson }};
const SCOPE = new URL("./", import.meta.url).pathname; // one snapshot per build folder of the origin
const LOOKUP_TIMEOUT_MS = 1000; // storage that does not answer by then is not waited for
const READ_TIMEOUT_MS = 5000; // nor a snapshot that takes longer to read than a start without it
const SAVE_DELAY_MS = 5000; // after ready: the start's own follow-up work (renderer, search index) goes first
const MIN_FREE_BYTES = 200e6; // the snapshot never takes room the conversations may need

const root = document.documentElement;

// Looked up and read as soon as this module runs: start.js imports it at the first paint, long
// before PyScript calls loadPyodide, so the bytes are there when Pyodide asks for them.
const stored = Promise.race([
  find(SCOPE, KEY),
  new Promise((resolve) => setTimeout(resolve, LOOKUP_TIMEOUT_MS, { state: "unsupported" })),
]).catch(() => ({ state: "unsupported" }));

class SlowStorage extends Error {}

const contents = stored.then((lookup) =>
  lookup.state === "found"
    ? Promise.race([
        contentsOf(lookup.record),
        new Promise((_, reject) => setTimeout(() => reject(new SlowStorage()), READ_TIMEOUT_MS)),
      ])
    : null
);
contents.catch(() => {}); // a corrupt or unread record is dealt with in loadPyodide

// Without a snapshot, the app wheel is fetched and unpacked here as soon as that is known, while PyScript
// and Pyodide load, and its files are written before Python starts (wheel-files.js says why).
const unpacksWheels = typeof DecompressionStream === "function";
const appWheelFiles = stored.then((lookup) =>
  lookup.state !== "found" && unpacksWheels ? fetchedWheelFiles(APP_WHEEL_URL) : null
);
appWheelFiles.catch(() => {}); // a wheel that cannot be read is installed by Pyodide instead

// Python code run once in a restored Python, in a namespace of its own: the restored memory holds
// the state its modules had when the snapshot was made, so what must differ between starts is
// renewed (the random module's seed, tempfile's name sequence, the time zone), and the answer says
// whether the app's modules are there.
const AFTER_RESTORE = `
import sys
if "random" in sys.modules:
    sys.modules["random"].seed()
if "tempfile" in sys.modules:
    sys.modules["tempfile"]._name_sequence = None
import time
if hasattr(time, "tzset"):
    time.tzset()
all(name in sys.modules for name in ${JSON.stringify(IMPORTS)})
`;

function afterRestore(pyodide) {
  const namespace = pyodide.toPy({});
  try {
    return pyodide.runPython(AFTER_RESTORE, { globals: namespace }) === true;
  } finally {
    namespace.destroy();
  }
}

// With a snapshot, Python is restored as soon as this module runs, while PyScript readies itself (it opens
// its package cache in IndexedDB before it asks for Python); PyScript's call then takes the restored Python,
// and its output goes where PyScript says.
const output = { stdout: (text) => console.log(text), stderr: (text) => console.warn(text) };
const early = stored.then(async (lookup) => {
  if (lookup.state !== "found") return null;
  const started = performance.mark("plauder:python-restore").startTime;
  const { loadPyodide: load } = await import(INDEX_URL + "pyodide.mjs");
  const options = {
    indexURL: INDEX_URL,
    stdLibURL: STDLIB_URL,
    stdout: (text) => output.stdout(text),
    stderr: (text) => output.stderr(text),
  };
  return restored(load, options, started);
});

export async function loadPyodide(options = {}) {
  performance.mark("plauder:python-load");
  if (options.stdout) output.stdout = options.stdout;
  if (options.stderr) output.stderr = options.stderr;
  const lookup = await stored;
  if (lookup.state === "found") {
    const pyodide = await early;
    if (pyodide) {
      performance.mark("plauder:python-started");
      return offeredTo(pyodide);
    }
  } else {
    root.dataset.snapshot = lookup.state;
  }
  const { loadPyodide: load } = await import(INDEX_URL + "pyodide.mjs");
  options = { ...options, indexURL: INDEX_URL, stdLibURL: STDLIB_URL };
  const pyodide = (await withAppWheelFiles(load, options, lookup)) ?? (await load(options));
  root.dataset.appWheel ??= "installed";
  performance.mark("plauder:python-started");
  if (["none", "stale", "corrupt"].includes(root.dataset.snapshot)) {
    document.addEventListener("plauder:ready", () => setTimeout(whenIdle, SAVE_DELAY_MS, saveSnapshot), { once: true });
  }
  return offeredTo(pyodide);
}

// Python started with the app wheel's files written by this module, or null when it does not unpack
// wheels here. A wheel it fetched but could not read is installed by Pyodide into the same Python.
async function withAppWheelFiles(load, options, lookup) {
  if (lookup.state === "found" || !unpacksWheels) return null;
  let unread = false;
  const pyodide = await load({
    ...options,
    packages: withoutAppWheel(options),
    // Pyodide does not pass on an error thrown here: it would be an unhandled rejection.
    fsInit: async (FS, { sitePackages }) => {
      try {
        writeFiles(FS, sitePackages, await appWheelFiles);
      } catch {
        unread = true;
      }
    },
  });
  if (unread) await pyodide.loadPackage(APP_WHEEL_URL);
  root.dataset.appWheel = unread ? "installed" : "unpacked";
  return pyodide;
}

// What this module offers the app's Python, as the module `plauder_page` (typings/plauder_page.pyi):
// `install_wheels(urls, folder)` writes the files of the wheels at `urls` into `folder`, unpacked by the
// browser as the app wheel is, for the answer renderer's wheels after the start (web/deferred.py).
function offeredTo(pyodide) {
  const install_wheels = async (urls, folder) => {
    const wheels = await Promise.all(Array.from(urls, (url) => fetchedWheelFiles(new URL(url, document.baseURI).href)));
    for (const files of wheels) writeFiles(pyodide.FS, folder, files);
  };
  pyodide.registerJsModule("plauder_page", { install_wheels });
  return pyodide;
}

// Python started from the stored snapshot, or null (the reason is on <html data-snapshot>).
async function restored(load, options, started) {
  try {
    // The app wheel's files come from the record too, written before Python starts as an install
    // would write them, without unpacking the wheel on this thread; its modules are in the snapshot.
    const pyodide = await load({
      ...options,
      packages: withoutAppWheel(options),
      _loadSnapshot: contents.then(({ snapshot }) => snapshot),
      fsInit: async (FS, { sitePackages }) => writeFiles(FS, sitePackages, (await contents).files),
    });
    if (afterRestore(pyodide)) {
      root.dataset.snapshot = "restored";
      performance.measure("plauder:snapshot-restore", { start: started, end: performance.now() });
      performance.mark("plauder:snapshot-restored");
      return pyodide;
    }
    throw new Error("a Python started from the snapshot lacks the app's modules");
  } catch (error) {
    if (error instanceof SlowStorage) {
      root.dataset.snapshot = "unread"; // kept for the next start
    } else if (error instanceof CorruptSnapshot) {
      root.dataset.snapshot = "corrupt";
      await discard(SCOPE).catch(() => {});
    } else {
      root.dataset.snapshot = "unrestorable";
      await markUnmakeable(SCOPE, KEY, `did not restore here: ${(error && error.message) || error}`).catch(() => {});
    }
    return null;
  } finally {
    contents.then(({ snapshot }) => release(snapshot.buffer)).catch(() => {});
  }
}

// The packages PyScript asks Pyodide to install, but the app wheel, whose files are written beforehand.
function withoutAppWheel(options) {
  return (options.packages || []).filter((url) => new URL(url, document.baseURI).href !== APP_WHEEL_URL);
}

// Free the ~30 MB the snapshot was read into: Pyodide keeps its options, and with them a reference to
// the bytes, for the life of the page. Detached, the buffer holds nothing (Python's memory is a copy).
function release(buffer) {
  if (typeof buffer.transfer === "function") buffer.transfer(0);
  else structuredClone(buffer, { transfer: [buffer] });
}

function whenIdle(callback) {
  if ("requestIdleCallback" in window) requestIdleCallback(callback, { timeout: SAVE_DELAY_MS });
  else callback();
}

async function roomForSnapshot() {
  try {
    const { quota, usage } = await navigator.storage.estimate();
    return quota - usage > MIN_FREE_BYTES;
  } catch (error) {
    return true; // no estimate: IndexedDB itself refuses a write it has no room for
  }
}

// Make and store this build's snapshot in a worker; one tab at a time.
async function saveSnapshot() {
  if (!(await roomForSnapshot())) {
    root.dataset.snapshotSave = "skipped";
    return;
  }
  const save = async (lock) => {
    if (lock === null) {
      root.dataset.snapshotSave = "skipped"; // another tab of this build is making it
      return;
    }
    root.dataset.snapshotSave = "making";
    const started = performance.mark("plauder:snapshot-making").startTime;
    const worker = new Worker(WORKER_URL, { type: "module", name: "plauder-snapshot" });
    const result = await new Promise((resolve) => {
      worker.onmessage = (event) => resolve(event.data);
      worker.onerror = (event) => resolve({ ok: false, error: event.message || "the worker did not start" });
      worker.postMessage({ indexURL: INDEX_URL, stdLibURL: STDLIB_URL, wheels: [APP_WHEEL_URL], imports: IMPORTS, scope: SCOPE, key: KEY });
    });
    worker.terminate();
    if (!result.ok) {
      root.dataset.snapshotSave = "failed";
      console.info("Plauder: no start-up snapshot this time:", result.error);
      return;
    }
    const detail = { bytes: result.bytes };
    const written = performance.now();
    performance.measure("plauder:snapshot-make", { start: started, duration: result.madeMs, detail });
    performance.measure("plauder:snapshot-write", { start: written - result.writeMs, end: written, detail });
    root.dataset.snapshotSave = "made";
  };
  if (navigator.locks) await navigator.locks.request("plauder-snapshot " + SCOPE, { ifAvailable: true }, save);
  else await save(undefined);
}
