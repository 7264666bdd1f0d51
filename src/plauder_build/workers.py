"""The module workers the build writes from src/templates, each with a Python of its own: the document reader
(plauder_build/documents.py says which libraries it loads) and the code runner (core/running). Each imports the
vendored Pyodide and loads the app wheel; its name carries a hash of its text, and the page names it in a JSON
script (the page starts it at its first use, never at the app's start). Like every file of the build, the
service worker keeps them for offline use.
"""

from __future__ import annotations

import jinja2

from plauder.core.running import MEMORY_MB
from plauder_build.assets import fingerprinted

CODE_WORKER = "code-worker.js"


def render_worker(
    environment: jinja2.Environment,
    template: str,
    pyodide_module: str,
    stdlib: str,
    app_wheel: str,
    **values: object,
) -> tuple[str, bytes]:
    """(path in build/, bytes) of the worker script `template`; `pyodide_module`, `stdlib` (the standard library's
    zip) and `app_wheel` are paths in build/, `values` what else the template names."""
    text = environment.get_template(template).render(
        pyodide_module=pyodide_module,
        pyodide_folder=pyodide_module.rpartition("/")[0],
        stdlib=stdlib,
        app_wheel=app_wheel,
        **values,
    )
    data = text.encode()
    return fingerprinted(template, data), data


def render_code_worker(
    environment: jinja2.Environment, pyodide_module: str, stdlib: str, app_wheel: str
) -> tuple[str, bytes]:
    """The code runner's worker script: no library beyond the standard one, its Python's memory capped."""
    return render_worker(environment, CODE_WORKER, pyodide_module, stdlib, app_wheel, memory_mb=MEMORY_MB)
