"""The snapshot start: PyScript's interpreter module, and the key that names a build's snapshot.

PyScript imports the module its config names as `interpreter` and calls that module's
`loadPyodide(options)`. The build names a module of its own there (`interpreter.js`), which
wraps the vendored Pyodide's loadPyodide: when the browser keeps a memory snapshot made for
exactly this build, Python starts from it (Pyodide's private `_loadSnapshot` option); when it
does not, or the snapshot fails, Python starts as before, and once the app is ready a worker
(`snapshot-worker.js`) makes one in the background for the next start.

The worker makes the snapshot in a Python of its own that imports the app's modules and nothing
else: it never sees the user's settings, keys or conversations, and PyScript's own modules (which
hold JavaScript objects a snapshot cannot carry) stay out of it.

The key names what the snapshot's memory is made of: the runtime version, and a hash of the
Pyodide files, the app wheel, the two snapshot modules and the list of modules imported. A build
that changes any of them makes the stored snapshot stale; a build that changes only the page or
its styles keeps it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import jinja2

from plauder.core import exchange
from plauder_build.assets import fingerprinted

# What the snapshot holds beyond Pyodide itself: everything `plauder.web.main` imports, which is all
# the app imports before it opens the store, and the export and import modules, which a first start
# imports only when they are first used. The answer renderer stays out: its wheels load after the
# start, and with them Python's memory outgrows the 30 MiB that Pyodide 314 can restore (pyodide#6254).
SNAPSHOT_IMPORTS = (
    "plauder.web.main",
    *(f"{exchange.__name__}.{module}" for module in sorted(set(exchange.HOMES.values()))),
)


def snapshot_key(runtime_version: str, inputs: Mapping[str, bytes], imports: Sequence[str]) -> str:
    """`pyodide-<version>-<hash>`: changes exactly when the runtime, an input file or the imports do."""
    digest = hashlib.sha256()
    for name in sorted(inputs):
        for part in (name.encode(), inputs[name]):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    digest.update(json.dumps(list(imports)).encode())
    return f"pyodide-{runtime_version}-{digest.hexdigest()[:20]}"


@dataclass(frozen=True)
class SnapshotStart:
    """The files of the snapshot start, by their path in build/, and what they were made for."""

    files: dict[str, bytes]
    interpreter: str  # the module PyScript's config names
    store: str  # the module it reads the snapshot with
    wheel_reader: str  # the module it unpacks the app wheel with when there is no snapshot
    key: str

    @property
    def modules(self) -> list[str]:
        """The modules a start imports, the interpreter module first."""
        return [self.interpreter, self.store, self.wheel_reader]


def plan_snapshot_start(
    environment: jinja2.Environment,
    runtime_version: str,
    runtime_files: Mapping[str, bytes],
    pyodide_folder: str,
    stdlib: str,
    app_wheel: tuple[str, bytes],
) -> SnapshotStart:
    """Render the snapshot store, the worker and the interpreter module, each under its content's name.

    `runtime_files` are Pyodide's files by path in build/, `pyodide_folder` their folder, `stdlib` the
    standard library's zip among them, and `app_wheel` the app wheel's path in build/ and its bytes.
    """
    files: dict[str, bytes] = {}

    def add(path: str, text: str) -> str:
        data = text.encode()
        name = fingerprinted(path, data)
        files[name] = data
        return name

    store = add("snapshots.js", environment.get_template("snapshots.js").render())
    wheel_reader = add("wheel-files.js", environment.get_template("wheel-files.js").render())
    worker = add(
        "snapshot-worker.js",
        environment.get_template("snapshot-worker.js").render(snapshots_module=store, wheel_files_module=wheel_reader),
    )
    wheel_path, wheel_bytes = app_wheel
    key = snapshot_key(
        runtime_version,
        {**runtime_files, wheel_path: wheel_bytes, store: files[store], worker: files[worker]},
        SNAPSHOT_IMPORTS,
    )
    interpreter = add(
        "interpreter.js",
        environment.get_template("interpreter.js").render(
            pyodide_version=runtime_version,
            pyodide_folder=pyodide_folder,
            stdlib=stdlib,
            snapshots_module=store,
            wheel_files_module=wheel_reader,
            worker=worker,
            app_wheel=wheel_path,
            imports=list(SNAPSHOT_IMPORTS),
            key=key,
        ),
    )
    return SnapshotStart(files, interpreter, store, wheel_reader, key)
