"""The admin's presets, read from a TOML file at build time (`python build.py --config FILE`).

An admin who rolls Plauder out on an intranet names the backends everyone uses, the default
model, the product title and language, which settings users may not change, and whether the
browser may talk to any other host. The file is checked here, completely, with messages that
name the offending key: a typo must stop the build, not surprise users. deploy/plauder.example.toml
documents every key; they are the admin's words. What comes out is core's AdminPreset, the one
schema the page reads back (its `to_record()` goes into the page).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from plauder.core import i18n
from plauder.core.admin import DEFAULT_TITLE, LOCKABLE, MANAGED_PREFIX, AdminPreset, PresetBackend
from plauder.core.ids import is_sane_id
from plauder.core.images import MAX_SIDE_LIMIT, MIN_SIDE_LIMIT, usable_side_limit
from plauder.core.prices import Price, PriceTable, amount
from plauder.core.privacy.trust import Action, Trust, trust_from
from plauder.core.prompt_library import MAX_NAME_CHARS, is_name
from plauder.core.providers import PROVIDERS, openai
from plauder.core.records import BackendKind, Prompt
from plauder.core.retention import MAX_DAYS
from plauder_build.errors import BuildError

KEY_MODES = ("user", "none")
DEFAULT_KIND = openai.PROVIDER.kind

T = TypeVar("T")


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

    def get(self, key: str, kind: type[T]) -> T | None:
        """The value at `key`, or None when it is absent (TOML has no null)."""
        value = self._table.get(key)
        if value is not None and not isinstance(value, kind):
            raise self.fail(key, f"must be a {kind.__name__}, not {type(value).__name__}")
        return value

    def table(self, key: str) -> _Reader:
        return _Reader(self.get(key, dict) or {}, f"{self._where}{key}.", self._source)

    def text(self, key: str) -> str | None:
        value = self.get(key, str)
        if value is not None and not value.strip():
            raise self.fail(key, "must not be empty")
        return value

    def required(self, key: str) -> str:
        value = self.text(key)
        if value is None:
            raise self.fail(key, "is required")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        values = self.get(key, list) or []
        if not all(isinstance(v, str) and v.strip() for v in values):
            raise self.fail(key, "must be a list of non-empty strings")
        return tuple(values)

    def names(self) -> list[str]:
        """The keys of this table (for tables keyed by name, such as [prices.models])."""
        return list(self._table)

    def flag(self, key: str) -> bool:
        return self.get(key, bool) or False


def _backend(table: object, index: int, source: str) -> tuple[PresetBackend, bool, str | None]:
    """One [[backends]] table: the backend, whether it is the default, and its default model."""
    if not isinstance(table, dict):
        raise BuildError(f"{source}: backends[{index}] must be a table ([[backends]])")
    read = _Reader(table, f"backends[{index}].", source)
    read.check_known(
        {"id", "name", "kind", "url", "models", "key", "default", "default_model", "trust"}
        | {"image_models", "image_max_side"}  # what it draws with, and how large pictures are sent to it
    )
    backend_id, name, url = read.required("id"), read.required("name"), read.required("url")
    if not is_sane_id(MANAGED_PREFIX + backend_id):
        raise read.fail("id", "must be a short name without spaces, quotes, backslashes or angle brackets")
    kind = read.text("kind") or DEFAULT_KIND
    if kind not in PROVIDERS:
        raise read.fail("kind", f"must be one of {', '.join(PROVIDERS)}, not {kind!r}")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise read.fail("url", f"must be an http:// or https:// URL, not {url!r}")
    key = read.text("key") or "user"
    if key not in KEY_MODES:
        raise read.fail("key", f'must be "user" (each user enters a key) or "none" (no key needed), not {key!r}')
    models = read.texts("models")
    default_model = read.text("default_model")
    if default_model is not None and models and default_model not in models:
        raise read.fail("default_model", f"{default_model!r} is not in this backend's models")
    trust = read.text("trust")
    if trust is not None and trust_from(trust) is None:
        raise read.fail("trust", f"must be one of {', '.join(Trust)}, not {trust!r}")
    image_models = read.texts("image_models")
    if image_models and kind != DEFAULT_KIND:
        raise read.fail(
            "image_models", f'pictures are asked for with the OpenAI images API: needs kind = "{DEFAULT_KIND}"'
        )
    side = read.get("image_max_side", int)
    if side is not None and not usable_side_limit(side):
        raise read.fail("image_max_side", f"must be a number of pixels from {MIN_SIDE_LIMIT} to {MAX_SIDE_LIMIT}")
    backend = PresetBackend(
        MANAGED_PREFIX + backend_id,
        name,
        BackendKind(kind),
        url,
        models,
        key == "user",
        trust=trust_from(trust),
        image_models=image_models,
        image_max_side=side,
    )
    return backend, read.flag("default"), default_model


def _prices(read: _Reader) -> PriceTable:
    """[prices]: a currency and, per model, what a million prompt and answer tokens cost."""
    read.check_known({"currency", "models"})
    models = read.table("models")
    table: dict[str, Price] = {}
    for name in models.names():
        entry = models.table(name)
        entry.check_known({"prompt", "answer"})
        prompt, answer = (amount(entry.get(key, object)) for key in ("prompt", "answer"))  # amount() checks
        if prompt is None or answer is None:
            raise models.fail(name, "needs prompt and answer: prices per million tokens, numbers of 0 or more")
        table[name] = Price(prompt, answer)
    currency = read.text("currency")
    if table and currency is None:
        raise read.fail("currency", 'is required with prices (e.g. "EUR" or "USD")')
    return PriceTable(currency or "", table)


def _prompts(tables: list[Any], source: str) -> tuple[Prompt, ...]:
    """[[prompts]]: the prompt library everyone gets, each a one-word name and its text."""
    prompts: dict[str, Prompt] = {}
    for index, table in enumerate(tables):
        if not isinstance(table, dict):
            raise BuildError(f"{source}: prompts[{index}] must be a table ([[prompts]])")
        read = _Reader(table, f"prompts[{index}].", source)
        read.check_known({"name", "text"})
        name, text = read.required("name"), read.required("text")
        if not is_name(name):
            raise read.fail("name", f"must be one word of letters, digits, - or _, at most {MAX_NAME_CHARS}: {name!r}")
        if name.casefold() in prompts:
            raise read.fail("name", f"{name!r} is taken by another prompt (names are compared in any letter case)")
        prompts[name.casefold()] = Prompt(MANAGED_PREFIX + name.casefold(), name, text)
    return tuple(prompts.values())


def _policy(read: _Reader) -> dict[Trust, Action]:
    """[privacy.policy]: per trust level, what happens to a message with findings."""
    read.check_known(set(Trust))
    policy = {}
    for level in Trust:
        action = read.text(level)
        if action is not None and action not in set(Action):
            raise read.fail(level, f"must be one of {', '.join(Action)}, not {action!r}")
        if action is not None:
            policy[level] = Action(action)
    return policy


def _retention(read: _Reader) -> int | None:
    """[retention]: after how many days without activity conversations are deleted (absent: never)."""
    read.check_known({"days"})
    days = read.get("days", int)
    if days is not None and (isinstance(days, bool) or not 1 <= days <= MAX_DAYS):
        raise read.fail("days", f"must be a whole number of days from 1 to {MAX_DAYS}, not {days!r}")
    return days


def parse_admin_config(text: str, source: str = "admin config") -> AdminPreset:
    """The admin config in `text`, fully checked; BuildError names what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BuildError(f"{source}: not valid TOML: {error}") from error
    top = _Reader(data, "", source)
    top.check_known({"app", "network", "privacy", "prices", "prompts", "retention", "backends"})
    app, network, privacy = top.table("app"), top.table("network"), top.table("privacy")
    app.check_known({"title", "language", "lock"})
    network.check_known({"only_listed_backends"})
    privacy.check_known({"names", "policy"})
    language = app.text("language")
    if language is not None and language not in i18n.languages():
        raise app.fail("language", f"must be one of {', '.join(i18n.languages())}, not {language!r}")
    lock = app.texts("lock")
    if unknown := sorted(set(lock) - LOCKABLE):
        raise app.fail("lock", f"names {unknown[0]!r}; lockable are {', '.join(sorted(LOCKABLE))}")
    entries = [_backend(table, index, source) for index, table in enumerate(top.get("backends", list) or [])]
    backends = tuple(backend for backend, _, _ in entries)
    if len({b.id for b in backends}) != len(backends):
        raise BuildError(f"{source}: two backends share an id; each [[backends]] needs its own id")
    defaults = [(backend, model) for backend, is_default, model in entries if is_default]
    if len(defaults) > 1:
        raise BuildError(f"{source}: more than one backend says default = true")
    only_listed = network.flag("only_listed_backends")
    if only_listed and not backends:
        raise network.fail("only_listed_backends", "is true, but no [[backends]] are listed: nothing could be called")
    if "backends" in lock and not backends:
        raise app.fail("lock", 'locks "backends", but no [[backends]] are listed: users could not chat at all')
    # The default is the backend marked so, else the first; its model the one named, else its first.
    chosen = defaults[0] if defaults else (entries[0][0], entries[0][2]) if entries else None
    return AdminPreset(
        title=app.text("title") or DEFAULT_TITLE,
        language=language,
        lock=frozenset(lock),
        only_listed_backends=only_listed,
        backends=backends,
        default_backend_id=chosen[0].id if chosen else None,
        default_model=(chosen[1] or next(iter(chosen[0].models), None)) if chosen else None,
        privacy_names=privacy.texts("names"),
        privacy_policy=_policy(privacy.table("policy")),
        prices=_prices(top.table("prices")),
        prompts=_prompts(top.get("prompts", list) or [], source),
        retention_days=_retention(top.table("retention")),
    )


def load_admin_config(path: Path | None) -> AdminPreset:
    """The config at `path`, or the neutral one (no presets, any backend) when there is none."""
    if path is None:
        return AdminPreset()
    try:
        text = path.read_text("utf-8")
    except OSError as error:
        raise BuildError(f"cannot read the admin config {path}: {error.strerror}") from error
    return parse_admin_config(text, str(path))
