"""The note under the message box when what is about to be sent holds findings and its backend redacts.

Detection is off the keystroke path: the note is computed NOTE_DELAY_MS after the typing stops (one
timer at a time, its due time moved on by every keystroke), and the attached files are searched once
per set of files. The wording and the decision are core's (core/privacy/note.py).
"""

from __future__ import annotations

from collections.abc import Callable

import js
from pyodide.ffi import create_once_callable

from plauder.core.admin import AdminPreset
from plauder.core.attachments import with_attachments
from plauder.core.privacy.note import found, note, redacting_host
from plauder.core.privacy.redaction import Redactions
from plauder.core.records import Attachment
from plauder.core.state import ChatState
from plauder.web.dom import element, now_ms

NOTE_DELAY_MS = 300


class RedactionNote:
    def __init__(
        self, state: Callable[[], ChatState], preset: AdminPreset, language: Callable[[], str], text: Callable[[], str]
    ) -> None:
        self._state = state
        self._preset = preset
        self._language = language
        self._text = text
        self._element = element("redaction-note")
        self._due: float | None = None
        self._files: tuple[tuple[Attachment, ...], tuple[str, ...], Redactions] = ((), (), Redactions())

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
        """The note for the box and the files now, for the backend chosen now."""
        state = self._state()
        redacting = redacting_host(state, self._preset)
        if redacting is None:
            self._element.textContent = ""
            return
        host, guard = redacting
        self._element.textContent = note(self._language(), self._found(state, guard.names), host)

    def _found(self, state: ChatState, names: tuple[str, ...]) -> Redactions:
        """The values in the box and the files; the files are searched again only when they or the names change."""
        files, listed, in_files = self._files
        if files is not state.attachments or listed != names:
            text = with_attachments("", state.attachments)
            in_files = found([text], names=names) if state.attachments else Redactions()
            self._files = (state.attachments, names, in_files)
        return found([self._text()], in_files, names)
