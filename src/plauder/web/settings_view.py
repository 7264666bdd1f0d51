"""The settings dialog's backend list, drawn from Settings; every decision is the app's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from plauder.core.admin import AdminPreset, is_managed
from plauder.core.backend_form import form_values
from plauder.core.image_api import can_draw
from plauder.core.records import Backend, Settings
from plauder.web.dom import element, found, on, with_id


class SettingsView:
    """Renders one fieldset per backend and reports the user's actions with the form's values."""

    def __init__(self, t: Callable[..., str], on_action: Callable[[str, str, dict[str, str]], None]) -> None:
        self._text = t
        self._list = element("backend-list")
        self._template = element("backend-template")
        on(self._list, "click", lambda event: self._clicked(event, on_action))

    def _clicked(self, event: Any, on_action: Callable[[str, str, dict[str, str]], None]) -> None:
        button = found(event.target.closest("button[data-action]"))
        if button is None:
            return
        fieldset = button.closest("fieldset")
        values = {str(field.dataset.field): str(field.value) for field in fieldset.querySelectorAll("[data-field]")}
        on_action(str(button.dataset.action), str(fieldset.dataset.id), values)

    def render(self, settings: Settings, preset: AdminPreset) -> None:
        fieldsets = [
            self._fieldset(backend, backend.id == settings.default_backend_id, preset) for backend in settings.backends
        ]
        self._list.replaceChildren(*fieldsets)
        element("add-backend-row").hidden = preset.locked("backends")

    def _fieldset(self, backend: Backend, is_default: bool, preset: AdminPreset) -> Any:
        fieldset = self._template.content.firstElementChild.cloneNode(True)
        fieldset.dataset.id = backend.id
        fieldset.dataset.kind = str(backend.kind)
        badges = list(dict.fromkeys([backend.name, self._text(f"kind.{backend.kind}")]))  # named as the user named it
        if is_managed(backend):
            badges.append(self._text("settings.managed_badge"))
        if is_default:
            badges.append(self._text("settings.default_badge"))
        fieldset.querySelector("legend").textContent = " · ".join(badges)
        values = form_values(backend)
        for field in fieldset.querySelectorAll("[data-field]"):
            field.value = values[str(field.dataset.field)]
        for label in fieldset.querySelectorAll(".image-field"):  # only a kind that speaks the images API draws
            label.hidden = not can_draw(backend)
        managed = preset.preset(backend.id)
        trust = fieldset.querySelector('[data-field="trust"]')
        trust.disabled = managed is not None or preset.locked("privacy")  # the admin's word
        if managed is not None:  # the admin's fields are shown, not edited; the key only where one is needed
            trust.value = str(managed.trust or "")
            for name in ("name", "base_url", "manual_models", "image_models"):
                fieldset.querySelector(f'[data-field="{name}"]').readOnly = True
            fieldset.querySelector('[data-field="image_max_side"]').readOnly = managed.image_max_side is not None
            fieldset.querySelector('[data-field="api_key"]').closest("label").hidden = not managed.needs_key
            fieldset.querySelector('[data-action="remove"]').hidden = True
        self.show_models(fieldset, backend)
        fieldset.querySelector('[data-action="default"]').disabled = is_default
        return fieldset

    def fieldset(self, backend_id: str) -> Any:
        return found(self._list.querySelector(with_id("fieldset", backend_id)))

    def show_models(self, fieldset: Any, backend: Backend) -> None:
        fieldset.querySelector(".models").textContent = (
            self._text("settings.models_list", models=", ".join(backend.models))
            if backend.models
            else self._text("settings.models_none")
        )

    def show_status(self, backend_id: str, lines: list[str], ok: bool) -> None:
        fieldset = self.fieldset(backend_id)
        if fieldset is None:
            return
        status = fieldset.querySelector(".status")
        status.textContent = " ".join(lines)
        status.dataset.ok = "true" if ok else "false"

    def focus_new(self, backend_id: str) -> None:
        fieldset = self.fieldset(backend_id)
        if fieldset is not None:
            fieldset.querySelector('[data-field="base_url"]').focus()
            fieldset.scrollIntoView()
