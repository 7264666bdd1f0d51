"""A backend as the settings form edits it: defaults per kind, and validation of what was typed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from urllib.parse import urlsplit

from plauder.core.i18n import DEFAULT_LANGUAGE
from plauder.core.image_api import can_draw
from plauder.core.images import usable_side_limit
from plauder.core.privacy.trust import trust_from
from plauder.core.providers import provider_for
from plauder.core.records import Backend, BackendKind

MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS = 1.0, 3600.0


def _default_name(kind: BackendKind) -> str:
    """A backend's name until the user gives it one: its kind's English name (a name is not translated)."""
    return provider_for(kind).labels[DEFAULT_LANGUAGE]


def new_backend(backend_id: str, kind: BackendKind) -> Backend:
    return Backend(id=backend_id, name=_default_name(kind), kind=kind, base_url=provider_for(kind).default_url)


def split_models(text: str) -> tuple[str, ...]:
    """`a, b,,a` -> (a, b): model names typed by hand, deduplicated in order."""
    return tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))


def usable_url(url: str) -> bool:
    """An http:// or https:// URL with a host: what a backend can be reached at (an import is held to it too)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def usable_timeout(seconds: float) -> bool:
    """A timeout the browser's timers can hold: beyond 2^31 ms they fire at once."""
    return MIN_TIMEOUT_SECONDS <= seconds <= MAX_TIMEOUT_SECONDS


def edited(backend: Backend, values: Mapping[str, str]) -> Backend | str:
    """The backend with the form's values, or the message key of what is wrong with them."""
    url = values["base_url"].strip()
    if not usable_url(url):
        return "settings.url_invalid"
    timeout, image_timeout = (
        _seconds(values["timeout_seconds"]),
        _seconds(values.get("image_timeout_seconds", f"{backend.image_timeout_seconds:g}")),
    )
    if timeout is None or image_timeout is None:
        return "settings.timeout_invalid"
    side = _pixels(values.get("image_max_side", str(backend.image_max_side)))
    if side is None:
        return "settings.image_side_invalid"
    return replace(
        backend,
        name=values["name"].strip() or _default_name(backend.kind),
        base_url=url,
        api_key=values["api_key"].strip(),
        manual_models=split_models(values["manual_models"]),
        timeout_seconds=timeout,
        image_models=split_models(values.get("image_models", "")) if can_draw(backend) else (),
        image_timeout_seconds=image_timeout,
        image_max_side=side,
        trust=trust_from(values.get("trust")),
    )


def _seconds(text: str) -> float | None:
    """A timeout typed in seconds, or None when it is no number the browser's timers can hold."""
    try:
        seconds = float(text)
    except ValueError:
        return None
    return seconds if usable_timeout(seconds) else None


def _pixels(text: str) -> int | None:
    """A picture's longest side typed in pixels, or None when it is no whole number in the range a backend may ask."""
    try:
        pixels = int(text.strip())
    except ValueError:
        return None
    return pixels if usable_side_limit(pixels) else None


def form_values(backend: Backend) -> dict[str, str]:
    """The form's fields for a backend, as `edited` reads them back."""
    return {
        "name": backend.name,
        "base_url": backend.base_url,
        "api_key": backend.api_key,
        "manual_models": ", ".join(backend.manual_models),
        "timeout_seconds": f"{backend.timeout_seconds:g}",
        "image_models": ", ".join(backend.image_models),
        "image_timeout_seconds": f"{backend.image_timeout_seconds:g}",
        "image_max_side": str(backend.image_max_side),
        "trust": str(backend.trust or ""),
    }
