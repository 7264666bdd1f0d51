"""The admin's presets, read from a TOML file at build time (`python build.py --config FILE`).

An admin who rolls Plauder out on an intranet names the backends everyone uses, the default
model, the product title and language, which settings users may not change, and whether the
browser may talk to any other host. The file is checked here, completely, with messages that
name the offending key: a typo must stop the build, not surprise users. deploy/plauder.example.toml
documents every key.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from plauder.core import i18n
from plauder.core.admin import LOCKABLE, MANAGED_PREFIX
from plauder.core.records import BackendKind
from plauder_build.errors import BuildError

KEY_MODES = ("user", "none")


@dataclass(frozen=True)
class PresetBackend:
    id: str
    name: str
    kind: BackendKind
    url: str
    models: tuple[str, ...]
    needs_key: bool

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class AdminConfig:
    title: str = "Plauder"
    language: str | None = None  # None: the browser's language decides
    lock: frozenset[str] = frozenset()
    only_listed_backends: bool = False
    backends: tuple[PresetBackend, ...] = ()
    default_backend: str | None = None
    default_model: str | None = None
    source: str = field(default="", compare=False)

    def connect_sources(self) -> tuple[str, ...] | None:
        """The origins the CSP lets the page call, or None when any host is allowed."""
        if not self.only_listed_backends:
            return None
        return tuple(dict.fromkeys(backend.origin for backend in self.backends))

    def page_data(self) -> dict[str, Any]:
        """What the page's Python reads (plauder.core.admin.AdminPreset.from_record)."""
        return {
            "title": self.title,
            "language": self.language,
            "lock": sorted(self.lock),
            "only_listed_backends": self.only_listed_backends,
            "backends": [
                {
                    "id": MANAGED_PREFIX + b.id,
                    "name": b.name,
                    "kind": str(b.kind),
                    "base_url": b.url,
                    "models": list(b.models),
                    "needs_key": b.needs_key,
                }
                for b in self.backends
            ],
            "default_backend_id": MANAGED_PREFIX + self.default_backend if self.default_backend else None,
            "default_model": self.default_model,
        }


def script_json(data: object) -> str:
    """JSON that is safe inside a <script type="application/json"> element: no `<` can close it."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


class _Reader:
    """Typed access to one TOML table, with errors that name the full key."""

    def __init__(self, table: dict[str, Any], where: str, source: str) -> None:
        self._table = table
        self._where = where
        self._source = source

    def fail(self, key: str, problem: str) -> BuildError:
        return BuildError(f"{self._source}: {self._where}{key} {problem}")

    def check_known(self, known: set[str]) -> None:
        unknown = sorted(set(self._table) - known)
        if unknown:
            raise self.fail(unknown[0], f"is not a known setting (known here: {', '.join(sorted(known))})")

    def get(self, key: str, kind: type, default: Any = None) -> Any:
        value = self._table.get(key, default)
        if value is not default and not isinstance(value, kind):
            raise self.fail(key, f"must be a {kind.__name__}, not {type(value).__name__}")
        return value

    def text(self, key: str, default: str | None = None) -> str | None:
        value = self.get(key, str, default)
        if value is not None and not value.strip():
            raise self.fail(key, "must not be empty")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        values = self.get(key, list, [])
        if not all(isinstance(v, str) and v.strip() for v in values):
            raise self.fail(key, "must be a list of non-empty strings")
        return tuple(values)


def _backend(table: object, index: int, source: str) -> tuple[PresetBackend, bool, str | None]:
    if not isinstance(table, dict):
        raise BuildError(f"{source}: backends[{index}] must be a table ([[backends]])")
    read = _Reader(table, f"backends[{index}].", source)
    read.check_known({"id", "name", "kind", "url", "models", "key", "default", "default_model"})
    backend_id, name, url = read.text("id"), read.text("name"), read.text("url")
    for key, value in (("id", backend_id), ("name", name), ("url", url)):
        if value is None:
            raise read.fail(key, "is required")
    kind = read.text("kind", "openai")
    if kind not in {k.value for k in BackendKind}:
        raise read.fail("kind", f"must be one of {', '.join(k.value for k in BackendKind)}, not {kind!r}")
    parts = urlsplit(url or "")
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise read.fail("url", f"must be an http:// or https:// URL, not {url!r}")
    key = read.text("key", "user")
    if key not in KEY_MODES:
        raise read.fail("key", f'must be "user" (each user enters a key) or "none" (no key needed), not {key!r}')
    models = read.texts("models")
    default_model = read.text("default_model")
    if default_model is not None and models and default_model not in models:
        raise read.fail("default_model", f"{default_model!r} is not in this backend's models")
    backend = PresetBackend(str(backend_id), str(name), BackendKind(kind), str(url), models, key == "user")
    return backend, bool(read.get("default", bool, False)), default_model


def parse_admin_config(text: str, source: str = "admin config") -> AdminConfig:
    """The admin config in `text`, fully checked; BuildError names what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BuildError(f"{source}: not valid TOML: {error}") from error
    top = _Reader(data, "", source)
    top.check_known({"app", "network", "backends"})
    app = _Reader(top.get("app", dict, {}), "app.", source)
    app.check_known({"title", "language", "lock"})
    network = _Reader(top.get("network", dict, {}), "network.", source)
    network.check_known({"only_listed_backends"})
    language = app.text("language")
    if language is not None and language not in i18n.languages():
        raise app.fail("language", f"must be one of {', '.join(i18n.languages())}, not {language!r}")
    lock = app.texts("lock")
    if unknown := sorted(set(lock) - LOCKABLE):
        raise app.fail("lock", f"names {unknown[0]!r}; lockable are {', '.join(sorted(LOCKABLE))}")
    entries = [_backend(table, index, source) for index, table in enumerate(top.get("backends", list, []))]
    backends = tuple(backend for backend, _, _ in entries)
    if len({b.id for b in backends}) != len(backends):
        raise BuildError(f"{source}: two backends share an id; each [[backends]] needs its own id")
    defaults = [(backend, model) for backend, is_default, model in entries if is_default]
    if len(defaults) > 1:
        raise BuildError(f"{source}: more than one backend says default = true")
    only_listed = bool(network.get("only_listed_backends", bool, False))
    if only_listed and not backends:
        raise network.fail("only_listed_backends", "is true, but no [[backends]] are listed: nothing could be called")
    if "backends" in lock and not backends:
        raise app.fail("lock", 'locks "backends", but no [[backends]] are listed: users could not chat at all')
    # The default is the backend marked so, else the first; its model the one named, else its first.
    chosen = defaults[0] if defaults else (entries[0][0], entries[0][2]) if entries else None
    default_model = (chosen[1] or next(iter(chosen[0].models), None)) if chosen else None
    return AdminConfig(
        title=app.text("title", "Plauder") or "Plauder",
        language=language,
        lock=frozenset(lock),
        only_listed_backends=only_listed,
        backends=backends,
        default_backend=chosen[0].id if chosen else None,
        default_model=default_model,
        source=source,
    )


def load_admin_config(path: Path | None) -> AdminConfig:
    """The config at `path`, or the neutral one (no presets, any backend) when there is none."""
    if path is None:
        return AdminConfig()
    try:
        text = path.read_text("utf-8")
    except OSError as error:
        raise BuildError(f"cannot read the admin config {path}: {error.strerror}") from error
    return parse_admin_config(text, str(path))
