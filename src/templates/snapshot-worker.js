// Makes a build's start-up snapshot in a worker, so the page never waits for it.
//
// interpreter.js starts this worker once the app is ready, with the build's key and files. Here a
// Python of its own (Pyodide loaded with its private `_makeSnapshot` option) starts with the app wheel's
// files written in (read by wheel-files.js, as on the page), imports the app's modules and nothing else,
// and its memory becomes the snapshot: it never sees
// the page's Python, the user's settings, keys or conversations, nor PyScript's modules.
//
// The snapshot is kept only once a second Python here has started from it and found the app's
// modules: Pyodide 314 restores only a memory that has not grown past its initial 30 MiB
// (pyodide#6254), and a snapshot the page could not use would only cost it time at every start.
// Storing happens here too (IndexedDB, off the page's thread); the page is told the outcome.
import { keep, markUnmakeable, writeFiles } from "./{{ snapshots_module }}";
import { fetchedWheelFiles, UnreadableWheel } from "./{{ wheel_files_module }}";

// Runs `code` in a namespace of its own: the snapshot's __main__ stays as Pyodide made it.
function run(python, code) {
  const namespace = python.toPy({});
  try {
    return python.runPython(code, { globals: namespace });
  } finally {
    namespace.destroy();
  }
}

function importsAll(imports) {
  return `import sys\nall(name in sys.modules for name in ${JSON.stringify(imports)})`;
}

// The snapshot and the files it needs, made from the app wheel's files; throws Unmakeable when this build
// cannot be snapshotted at all (a failure once Python runs says something about the build).
async function snapshotOf(loadPyodide, indexURL, stdLibURL, files, imports) {
  const python = await loadPyodide({ indexURL, stdLibURL, _makeSnapshot: true });
  const heapBytes = () => python._module?.HEAP8?.length ?? 0;
  const initialHeap = heapBytes();
  try {
    // Written by hand, not installed: a snapshot requires Pyodide's package list to be empty. Written through
    // fsInit, as on the page, Pyodide 314 refuses the snapshot ("Unexpected hiwire entry").
    const sitePackages = run(python, "import sysconfig\nsysconfig.get_paths()['purelib']");
    writeFiles(python.FS, sitePackages, files);
    run(python, "import importlib\nimportlib.invalidate_caches()");
    for (const name of imports) python.pyimport(name).destroy();
    if (heapBytes() > initialHeap) {
      const mib = (bytes) => `${Math.round(bytes / 2 ** 20)} MiB`;
      throw new Error(`Python's memory grew to ${mib(heapBytes())}, past the ${mib(initialHeap)} Pyodide restores`);
    }
    const snapshot = python.makeMemorySnapshot();
    const probe = await loadPyodide({
      indexURL,
      stdLibURL,
      _loadSnapshot: snapshot,
      fsInit: (FS, { sitePackages: folder }) => writeFiles(FS, folder, files),
    });
    if (run(probe, importsAll(imports)) !== true) throw new Error("a Python started from it lacks the app's modules");
    return { snapshot, files };
  } catch (error) {
    throw new Unmakeable(String((error && error.message) || error));
  }
}

class Unmakeable extends Error {}

async function make({ indexURL, stdLibURL, wheels, imports, scope, key }) {
  const started = performance.now();
  let made;
  try {
    const [{ loadPyodide }, wheelFiles] = await Promise.all([
      import(indexURL + "pyodide.mjs"),
      Promise.all(wheels.map(fetchedWheelFiles)),
    ]);
    made = await snapshotOf(loadPyodide, indexURL, stdLibURL, wheelFiles.flat(), imports);
  } catch (error) {
    // A wheel this browser cannot read stays so for this build, as does a snapshot that cannot be made.
    if (error instanceof Unmakeable || error instanceof UnreadableWheel) await markUnmakeable(scope, key, error.message);
    throw error;
  }
  const madeMs = performance.now() - started;
  const writing = performance.now();
  await keep(scope, key, made.snapshot, made.files);
  return { bytes: made.snapshot.length, madeMs, writeMs: performance.now() - writing };
}

addEventListener("message", async (event) => {
  try {
    postMessage({ ok: true, ...(await make(event.data)) });
  } catch (error) {
    postMessage({ ok: false, error: String((error && error.message) || error) });
  }
});
