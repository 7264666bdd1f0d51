"""The document worker: which of the pinned browser wheels it loads for which type, and its script.

The page never loads these wheels: they are listed only in the worker's script, per type, and the worker
starts at the first document attached (web/documents.py). Which libraries a type needs is the readers'
to say (plauder.core.attachments.documents.LIBRARIES); a library named there and not pinned stops the build.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import jinja2

from plauder.core.attachments.documents import LIBRARIES
from plauder_build import workers
from plauder_build.errors import BuildError
from plauder_build.wheels import WheelPin, canonical_name

TEMPLATE = "documents-worker.js"


def document_wheels(pins: Sequence[WheelPin], paths: Sequence[Path]) -> dict[str, Path]:
    """The wheels of the document libraries, by canonical name, from the verified `paths` of `pins`."""
    pinned = {canonical_name(pin.name): path for pin, path in zip(pins, paths, strict=True)}
    wanted = {canonical_name(name) for names in LIBRARIES.values() for name in names}
    if missing := sorted(wanted - pinned.keys()):
        raise BuildError(f"browser-wheels.txt pins no {', '.join(missing)}, which the document readers load.")
    return {name: path for name, path in pinned.items() if name in wanted}


def render_worker(
    environment: jinja2.Environment,
    pyodide_module: str,
    stdlib: str,
    app_wheel: str,
    wheel_paths: Mapping[str, str],
    libraries: Mapping[str, Sequence[str]] = LIBRARIES,
) -> tuple[str, bytes]:
    """(path in build/, bytes) of the worker script; `wheel_paths` are the document wheels' paths in build/
    by canonical name, `pyodide_module`, `stdlib` and `app_wheel` paths in build/ too."""
    paths = {kind: [wheel_paths[canonical_name(name)] for name in names] for kind, names in libraries.items()}
    return workers.render_worker(environment, TEMPLATE, pyodide_module, stdlib, app_wheel, libraries=paths)
