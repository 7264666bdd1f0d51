"""The development server: serves build/ under a URL prefix as a production server should.

Right MIME types for .mjs and .wasm, long-lived caching for the content-addressed files
and revalidation for the page, the same Content-Security-Policy as a header (and the code
worker's own, csp.code_worker_policy), and the precompressed .gz twins when the browser
accepts gzip.
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from plauder_build.csp import code_worker_policy, content_security_policy

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".zip": "application/zip",
    ".whl": "application/zip",
}
# Only the page itself keeps its name across builds; every other file's name changes with its bytes.
REVALIDATED = {"index.html", "sw.js"}  # they name the other files, whose names change with their content


class BuildHandler(http.server.SimpleHTTPRequestHandler):
    """Serves its server's build folder under the server's prefix (for example `/plauder/`)."""

    server: BuildServer

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return MIME_TYPES.get(Path(path).suffix.lower()) or super().guess_type(path)

    @property
    def prefix(self) -> str:
        return self.server.prefix

    def log_message(self, format: str, *args: object) -> None:
        if os.environ.get("PLAUDER_SERVER_LOG"):
            super().log_message(format, *args)

    def translate_path(self, path: str) -> str:
        route = path.split("?", 1)[0].split("#", 1)[0]
        return super().translate_path("/" + route[len(self.prefix) :])

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        route = self.path.split("?", 1)[0]
        if not route.startswith(self.prefix):
            if route + "/" == self.prefix:
                self.send_response(301)
                self.send_header("Location", self.prefix)
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self.send_error(404, "outside the served prefix")
            return None
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        self._served_name = path.name
        gzipped = path.with_name(path.name + ".gz")
        self._gzip = "gzip" in self.headers.get("Accept-Encoding", "") and gzipped.is_file()
        if not self._gzip:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(gzipped.stat().st_size))
        self.end_headers()
        return gzipped.open("rb")

    def end_headers(self) -> None:
        name = getattr(self, "_served_name", "")
        if name:
            revalidate = name in REVALIDATED
            self.send_header("Cache-Control", "no-cache" if revalidate else "public, max-age=31536000, immutable")
            self.send_header("Vary", "Accept-Encoding")
            if name.endswith(".html"):
                self.send_header("Content-Security-Policy", content_security_policy())
            elif name.startswith("code-worker.") and name.endswith(".js"):
                self.send_header("Content-Security-Policy", code_worker_policy())
            self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()


class BuildServer(http.server.ThreadingHTTPServer):
    """A threading server for one build folder, served under a URL prefix."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], directory: Path, prefix: str) -> None:
        self.prefix = prefix
        super().__init__(address, functools.partial(BuildHandler, directory=str(directory)))

    @property
    def url(self) -> str:
        host, port = self.socket.getsockname()[:2]
        return f"http://{host}:{port}{self.prefix}"


def make_server(directory: Path, host: str, port: int, prefix: str = "/") -> BuildServer:
    """A server for `directory` at http://host:port{prefix} (port 0 picks a free one)."""
    segments = prefix.strip("/")
    return BuildServer((host, port), directory, f"/{segments}/" if segments else "/")


def snapshot(paths: list[Path]) -> dict[Path, float]:
    """Modification times of every file below `paths`, to notice edits by polling."""
    times: dict[Path, float] = {}
    for root in paths:
        for path in [root, *root.rglob("*")] if root.is_dir() else [root]:
            if path.is_file() and "__pycache__" not in path.parts:
                times[path] = path.stat().st_mtime
    return times


def watch(paths: list[Path], rebuild: Callable[[], None], interval: float = 0.5) -> threading.Thread:
    """Call `rebuild` whenever a file below `paths` changes, appears or disappears."""

    def loop() -> None:
        seen = snapshot(paths)
        while True:
            time.sleep(interval)
            now = snapshot(paths)
            if now != seen:
                seen = now
                rebuild()

    thread = threading.Thread(target=loop, name="rebuild-on-change", daemon=True)
    thread.start()
    return thread
