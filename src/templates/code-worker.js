// Runs the Python code blocks of answers (their Run button) in a Python of its own, shut off from everything else.
//
// web/code_runner.py starts this worker at the first Run; nothing of it loads before. Here Pyodide starts and the
// app wheel loads (its runner: core/running/runner.py); then, before any code runs, the worker gives up what it
// no longer needs: every way to the network (fetch, XMLHttpRequest, WebSocket, EventSource, WebTransport,
// importScripts, workers of its own, fonts loaded from a URL), the browser's storage (IndexedDB, the cache, the
// origin's file system), talk to the page's other scripts (BroadcastChannel) and to the page itself (postMessage,
// kept here for the answers), and running JavaScript made of text (eval, the Function constructors, setTimeout
// with a string), the one way left to an import() from another address. It never had the page: a worker has no
// DOM, and it is sent nothing but the code. Python's `js` module is this worker's global scope, as stripped.
// Its Python's memory may grow to {{ memory_mb }} MB, no more (a MemoryError in the code). The page stops the
// worker at the time limit, or at the user's Stop, and starts a new one for the next run.
//
// Messages: { id, kind: "start" } gets { id, answer: "ready" } once Python is ready; { id, kind: "run", code }
// gets { id, output: [stream, text] } while the code prints and then { id, answer } (core/running/runner.run's
// JSON text); { id, error } when Python could not start or run at all.
import { loadPyodide } from "./{{ pyodide_module }}";

const INDEX_URL = new URL("./{{ pyodide_folder }}/", import.meta.url).href;
const STDLIB_URL = new URL("./{{ stdlib }}", import.meta.url).href; // compiled at build time (plauder_build/bytecode.py)
const APP_WHEEL = new URL("./{{ app_wheel }}", import.meta.url).href;
const MEMORY_BYTES = {{ memory_mb }} * 1024 * 1024;
const WASM_PAGE = 65536;
const send = self.postMessage.bind(self);
let python = null;

// Emscripten grows Python's heap with Memory.grow and takes a refusal as "out of memory": malloc fails, and
// Python raises MemoryError.
const grow = WebAssembly.Memory.prototype.grow;
Object.defineProperty(WebAssembly.Memory.prototype, "grow", {
  value: function (pages) {
    if (this.buffer.byteLength + pages * WASM_PAGE > MEMORY_BYTES) throw new RangeError("over the memory limit");
    return grow.call(this, pages);
  },
  writable: false,
  configurable: false,
});

// On the global scope and on every prototype of it that has them (fetch lives on WorkerGlobalScope.prototype).
const GLOBALS = [
  "fetch", "XMLHttpRequest", "WebSocket", "WebSocketStream", "EventSource", "WebTransport", "importScripts",
  "Worker", "SharedWorker", "BroadcastChannel", "FontFace", "fonts", "indexedDB", "caches", "postMessage",
  "webkitRequestFileSystem", "webkitRequestFileSystemSync", "webkitResolveLocalFileSystemURL",
  "webkitResolveLocalFileSystemSyncURL", "Notification", "cookieStore",
];
const NAVIGATOR = ["storage", "storageBuckets", "serviceWorker", "locks", "usb", "hid", "serial", "bluetooth"];

function remove(target, names) {
  for (let scope = target; scope; scope = Object.getPrototypeOf(scope)) {
    for (const name of names) {
      if (Object.prototype.hasOwnProperty.call(scope, name)) delete scope[name];
    }
  }
}

function refusing(name) {
  return function () {
    throw new EvalError(`${name} is not available to code run in Plauder`);
  };
}

// A constructor that no longer makes functions from text; everything else about it (its prototype, instanceof)
// stays, since Pyodide uses them.
function guarded(real, name) {
  return new Proxy(real, {
    apply: refusing(name),
    construct: refusing(name),
    getPrototypeOf: () => Function.prototype, // (the real Function constructor is not reachable this way either)
  });
}

function noTextCode() {
  self.eval = refusing("eval");
  const kinds = [function () {}, async function () {}, function* () {}, async function* () {}];
  const constructors = kinds.map((made) => Object.getPrototypeOf(made).constructor);
  kinds.forEach((made, index) => {
    const real = constructors[index];
    const safe = guarded(real, real.name);
    Object.defineProperty(Object.getPrototypeOf(made), "constructor", { value: safe, writable: false, configurable: false });
    if (real === Function) Object.defineProperty(self, "Function", { value: safe, writable: false, configurable: false });
  });
  for (const name of ["setTimeout", "setInterval"]) {
    const timer = self[name];
    remove(self, [name]);
    Object.defineProperty(self, name, {
      value: (handler, ...rest) => {
        if (typeof handler !== "function") throw new EvalError(`${name} takes a function here`);
        return timer.call(self, handler, ...rest);
      },
      writable: false,
      configurable: false,
    });
  }
}

function sealed() {
  remove(self, GLOBALS);
  remove(self.navigator, NAVIGATOR);
  noTextCode();
}

async function load(started, urls) {
  const failures = [];
  await started.loadPackage(urls, { messageCallback: () => {}, errorCallback: (text) => failures.push(text) });
  if (failures.length) throw new Error(failures.join(" "));
}

function start() {
  python ??= loadPyodide({ indexURL: INDEX_URL, stdLibURL: STDLIB_URL, stdout: () => {}, stderr: () => {} }).then(async (started) => {
    await load(started, [APP_WHEEL]);
    const run = started.pyimport("plauder.core.running.runner").run;
    sealed();
    return run;
  });
  return python;
}

addEventListener("message", async (event) => {
  const { id, kind, code } = event.data;
  try {
    const run = await start();
    if (kind !== "run") {
      send({ id, answer: "ready" });
      return;
    }
    send({ id, answer: await run(code, (stream, text) => send({ id, output: [stream, text] })) });
  } catch (error) {
    send({ id, error: String((error && error.message) || error) });
  }
});
