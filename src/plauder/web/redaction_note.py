"""The note under the message box when what is about to be sent holds findings and its backend redacts,
with a chip per value found that the user can let through for that message, and the values that will be
replaced marked in the box itself (web/finding_marks.py).

Detection is off the keystroke path: the note and the marks are computed NOTE_DELAY_MS after the typing
stops (one timer at a time, its due time moved on by every keystroke), and the attached files are searched
once per set of files. A keystroke takes the marks away at once, since they no longer fit the text, and
the pause draws them again. The wording and the decisions are core's (core/privacy/note.py,
core/turns.exempted).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection, Sequence
from html import escape
from typing import Any

import js
from pyodide.ffi import create_once_callable

from plauder.core.admin import AdminPreset
from plauder.core.attachments import with_attachments
from plauder.core.i18n import translate
from plauder.core.privacy.findings import Finding
from plauder.core.privacy.note import FindingChip, chips, first_places, found, marked, note, redacting_host
from plauder.core.privacy.redaction import Redacted, Redactions, redact
from plauder.core.records import Attachment
from plauder.core.state import ChatState
from plauder.web.dom import element, now_ms, on
from plauder.web.dom import found as found_element
from plauder.web.finding_marks import marks_html

NOTE_DELAY_MS = 300


def chips_html(language: str, shown: Sequence[FindingChip], toggles: bool, in_box: Collection[str]) -> str:
    """A chip per value: the value and its kind, a button that selects it in the box where it is there
    (its key in `in_box`; not for a value found in a file only), and (with `toggles`) a toggle that lets
    it through (pressed: it goes as typed)."""
    items = []
    for index, chip in enumerate(shown):
        label = escape(translate(language, "privacy.let_through_label", kind=chip.kind, value=chip.value))
        pressed = "true" if chip.exempt else "false"
        toggle = (
            f'<button type="button" class="let-through" data-finding="{index}" aria-pressed="{pressed}" '
            f'aria-label="{label}">{escape(translate(language, "privacy.let_through"))}</button>'
        )
        value = (
            f'<span class="chip-name">{escape(chip.value)}</span><span class="chip-details">{escape(chip.kind)}</span>'
        )
        if chip.key in in_box:  # named by its visible text after what it does (axe: label-content-name-mismatch)
            select = f'<span class="visually-hidden">{escape(translate(language, "privacy.select"))} </span>'
            value = f'<button type="button" class="chip-open" data-select="{index}">{select}{value}</button>'
        else:
            value = f'<span class="chip-open">{value}</span>'
        items.append(f'<li class="chip finding">{value}{toggle if toggles else ""}</li>')
    return "".join(items)


class RedactionNote:
    def __init__(
        self,
        state: Callable[[], ChatState],
        preset: AdminPreset,
        language: Callable[[], str],
        text: Callable[[], str],
        exempt: Callable[[str], Awaitable[object]],
    ) -> None:
        self._state = state
        self._preset = preset
        self._language = language
        self._text = text
        self._exempt = exempt
        self._element = element("redaction-note")
        self._list = element("redaction-findings")
        self._box = element("prompt")
        self._marks = element("prompt-marks")
        self._chips: tuple[FindingChip, ...] = ()
        self._places: dict[str, tuple[int, int]] = {}  # where each chip's value first stands in the box
        self._toggles = True
        self._due: float | None = None
        self._files: tuple[tuple[Attachment, ...], tuple[str, ...], Redactions] = ((), (), Redactions())
        on(self._list, "click", self._clicked)
        on(self._box, "scroll", lambda _event: self._follow_scroll())

    def schedule(self) -> None:
        """Show the note for the text as it will be once the typing has paused for NOTE_DELAY_MS."""
        self._mark(())
        pending = self._due is not None
        self._due = now_ms() + NOTE_DELAY_MS
        if not pending:
            js.setTimeout(create_once_callable(self._when_due), NOTE_DELAY_MS)

    def _when_due(self) -> None:
        wait = (self._due or 0) - now_ms()
        if wait > 0:
            js.setTimeout(create_once_callable(self._when_due), wait)
            return
        self._due = None
        self.update()

    def update(self) -> None:
        """The note and the chips for the box and the files now, for the backend chosen now."""
        state = self._state()
        redacting = redacting_host(state, self._preset)
        if redacting is None:
            self._element.textContent = ""
            self._draw((), toggles=True, places={})
            self._mark(())
            return
        host, guard = redacting
        typed = self._found(state, guard.names)
        values = typed.redactions
        language = self._language()
        exempt = frozenset() if guard.block else state.exempt  # a blocked message cannot go out in part
        self._element.textContent = note(language, values, host, exempt, guard.block)
        text = self._text()
        self._draw(chips(language, values, exempt), not guard.block, first_places(text, typed.findings))
        self._mark(marked(text, typed.findings, exempt))

    def _mark(self, findings: tuple[Finding, ...]) -> None:
        """Mark `findings` of the box's text behind it (or take the marks away)."""
        if findings or self._marks.firstChild is not None:
            self._marks.innerHTML = marks_html(self._text(), findings)
            self._follow_scroll()

    def _follow_scroll(self) -> None:
        self._marks.scrollTop = self._box.scrollTop

    def _draw(self, shown: tuple[FindingChip, ...], toggles: bool, places: dict[str, tuple[int, int]]) -> None:
        """Draw the chips; a chip's button that had the keyboard keeps it when its value is still found."""
        in_box_before = self._places.keys()
        self._places = places
        if shown == self._chips and toggles == self._toggles and places.keys() == in_box_before:
            return
        focused = found_element(self._list.querySelector("button:focus"))
        role = None if focused is None else ("finding" if focused.hasAttribute("data-finding") else "select")
        key = None if focused is None else self._chips[int(focused.getAttribute(f"data-{role}"))].key
        self._chips, self._toggles = shown, toggles
        self._list.hidden = not shown
        self._list.innerHTML = chips_html(self._language(), shown, toggles, places.keys())
        again = next((index for index, chip in enumerate(shown) if chip.key == key), None)
        button = None if again is None else found_element(self._list.querySelector(f'[data-{role}="{again}"]'))
        if button is not None:
            button.focus()

    def _clicked(self, event: Any) -> None:
        toggle = found_element(event.target.closest("button[data-finding]"))
        if toggle is not None:
            asyncio.ensure_future(self._toggle(self._chips[int(toggle.dataset.finding)].key))
        select = found_element(event.target.closest("button[data-select]"))
        place = None if select is None else self._places.get(self._chips[int(select.dataset.select)].key)
        if place is not None:  # the browser shows the selection, and a screen reader reads it
            self._box.focus()
            self._box.setSelectionRange(*place)

    async def _toggle(self, key: str) -> None:
        await self._exempt(key)
        self.update()

    def _found(self, state: ChatState, names: tuple[str, ...]) -> Redacted:
        """The box's text redacted after the files' values (so its `redactions` hold the values of both, its
        `findings` those in the box); the files are searched again only when they or the names change."""
        files, listed, in_files = self._files
        if files is not state.attachments or listed != names:
            text = with_attachments("", state.attachments)
            in_files = found([text], names=names) if state.attachments else Redactions()
            self._files = (state.attachments, names, in_files)
        return redact(self._text(), in_files, names)
