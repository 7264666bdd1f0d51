// Starts PyScript from the vendored runtime under a strict Content-Security-Policy.
//
// PyScript composes its worker hooks with Function() as soon as it defines the `py` type,
// which a policy without 'unsafe-eval' refuses, and the boot then hangs. Plauder runs Python
// on the main thread only, so the worker hooks are emptied before PyScript reads them.
import { hooks } from "./{{ pyscript_core }}";

for (const hookSet of Object.values(hooks.worker)) hookSet.clear();
