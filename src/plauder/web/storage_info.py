"""How much the browser stores for Plauder, and whether it may evict it: asked, then shown in settings."""

from __future__ import annotations

from collections.abc import Callable

import js

from plauder.core.units import human_size
from plauder.web.dom import element


async def request_persistence() -> bool:
    """Ask the browser not to evict Plauder's data under storage pressure; False where it refuses or cannot."""
    storage = getattr(js.navigator, "storage", None)
    if storage is None or not hasattr(storage, "persist"):
        return False
    return bool(await storage.persisted()) or bool(await storage.persist())


async def show_storage(language: str, translate: Callable[..., str]) -> None:
    """Fill the settings' storage lines: space used (of the quota) and whether the data is persistent."""
    storage = getattr(js.navigator, "storage", None)
    if storage is None or not hasattr(storage, "estimate"):
        element("storage-usage").textContent = translate("storage.usage_unknown")
    else:
        estimate = await storage.estimate()
        element("storage-usage").textContent = translate(
            "storage.usage", used=human_size(estimate.usage, language), quota=human_size(estimate.quota, language)
        )
    persistent = storage is not None and hasattr(storage, "persisted") and bool(await storage.persisted())
    line = element("storage-persistence")
    line.textContent = translate("storage.persistent" if persistent else "storage.not_persistent")
    line.dataset.persistent = "true" if persistent else "false"
