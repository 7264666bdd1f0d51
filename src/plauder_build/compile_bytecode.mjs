// Compiles Python sources to bytecode with the vendored Pyodide, for the build (plauder_build/bytecode.py).
//
// usage: node compile_bytecode.mjs PYODIDE_FOLDER SOURCES.zip BYTECODE.zip
//
// Each entry of SOURCES.zip is one module's source; BYTECODE.zip gets its .pyc under the same name. The
// Python that compiles is the browser's own, so magic number and code objects are exactly what it would
// make itself: with optimize=2 (no docstrings, no asserts) and without column tables (PYTHONNODEBUGRANGES).
// A source that does not compile fails the run, and the error names it.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const COMPILE = `
import importlib.util, marshal, zipfile

def compiled_files():
    failures = []
    with zipfile.ZipFile("/tmp/sources.zip") as sources, zipfile.ZipFile("/tmp/bytecode.zip", "w") as out:
        for name in sources.namelist():
            try:
                code = compile(sources.read(name), name, "exec", dont_inherit=True, optimize=2)
            except (SyntaxError, ValueError) as error:
                failures.append(f"{name}: {error}")
                continue
            # PEP 552's header: flags 0 (checked by timestamp), no timestamp, no size: the browser has no source.
            out.writestr(name, importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code))
    return "\\n".join(failures)

compiled_files()
`;

const [pyodideFolder, sources, bytecode] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideFolder, "pyodide.mjs")).href);
const python = await loadPyodide({ env: { PYTHONNODEBUGRANGES: "1" } });
python.FS.writeFile("/tmp/sources.zip", readFileSync(sources));
const failures = python.runPython(COMPILE);
if (failures) {
  console.error(failures);
  process.exit(1);
}
writeFileSync(bytecode, python.FS.readFile("/tmp/bytecode.zip"));
