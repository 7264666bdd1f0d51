"""Draws the app's state: the sidebar, the pickers and destination, the thread, the composer, the undo bar.

The shell (web/shell.py) says which parts changed; every decision about what they show is core's
(views, folders.sidebar_layout, privacy.heading). This is the Screen port in the browser.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from html import escape

import js
from pyodide.ffi import create_once_callable

from plauder.core import comparing
from plauder.core.admin import AdminPreset
from plauder.core.folders import sidebar_layout
from plauder.core.i18n import translate
from plauder.core.picturing import draws_to
from plauder.core.prices import PriceTable
from plauder.core.privacy.heading import destination_line
from plauder.core.receivers import receivers
from plauder.core.records import Message
from plauder.core.state import ChatState, Column, Notice, Part, UndoOffer
from plauder.core.thread import thread
from plauder.core.views import message_view, model_options, thread_views
from plauder.web.attachments_view import AttachmentsView
from plauder.web.chat_view import ChatView, render_model_picker
from plauder.web.dom import element, local_day, now_ms, on
from plauder.web.draw_view import DrawOptions
from plauder.web.first_paint import FirstPaint
from plauder.web.presets_view import PresetsView
from plauder.web.redaction_note import RedactionNote
from plauder.web.sidebar_view import SidebarView
from plauder.web.temporary_view import TemporaryChat

UNDO_MS = 10_000


class Screen:
    def __init__(
        self,
        language: str,
        preset: AdminPreset,
        chat: ChatView,
        sidebar: SidebarView,
        presets: PresetsView,
        first_paint: FirstPaint,
        attachments: AttachmentsView,
        note: RedactionNote,
        temporary: TemporaryChat,
        drawing: DrawOptions,
        on_undo: Callable[[], object],
        on_undo_expired: Callable[[UndoOffer], None],
    ) -> None:
        self.language = language
        self.preset = preset
        self.chat = chat
        self.sidebar = sidebar
        self.presets = presets
        self.first_paint = first_paint
        self.attachments = attachments
        self.note = note
        self.temporary = temporary
        self.drawing = drawing
        self._on_undo_expired = on_undo_expired
        self._offer: UndoOffer | None = None  # the offer the bar shows
        self._columns: dict[str, Column] = {}  # the answers drawn side by side, by id
        self._live: dict[str, Message] = {}  # those of them streaming, as far as shown (core/comparing.column_views)
        self._prompt = element("prompt")
        self._notice = element("notice")
        on(element("undo-button"), "click", lambda _e: on_undo())

    def t(self, key: str, **params: object) -> str:
        return translate(self.language, key, **params)

    def draw(self, state: ChatState, parts: Collection[Part]) -> None:
        if Part.SIDEBAR in parts:
            self.draw_sidebar(state)
        if Part.PICKER in parts:
            self.draw_picker(state)
        if Part.THREAD in parts:
            self.draw_thread(state)
        if Part.COMPOSER in parts:
            element("send").hidden = state.busy
            element("stop").hidden = not state.busy
            self.attachments.draw(self.language, state.attachments, state.images, state.refused, state.reading)
        if Part.UNDO in parts:
            self.draw_undo(state.undo)
        if Part.PICKER in parts or Part.COMPOSER in parts:
            self.note.schedule()  # another backend, other files, or the box emptied by sending

    def draw_sidebar(self, state: ChatState) -> None:
        layout = sidebar_layout(state.folders, state.listed(), self.sidebar.collapsed, now_ms(), local_day)
        current = state.current.id if state.current else None
        self.sidebar.render(layout, current)
        self.first_paint.list_drawn()
        self.first_paint.schedule()

    def draw_picker(self, state: ChatState) -> None:
        selected = state.selected_model()
        render_model_picker(model_options(state.settings, selected), self.t("chat.no_models"))
        self.presets.draw(state.settings, state.chosen_preset, for_new_chat=state.current is None)
        self.draw_destination(state)
        self.temporary.draw(state)
        self.drawing.draw(state)
        self.chat.offer_servers(self.first_run(state))
        self.draw_compare(state)

    def draw_compare(self, state: ChatState) -> None:
        """The Compare button says whether the next message goes to several models, and to how many."""
        button, count = element("open-compare"), len(state.comparing)
        button.textContent = self.t("compare.on", count=count) if count else self.t("compare.open")
        button.setAttribute("aria-pressed", str(bool(count)).lower())

    def prices(self, state: ChatState) -> PriceTable:
        """The user's prices over the admin's."""
        return state.settings.prices.over(self.preset.prices)

    def first_run(self, state: ChatState) -> bool:
        """No backend yet, and the user may add one: the empty screen offers the common servers."""
        return not state.settings.backends and not self.preset.locked("backends")

    def draw_destination(self, state: ChatState) -> None:
        """Which hosts receive this conversation's next message (in picture mode: the image backend; side by
        side: every compared model's), and their trust level as the privacy policy sees it."""
        drawing = draws_to(state)
        backends = [drawing] if drawing else [b for m in receivers(state) if (b := state.settings.backend(m[0]))]
        label = element("destination")
        label.hidden = not backends
        if not backends:
            return
        line = destination_line(self.language, backends, self.preset)
        label.innerHTML = f"{escape(line.text)} <strong>{escape(line.badge)}</strong>"
        label.dataset.trust = line.trust
        label.title = line.hint

    def draw_thread(self, state: ChatState, anew: bool = False) -> None:
        question = comparing.question_id(state)
        path = thread(state.messages, question) if question else state.visible_thread()
        self._columns = {column.answer_id: column for column in state.side_by_side}
        self._live = {key: answer for key, answer in self._live.items() if key in state.streaming}
        title = state.current.title if state.current else ""
        element("chat-title").textContent = title or self.t("shell.new_chat")  # a conversation still untitled too
        element("export-menu").hidden = state.current is None
        element("open-outline").hidden = not path
        self.first_paint.schedule()
        if self.first_paint.keeps(state.current.id if state.current else None):
            return  # painted before Python was ready, and drawn once the renderer can draw it the same
        self.first_paint.thread_drawn()
        if not path:
            self.chat.show_welcome(self.first_run(state))
            return
        start, summary = (state.current.context_from, state.current.context_summary) if state.current else (None, "")
        views = thread_views(self.language, state.messages, path, state.busy, self.prices(state), start, summary)
        columns = comparing.column_views(self.language, state, self.prices(state), self._live)
        self.chat.show_thread(views, anew, columns)

    def draw_undo(self, offer: UndoOffer | None) -> None:
        """The bar for the latest offer, for UNDO_MS; a newer offer replaces it."""
        bar = element("undo-bar")
        if offer is self._offer:
            return
        self._offer = offer
        bar.hidden = offer is None
        if offer is None:
            return
        element("undo-text").textContent = self.t(offer.key)
        element("undo-button").focus()
        js.setTimeout(create_once_callable(lambda: self._on_undo_expired(offer)), UNDO_MS)

    def say(self, notice: Notice) -> None:
        text = self.t(notice.key, **notice.params) if notice.key else ""
        self._notice.textContent = text
        self._notice.hidden = not text

    def show_progress(self, answer: Message, position: tuple[int, int]) -> None:
        column = self._columns.get(answer.id)
        if column is not None:
            self._live[answer.id] = answer
            self.chat.update(comparing.column_view(self.language, answer, column, True))
        else:
            self.chat.update(message_view(self.language, answer, True, True, position))

    def clear_prompt(self) -> None:
        self._prompt.value = ""

    def answer_done(self) -> None:
        js.performance.mark("plauder:answer-done")  # stored and drawn: what bench/stream.py waits for

    def focus_prompt(self) -> None:
        self._prompt.focus()

    @property
    def prompt_text(self) -> str:
        return str(self._prompt.value)
