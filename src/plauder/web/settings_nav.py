"""The settings' list of sections: a click brings its section into view, and scrolling marks where the reader is.

All sections stay in one scrolled column (nothing the user looks for is hidden behind a tab); the list
beside it (above it on phones) is the way through, and the bar above keeps Close in view.
"""

from __future__ import annotations

from typing import Any

import js
from pyodide.ffi import create_once_callable

from plauder.web.dom import found, js_object, on

# A section counts as the one being read once its heading is this close to the column's top.
READING_LINE_PX = 48


class SettingsNav:
    def __init__(self) -> None:
        self._nav = js.document.querySelector(".settings-nav")
        self._column = js.document.querySelector(".settings-sections")
        self._chosen: str | None = None  # a section just clicked: its own scroll does not mark another
        self._frame_requested = False
        on(self._nav, "click", self._clicked)
        on(self._column, "scroll", self._scrolled)

    def to_top(self) -> None:
        self._column.scrollTop = 0
        self._mark(str(self._nav.querySelector("button[data-section]").getAttribute("data-section")))

    def _clicked(self, event: Any) -> None:
        button = found(event.target.closest("button[data-section]"))
        if button is None:
            return
        section_id = str(button.getAttribute("data-section"))
        self._chosen = section_id
        self._mark(section_id)
        js.document.getElementById(section_id).scrollIntoView(js_object({"block": "start"}))

    def _scrolled(self, _event: Any) -> None:
        if not self._frame_requested:
            self._frame_requested = True
            js.requestAnimationFrame(create_once_callable(self._mark_reading))

    def _mark_reading(self, _timestamp: float = 0) -> None:
        self._frame_requested = False
        if self._chosen is not None:  # the scroll a click caused: that section stays marked
            self._chosen = None
            return
        line = self._column.getBoundingClientRect().top + READING_LINE_PX
        reading = None
        for section in self._column.querySelectorAll(":scope > section[id]"):
            if section.getBoundingClientRect().top <= line:
                reading = str(section.id)
        if reading is not None:
            self._mark(reading)

    def _mark(self, section_id: str) -> None:
        for button in self._nav.querySelectorAll("button[data-section]"):
            if button.getAttribute("data-section") == section_id:
                button.setAttribute("aria-current", "true")
                button.scrollIntoView(js_object({"block": "nearest", "inline": "nearest"}))  # phones: a row
            else:
                button.removeAttribute("aria-current")
