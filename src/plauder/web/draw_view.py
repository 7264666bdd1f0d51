"""The composer's picture mode (core/picturing.py): the button that turns it on and off, and its options
(image model, size, count) above the message box. Every choice runs a core step; this only draws and reads."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from plauder.core.i18n import Translate
from plauder.core.image_api import MAX_COUNT, SIZES
from plauder.core.picturing import image_options
from plauder.core.state import ChatState
from plauder.web.chat_view import fill_model_select, parse_model_choice
from plauder.web.dom import element, on


class DrawOptions:
    def __init__(
        self,
        t: Translate,
        state: Callable[[], ChatState],
        toggle: Callable[[bool], object],
        choose: Callable[[str, str, str, int], object],
    ) -> None:
        self._t = t
        self._state = state
        self._choose = choose
        self._model, self._size, self._count = element("draw-model"), element("draw-size"), element("draw-count")
        on(element("draw"), "click", lambda _event: toggle(self._state().drawing is None))
        for select in (self._model, self._size, self._count):
            on(select, "change", self._changed)

    def _changed(self, _event: Any) -> None:
        choice = parse_model_choice(str(self._model.value))
        if choice is not None:
            self._choose(*choice, str(self._size.value), int(self._count.value or 1))

    def draw(self, state: ChatState) -> None:
        """Pressed while prompts go to the image backend; the options show only then."""
        drawing = state.drawing
        element("draw").setAttribute("aria-pressed", "true" if drawing else "false")
        element("draw-options").hidden = drawing is None
        if drawing is None:
            return
        fill_model_select(self._model, image_options(state.settings, drawing), "", keep_empty=False)
        sizes = [("", self._t("images.size_default")), *((size, size) for size in SIZES)]
        self._size.innerHTML = _options(sizes, drawing.size or "")
        self._count.innerHTML = _options([(str(n), str(n)) for n in range(1, MAX_COUNT + 1)], str(drawing.count))


def _options(choices: list[tuple[str, str]], selected: str) -> str:
    return "".join(
        f'<option value="{escape(value)}"{" selected" if value == selected else ""}>{escape(label)}</option>'
        for value, label in choices
    )
