"""The order in which a module's imports finish, for the page to import them a few at a time.

Importing the answer renderer (`plauder.render`) in one go held the page for 640 ms after every start:
markdown-it, Pygments, latex2mathml and the standard modules they pull in (email, urllib.request, xml).
Imported one by one in the order their imports finish, each step runs only its own module's code,
because what it imports is there by then.

CPython's `-X importtime` reports each module when its import finishes, so its report is that order.
The build's Python may differ from the browser's (Pyodide's is 3.14): the page skips a listed module
its Python lacks, and a module not listed is imported by the one that needs it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from plauder_build.errors import BuildError

_START = "plauder-build: imports start here\n"
_REPORT_LINE = re.compile(r"import time:\s+\d+ \|\s+\d+ \|\s*(\S+)")


def import_order(module: str, source_root: Path) -> list[str]:
    """Every module `import module` imports in a fresh Python (with `source_root` on its path), in the order
    each import finishes: `module` itself last. Modules Python imports at its own start are not listed."""
    code = f"import sys; sys.stderr.write({_START!r}); import {module}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(source_root), os.environ.get("PYTHONPATH"))))}
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], env=env, capture_output=True, text=True, check=False
    )
    if run.returncode != 0 or _START not in run.stderr:
        raise BuildError(f"could not import {module} to list its imports:\n{run.stderr[-2000:]}")
    report = run.stderr.split(_START, 1)[1]
    return [match.group(1) for line in report.splitlines() if (match := _REPORT_LINE.match(line))]
