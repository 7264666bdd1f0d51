// Starts PyScript from the vendored runtime under a strict Content-Security-Policy.
//
// PyScript composes its worker hooks with Function() as soon as it defines the `py` type,
// which a policy without 'unsafe-eval' refuses, and the boot then hangs. Plauder runs Python
// on the main thread only, so the worker hooks are emptied before PyScript reads them.
//
// The interpreter module that PyScript's config names is imported here too, so that it starts
// reading this build's start-up snapshot at the first paint; PyScript's own import of it later
// finds the same module instance.
import { hooks } from "./{{ pyscript_core }}";
import "./{{ interpreter }}";

for (const hookSet of Object.values(hooks.worker)) hookSet.clear();
// bench/boot.py reads the start's stages from these marks.
performance.mark("plauder:pyscript-loaded");
hooks.main.onReady.add(() => performance.mark("plauder:pyscript-ready"));
