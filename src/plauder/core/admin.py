"""What the admin preset at build time, applied to what the user has set in this browser.

Preset backends are managed: their name, kind, URL and models come from the admin on every
start (a changed preset reaches everyone with the next deploy); the user adds only a key where
one is needed, and a timeout. Their ids carry MANAGED_PREFIX, so they can never collide with
the user's own backends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Self
from urllib.parse import urlsplit

from plauder.core import i18n
from plauder.core.prices import PriceTable
from plauder.core.privacy.trust import Action, Trust, policy_from, policy_record, trust_from
from plauder.core.records import Backend, BackendKind, Prompt, Settings

MANAGED_PREFIX = "admin-"
DEFAULT_TITLE = "Plauder"
LOCKABLE = frozenset({"backends", "language", "privacy", "retention"})


@dataclass(frozen=True)
class PresetBackend:
    id: str  # carries MANAGED_PREFIX
    name: str
    kind: BackendKind
    base_url: str
    models: tuple[str, ...] = ()
    needs_key: bool = True
    name_key: str | None = None  # set by the build (the demo model's): the name in the page's language
    trust: Trust | None = None  # the admin's trust level (core/privacy/trust.py); None: its address decides
    image_models: tuple[str, ...] = ()  # its models that make pictures (core/image_api.py)
    image_max_side: int | None = None  # the longest side of pictures sent to it; None: each user's own setting

    def to_record(self) -> dict[str, Any]:
        return {**asdict(self), "models": list(self.models), "image_models": list(self.image_models)}

    def named_in(self, language: str) -> PresetBackend:
        return replace(self, name=i18n.translate(language, self.name_key)) if self.name_key else self

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Self:
        return cls(
            id=str(record["id"]),
            name=str(record["name"]),
            kind=BackendKind(str(record["kind"])),
            base_url=str(record["base_url"]),
            models=tuple(record.get("models") or ()),
            needs_key=bool(record.get("needs_key", True)),
            name_key=record.get("name_key"),
            trust=trust_from(record.get("trust")),
            image_models=tuple(record.get("image_models") or ()),
            image_max_side=side if type(side := record.get("image_max_side")) is int else None,
        )


@dataclass(frozen=True)
class AdminPreset:
    """The admin's presets: checked by the build (plauder_build.admin), carried in the page as `to_record()`."""

    title: str = DEFAULT_TITLE
    language: str | None = None  # None: the user's (or the browser's) language decides
    lock: frozenset[str] = frozenset()
    only_listed_backends: bool = False
    backends: tuple[PresetBackend, ...] = ()
    default_backend_id: str | None = None
    default_model: str | None = None
    privacy_names: tuple[str, ...] = ()  # names everyone's messages have replaced (core/privacy/terms.py)
    privacy_policy: Mapping[Trust, Action] = field(default_factory=dict, hash=False)  # action per trust level
    prices: PriceTable = field(default_factory=PriceTable, hash=False)  # per model, in the admin's currency
    prompts: tuple[Prompt, ...] = ()  # the prompt library everyone starts with (core/prompt_library.py)
    retention_days: int | None = None  # conversations without activity this long are deleted (core/retention.py)

    def to_record(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "language": self.language,
            "lock": sorted(self.lock),
            "only_listed_backends": self.only_listed_backends,
            "backends": [b.to_record() for b in self.backends],
            "default_backend_id": self.default_backend_id,
            "default_model": self.default_model,
            "privacy_names": list(self.privacy_names),
            "privacy_policy": policy_record(self.privacy_policy),
            "prices": self.prices.to_record(),
            "prompts": [p.to_record() for p in self.prompts],
            "retention_days": self.retention_days,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any] | None) -> Self:
        if not record:
            return cls()
        return cls(
            title=str(record.get("title") or DEFAULT_TITLE),
            language=record.get("language"),
            lock=frozenset(record.get("lock") or ()),
            only_listed_backends=bool(record.get("only_listed_backends")),
            backends=tuple(PresetBackend.from_record(b) for b in record.get("backends") or ()),
            default_backend_id=record.get("default_backend_id"),
            default_model=record.get("default_model"),
            privacy_names=tuple(record.get("privacy_names") or ()),
            privacy_policy=policy_from(record.get("privacy_policy")),
            prices=PriceTable.from_record(record.get("prices")),
            prompts=tuple(Prompt.from_record(p) for p in record.get("prompts") or ()),
            retention_days=record.get("retention_days"),
        )

    def named_in(self, language: str) -> Self:
        """The preset with its backends named in `language` where the build gave a name key."""
        return replace(self, backends=tuple(backend.named_in(language) for backend in self.backends))

    def locked(self, setting: str) -> bool:
        return setting in self.lock

    def preset(self, backend_id: str) -> PresetBackend | None:
        return next((b for b in self.backends if b.id == backend_id), None)

    def allowed_origins(self) -> tuple[str, ...] | None:
        """The origins the page may call (its CSP's connect-src), or None when any host is allowed."""
        if not self.only_listed_backends:
            return None
        return tuple(dict.fromkeys(origin(b.base_url) for b in self.backends))

    def allows(self, url: str) -> bool:
        """Whether the page may call `url`: when the admin listed the backends, only their origins."""
        allowed = self.allowed_origins()
        return allowed is None or origin(url) in allowed


def is_managed(backend: Backend) -> bool:
    return backend.id.startswith(MANAGED_PREFIX)


def origin(url: str) -> str:
    """`https://Host:8443/v1` -> `https://host:8443`, as a browser (and a CSP) compares them."""
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}".lower()


def _managed(preset: PresetBackend, own: Backend | None) -> Backend:
    """The preset backend, keeping what the user may set: the key (if one is needed), the timeouts, fetched models
    and the context sizes fetched with them, and the pictures' size unless the admin set it."""
    backend = Backend(
        id=preset.id, name=preset.name, kind=preset.kind, base_url=preset.base_url, image_models=preset.image_models
    )
    if preset.image_max_side is not None:
        backend = replace(backend, image_max_side=preset.image_max_side)
    if own is None:
        return replace(backend, manual_models=preset.models)
    return replace(
        backend,
        api_key=own.api_key if preset.needs_key else "",
        fetched_models=own.fetched_models,
        contexts=own.contexts,
        manual_models=preset.models,
        timeout_seconds=own.timeout_seconds,
        image_timeout_seconds=own.image_timeout_seconds,
        image_max_side=own.image_max_side if preset.image_max_side is None else preset.image_max_side,
    )


def apply_preset(settings: Settings, preset: AdminPreset) -> Settings:
    """The user's settings with the admin's backends in force.

    Backends the admin dropped from the preset disappear; with "backends" locked, only the
    admin's remain. A default that no longer exists falls back to the admin's.
    """
    managed = [_managed(p, settings.backend(p.id)) for p in preset.backends]
    own = () if preset.locked("backends") else tuple(b for b in settings.backends if not is_managed(b))
    backends = (*managed, *own)
    result = replace(settings, backends=backends)
    if result.backend(settings.default_backend_id) is None:
        fallback = result.backend(preset.default_backend_id) or next(iter(backends), None)
        model = preset.default_model if fallback and fallback.id == preset.default_backend_id else None
        if fallback is not None and model is None:
            model = next(iter(fallback.models), None)
        result = replace(result, default_backend_id=fallback.id if fallback else None, default_model=model)
    return result
