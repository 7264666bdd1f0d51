"""The served build's presets: the admin's, plus the local demo model that `build.py serve` started.

The demo model is a managed backend that needs no key, so a newcomer can chat with nothing set up.
It is added after the admin's own backends, so with `only_listed_backends` the page's policy lets
the browser reach it too, and it becomes the default only when the admin named none.
"""

from __future__ import annotations

from dataclasses import replace

from plauder.core import i18n
from plauder.core.admin import MANAGED_PREFIX, AdminPreset, PresetBackend
from plauder.core.providers import openai
from plauder_build.errors import BuildError

BACKEND_ID = MANAGED_PREFIX + "demo-model"
NAME_KEY = "settings.demo_model"  # the page shows its name in the page's language


def with_demo_backend(admin: AdminPreset, url: str, model: str) -> AdminPreset:
    """`admin` plus the demo model at `url` (no /v1) serving `model`; the default if the admin named none."""
    if admin.preset(BACKEND_ID) is not None:
        raise BuildError(f"the admin config's backend id {BACKEND_ID[len(MANAGED_PREFIX) :]!r} is the demo model's")
    demo = PresetBackend(
        id=BACKEND_ID,
        name=i18n.translate(i18n.DEFAULT_LANGUAGE, NAME_KEY),
        kind=openai.PROVIDER.kind,
        base_url=f"{url}/v1",
        models=(model,),
        needs_key=False,
        name_key=NAME_KEY,
    )
    merged = replace(admin, backends=(*admin.backends, demo))
    if admin.default_backend_id is None:
        return replace(merged, default_backend_id=demo.id, default_model=model)
    return merged
