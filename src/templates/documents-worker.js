// Reads the documents attached to a message (PDF, Word, Excel, PowerPoint) in a Python of its own, so
// the page's thread never runs a parser: importing pypdf alone kept Pyodide busy for 615 ms, and what a
// PDF page costs depends on what it holds.
//
// web/documents.py starts this worker at the first document the user attaches; nothing of it loads
// before. Here Pyodide starts, the app wheel loads (its readers: core/attachments/documents), and each
// type's libraries load at the first file of that type (pypdf for PDF, openpyxl for Excel; Word and
// PowerPoint need only the standard library). Each message { id, name, type, bytes } gets { id, answer }
// (JSON text: core/attachments/documents' outcome_message) or { id, error } when Python could not start.
import { loadPyodide } from "./{{ pyodide_module }}";

const INDEX_URL = new URL("./{{ pyodide_folder }}/", import.meta.url).href;
const STDLIB_URL = new URL("./{{ stdlib }}", import.meta.url).href; // compiled at build time (plauder_build/bytecode.py)
const APP_WHEEL = new URL("./{{ app_wheel }}", import.meta.url).href;
const LIBRARIES = {{ libraries | tojson }};
let python = null;
const loading = new Map(); // type -> the promise of its libraries

// loadPackage only logs a wheel it could not fetch or install; here that fails the load, so the page hears
// of it (and says the reader could not start) instead of a reader later failing to import its library.
async function load(started, urls) {
  const failures = [];
  // (Pyodide's "Loading pypdf" lines are no news to anyone)
  await started.loadPackage(urls, { messageCallback: () => {}, errorCallback: (text) => failures.push(text) });
  if (failures.length) throw new Error(failures.join(" "));
}

function start() {
  python ??= loadPyodide({ indexURL: INDEX_URL, stdLibURL: STDLIB_URL, stdout: () => {}, stderr: (text) => console.warn(text) }).then(
    async (started) => {
      await load(started, [APP_WHEEL]);
      return started;
    }
  );
  return python;
}

function libraries(started, type) {
  const wheels = (LIBRARIES[type] || []).map((path) => new URL("./" + path, import.meta.url).href);
  if (!loading.has(type)) loading.set(type, wheels.length ? load(started, wheels) : Promise.resolve());
  return loading.get(type);
}

async function read({ name, type, bytes }) {
  const started = await start();
  await libraries(started, type);
  const answer = started.pyimport("plauder.core.attachments.documents.reader").answer;
  const data = started.toPy(new Uint8Array(bytes));
  try {
    return answer(name, type, data);
  } finally {
    data.destroy();
    answer.destroy();
  }
}

addEventListener("message", async (event) => {
  const { id } = event.data;
  try {
    postMessage({ id, answer: await read(event.data) });
  } catch (error) {
    postMessage({ id, error: String((error && error.message) || error) });
  }
});
