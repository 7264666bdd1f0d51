"""The Content-Security-Policy the page ships with, as a meta tag and as a server header.

Pyodide needs 'wasm-unsafe-eval' and nothing looser: no 'unsafe-eval', no 'unsafe-inline'.
connect-src names where the browser may send requests. Users bring their own backends, so
by default any http(s) host may be asked; an admin's list of backends narrows it. Everything
else (scripts, styles, images, workers) stays on the page's own origin.
"""

from __future__ import annotations

from collections.abc import Sequence

ANY_BACKEND = ("http:", "https:")


def content_security_policy(connect_sources: Sequence[str] = ANY_BACKEND) -> str:
    directives = {
        "default-src": ["'none'"],
        "script-src": ["'self'", "'wasm-unsafe-eval'"],
        "worker-src": ["'self'"],
        "connect-src": ["'self'", *connect_sources],
        "img-src": ["'self'", "data:", "blob:"],
        "style-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def code_worker_policy() -> str:
    """The policy the server sends with the code worker's script (core/running), under which the code a user runs
    in it may reach nothing but the build's own files: no backend (connect-src), no script from elsewhere (an
    import() of another address), no JavaScript made of text. The worker removes every way to the network itself
    before any code runs (src/templates/code-worker.js); this holds on a server that sends it."""
    directives = {
        "default-src": ["'none'"],
        "script-src": ["'self'", "'wasm-unsafe-eval'"],
        "connect-src": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())
