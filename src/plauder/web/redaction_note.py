"""The note under the message box when what is about to be sent holds findings and its backend redacts,
with a chip per value found that the user can let through for that message.

Detection is off the keystroke path: the note is computed NOTE_DELAY_MS after the typing stops (one
timer at a time, its due time moved on by every keystroke), and the attached files are searched once
per set of files. The wording and the decisions are core's (core/privacy/note.py, core/turns.exempted).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from html import escape
from typing import Any

import js
from pyodide.ffi import create_once_callable

from plauder.core.admin import AdminPreset
from plauder.core.attachments import with_attachments
from plauder.core.i18n import translate
from plauder.core.privacy.note import FindingChip, chips, found, note, redacting_host
from plauder.core.privacy.redaction import Redactions
from plauder.core.records import Attachment
from plauder.core.state import ChatState
from plauder.web.dom import element, now_ms, on
from plauder.web.dom import found as found_element

NOTE_DELAY_MS = 300


def chips_html(language: str, shown: Sequence[FindingChip], toggles: bool) -> str:
    """A chip per value: the value and its kind, and (with `toggles`) a toggle that lets it through
    (pressed: it goes as typed)."""
    items = []
    for index, chip in enumerate(shown):
        label = escape(translate(language, "privacy.let_through_label", kind=chip.kind, value=chip.value))
        pressed = "true" if chip.exempt else "false"
        toggle = (
            f'<button type="button" class="let-through" data-finding="{index}" aria-pressed="{pressed}" '
            f'aria-label="{label}">{escape(translate(language, "privacy.let_through"))}</button>'
        )
        items.append(
            f'<li class="chip finding"><span class="chip-open"><span class="chip-name">{escape(chip.value)}</span>'
            f'<span class="chip-details">{escape(chip.kind)}</span></span>{toggle if toggles else ""}</li>'
        )
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
        self._chips: tuple[FindingChip, ...] = ()
        self._toggles = True
        self._due: float | None = None
        self._files: tuple[tuple[Attachment, ...], tuple[str, ...], Redactions] = ((), (), Redactions())
        on(self._list, "click", self._clicked)

    def schedule(self) -> None:
        """Show the note for the text as it will be once the typing has paused for NOTE_DELAY_MS."""
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
            self._draw((), toggles=True)
            return
        host, guard = redacting
        values = self._found(state, guard.names)
        language = self._language()
        exempt = frozenset() if guard.block else state.exempt  # a blocked message cannot go out in part
        self._element.textContent = note(language, values, host, exempt, guard.block)
        self._draw(chips(language, values, exempt), toggles=not guard.block)

    def _draw(self, shown: tuple[FindingChip, ...], toggles: bool) -> None:
        """Draw the chips; a chip's toggle that had the keyboard keeps it when its value is still found."""
        if shown == self._chips and toggles == self._toggles:
            return
        focused = found_element(self._list.querySelector("button:focus"))
        key = self._chips[int(focused.dataset.finding)].key if focused is not None else None
        self._chips, self._toggles = shown, toggles
        self._list.hidden = not shown
        self._list.innerHTML = chips_html(self._language(), shown, toggles)
        again = next((index for index, chip in enumerate(shown) if chip.key == key), None)
        if again is not None:
            self._list.querySelector(f'[data-finding="{again}"]').focus()

    def _clicked(self, event: Any) -> None:
        button = found_element(event.target.closest("button[data-finding]"))
        if button is not None:
            asyncio.ensure_future(self._toggle(self._chips[int(button.dataset.finding)].key))

    async def _toggle(self, key: str) -> None:
        await self._exempt(key)
        self.update()

    def _found(self, state: ChatState, names: tuple[str, ...]) -> Redactions:
        """The values in the box and the files; the files are searched again only when they or the names change."""
        files, listed, in_files = self._files
        if files is not state.attachments or listed != names:
            text = with_attachments("", state.attachments)
            in_files = found([text], names=names) if state.attachments else Redactions()
            self._files = (state.attachments, names, in_files)
        return found([self._text()], in_files, names)
