"""Runs a benchmark's Python in Pyodide in headless Chromium: the build's own runtime and wheels, one page.

bench/render_browser.py and bench/privacy.py --browser share it. The page loads the build's Pyodide
and the app wheel (with `deferred`, also the wheels the app loads after its start, the renderer),
runs `code` and takes the JSON text it ends with as the results; `inputs` become `window.<name>`
before the page runs, for `code` to read through `js`.
"""

from __future__ import annotations

import json
import re
import tempfile
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from plauder_build.server import make_server
from plauder_build.site import Project, plan_site, write_site
from tests.chromium import launch

PAGE = """<!doctype html><meta charset="utf-8"><title>bench</title>
<script type="module">
import { loadPyodide } from "./{pyodide_mjs}";
const pyodide = await loadPyodide();
await pyodide.loadPackage({wheels});
try {
  window.results = JSON.parse(await pyodide.runPythonAsync(await (await fetch("./bench.py")).text()));
} catch (error) {
  window.benchError = String(error);
}
</script>"""


def run_in_pyodide(root: Path, code: str, inputs: dict[str, Any], deferred: bool = False) -> Any:
    files = plan_site(Project(root))
    config = json.loads(next(data for name, data in files.items() if re.fullmatch(r"pyscript\.\w+\.json", name)))
    wheels = list(config["packages"])  # the app
    if deferred:
        later = re.search(r'id="deferred-wheels">(.*?)</script>', files["index.html"].decode())
        assert later is not None, "the page lists no deferred wheels"
        wheels += json.loads(later.group(1))
    page_html = PAGE.replace("{pyodide_mjs}", config["interpreter"].removeprefix("./"))
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp) / "build"
        write_site(files, out)
        (out / "bench.html").write_text(page_html.replace("{wheels}", json.dumps(wheels)))
        (out / "bench.py").write_text(code)
        server = make_server(out, "127.0.0.1", 0, "/")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                browser = launch(playwright)
                page = browser.new_page(bypass_csp=True)  # the bench page's inline script, not the app's policy
                page.add_init_script("".join(f"window.{name} = {json.dumps(value)};" for name, value in inputs.items()))
                page.goto(server.url + "bench.html")
                page.wait_for_function("() => window.results || window.benchError", timeout=300_000, polling=500)
                error = page.evaluate("window.benchError")
                assert not error, error
                results = page.evaluate("window.results")
                browser.close()
        finally:
            server.shutdown()
    return results
