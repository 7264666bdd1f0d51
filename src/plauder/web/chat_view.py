"""Draws the thread and the model picker from view models; holds no rules (the sidebar: sidebar_view)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

import js
from pyodide.ffi import create_once_callable

from plauder.core.i18n import Translate
from plauder.core.records import Role
from plauder.core.running import code_key
from plauder.core.running.runs import RunView
from plauder.core.views import MessageView, ModelOption
from plauder.web import branch_view, side_by_side
from plauder.web.answer_view import AnswerView
from plauder.web.dom import element, found, js_object, on, with_id
from plauder.web.local_time import written_stamp
from plauder.web.message_markup import (
    RAW_CLASS,
    RUN_OUTPUT_CLASS,
    actions_html,
    article_html,
    cut_html,
    header_html,
    pictures_html,
    pictures_key,
    problem_html,
    run_output_html,
    thinking_html,
)

# Follow the stream only while the reader is at (or within this many pixels of) the bottom.
FOLLOW_SLACK_PX = 48
COPIED_FEEDBACK_MS = 1500
# A thread shows its last messages rendered at once; older answers render in slices right after.
RENDERED_AT_ONCE = 12
DEFERRED_SLICE_MS = 12
FLUSH_BUDGET_MS = 12  # a frame's drawing of streamed chunks: at least one message, more while within this
FOUND_MARK_MS = 2500


def model_choice(backend_id: str, model: str) -> str:
    return json.dumps([backend_id, model])


def parse_model_choice(value: str) -> tuple[str, str] | None:
    try:
        backend_id, model = json.loads(value)
    except (ValueError, TypeError):
        return None
    return str(backend_id), str(model)


class ChatView:
    def __init__(
        self,
        t: Translate,
        on_action: Callable[[str, str], None],
        on_server: Callable[[str], object],
        on_run: Callable[[str, str], None],
    ) -> None:
        """`on_run` gets an answer's id and a code block's code when its Run button is pressed (also to stop it)."""
        self._t = t
        self._messages = element("messages")
        self._status = element("chat-status")
        self._pending: dict[str, MessageView] = {}
        self._frame_requested = False
        self._texts: dict[str, str] = {}  # each shown message's text as written, for "copy as Markdown"
        self._drawn: dict[str, MessageView] = {}  # the thread as drawn, in order
        self._raw: set[str] = set()  # the messages shown as their raw text (the toggle is the reader's, not core's)
        self.answers = AnswerView(t)
        self.answers.on_shown = self._shown
        self._on_server = on_server
        self._on_run = on_run
        self._live: dict[str, dict[str, RunView]] = {}  # runs under way, by answer and block (web/code_runner.py)
        on(self._messages, "click", lambda event: self._clicked(event, on_action))
        on(self._messages, "click", self.answers.follow)
        on(self._messages, "keydown", side_by_side.on_key)
        self._jump = element("jump-latest")
        on(self._messages, "scroll", lambda _event: self._show_jump())
        on(self._jump, "click", lambda _event: self.to_latest())

    def relabel(self) -> None:
        """The language changed: rendered answers carry labels, so they are rendered again."""
        self.answers.relabel()

    def _clicked(self, event: Any, on_action: Callable[[str, str], None]) -> None:
        button = found(event.target.closest("button"))
        if button is None:
            return
        if button.getAttribute("role") == "tab":
            side_by_side.select(button)
        elif button.hasAttribute("data-server"):
            self._on_server(str(button.getAttribute("data-server")))
        elif button.hasAttribute("data-example"):
            self._use_example(str(button.textContent).strip())
        elif button.classList.contains("copy-code"):
            self._copy(button, str(button.closest(".code-block").querySelector("pre").textContent))
        elif button.classList.contains("run-code"):
            article = button.closest("article")
            if not article.classList.contains("streaming"):
                self._on_run(
                    str(article.dataset.id), str(button.closest(".code-block").querySelector("pre").textContent)
                )
        elif button.classList.contains("copy-message"):
            self._copy(button, self._texts.get(str(button.closest("article").dataset.id), ""))
        elif button.classList.contains("raw-toggle"):
            self._toggle_raw(button.closest("article"), button)
        elif button.hasAttribute("data-action"):
            on_action(str(button.getAttribute("data-action")), str(button.closest("[data-id]").dataset.id))

    def _toggle_raw(self, article: Any, button: Any) -> None:
        """Show the message's text as written (plain, escaped, in a <pre>), or its rendering again. The rendering
        stays in the page, hidden with its layout kept (app.css), so going back costs next to nothing."""
        message_id = str(article.dataset.id)
        raw = message_id not in self._raw
        if raw:
            self._raw.add(message_id)
        else:
            self._raw.discard(message_id)
        article.querySelector(".raw-text").innerHTML = (
            self.answers.raw_markup(self._texts.get(message_id, "")) if raw else ""
        )
        article.classList.toggle(RAW_CLASS, raw)
        button.setAttribute("aria-pressed", str(raw).lower())

    def _use_example(self, text: str) -> None:
        """An example prompt goes into the message box, to send as it is or to change first."""
        prompt = element("prompt")
        prompt.value = text
        prompt.focus()

    def _copy(self, button: Any, text: str) -> None:
        """Put `text` on the clipboard and say so for a moment: on the button (an icon button by its icon,
        name and tooltip), and in the status line a screen reader announces."""
        js.navigator.clipboard.writeText(text)
        copied = self._t("chat.copied")
        named = bool(button.hasAttribute("aria-label"))
        label = str(button.getAttribute("aria-label") if named else button.textContent)
        self._status.textContent = copied
        if named:
            button.classList.add("copied")
            button.setAttribute("aria-label", copied)
            button.title = copied
        else:
            button.textContent = copied

        def restore() -> None:
            self._status.textContent = ""  # so that the next copy is announced again
            if named:
                button.classList.remove("copied")
                button.setAttribute("aria-label", label)
                button.title = label
            else:
                button.textContent = label

        js.setTimeout(create_once_callable(restore), COPIED_FEEDBACK_MS)

    def show_live_run(self, message_id: str, view: RunView) -> None:
        """A run under way (or waiting) under its block, with what it printed so far."""
        self._live.setdefault(message_id, {})[view.key] = view
        self._redraw_runs(message_id)

    def end_live_run(self, message_id: str, key: str, said: str) -> None:
        """The run ended (and is kept, or not): its block shows what the thread holds of it; `said` is announced."""
        live = self._live.get(message_id, {})
        live.pop(key, None)
        if not live:
            self._live.pop(message_id, None)
        self._redraw_runs(message_id)
        self._status.textContent = said
        js.setTimeout(create_once_callable(lambda: self._clear_status(said)), COPIED_FEEDBACK_MS)

    def _clear_status(self, said: str) -> None:
        if self._status.textContent == said:
            self._status.textContent = ""

    def _redraw_runs(self, message_id: str) -> None:
        content = self._content_of(message_id)
        drawn = self._drawn.get(message_id)
        if content is not None and drawn is not None and not drawn.streaming:
            self._draw_runs(content, message_id, drawn.runs)

    def _shown(self, content: Any, message_id: str) -> None:
        """An answer was put into the page rendered (at last): what ran under its blocks goes back under them."""
        drawn = self._drawn.get(message_id)
        if drawn is not None:
            self._draw_runs(content, message_id, drawn.runs)

    def _draw_runs(self, content: Any, message_id: str, runs: Sequence[RunView]) -> None:
        """Under each Python block of a rendered answer, what its latest run printed (or what it prints now, which
        comes first); its Run button offers Stop while it runs."""
        views = {run.key: run for run in runs} | self._live.get(message_id, {})
        if content is None or (not views and found(content.querySelector(f".{RUN_OUTPUT_CLASS}")) is None):
            return
        for button in content.querySelectorAll(".run-code"):
            block = button.closest(".code-block")
            view = views.get(code_key(str(block.querySelector("pre").textContent)))
            shown = found(block.querySelector(f".{RUN_OUTPUT_CLASS}"))
            button.textContent = self._t("chat.stop" if view is not None and view.running else "code.run")
            if view is None:
                if shown is not None:
                    shown.remove()
            elif shown is None:
                block.insertAdjacentHTML("beforeend", run_output_html(view, self._t))
            else:
                shown.outerHTML = run_output_html(view, self._t)

    def _following(self) -> bool:
        box = self._messages
        return bool(box.scrollHeight - box.scrollTop - box.clientHeight <= FOLLOW_SLACK_PX)

    def _show_jump(self) -> None:
        """Scrolled up from the end: offer the way back down."""
        self._jump.hidden = self._following()

    def to_latest(self) -> None:
        self._messages.scrollTop = self._messages.scrollHeight
        self._jump.hidden = True

    def _fill(self, article: Any, view: MessageView) -> None:
        """Bring one drawn article up to date (a streamed chunk, an answer's end)."""
        article.classList.toggle("streaming", view.streaming)
        article.querySelector("header").outerHTML = header_html(view, self._t, written_stamp(view.created_at))
        self._texts[view.id] = view.text
        if view.id in self._raw:
            article.querySelector(".raw-text").innerHTML = self.answers.raw_markup(view.text)
        self._fill_thinking(article, view)
        content = article.querySelector(".content")
        if view.role is Role.USER:
            content.textContent = view.text  # as written: never interpreted
        elif view.streaming:
            self.answers.stream(content, view.id, view.text)
        else:
            self.answers.show(content, view.id, view.text)
            self._draw_runs(content, view.id, view.runs)
        pictures = article.querySelector(".pictures")
        if str(pictures.dataset.key or "") != pictures_key(view):  # pictures came (their img gets its bytes anew)
            pictures.outerHTML = pictures_html(view, self._t)
        problem = article.querySelector(".problem")
        problem.innerHTML = problem_html(view)
        problem.hidden = not view.problem
        article.querySelector(".actions").innerHTML = actions_html(view, self._t, view.id in self._raw)

    def _fill_thinking(self, article: Any, view: MessageView) -> None:
        """The thinking grows in place. It opens and collapses only when core's wish changes (the model
        starts or stops thinking), not on every chunk, so a reader's own click on it stands."""
        details = article.querySelector("details.thinking")
        thinking = view.thinking
        if thinking is None or found(details.querySelector("summary")) is None:
            details.outerHTML = thinking_html(view)
            return
        wish = str(thinking.open).lower()
        if details.getAttribute("data-open") != wish:
            details.open = thinking.open
            details.setAttribute("data-open", wish)
        details.querySelector("summary").textContent = thinking.label
        capped = details.querySelector(".thinking-capped")
        capped.textContent = thinking.capped
        capped.hidden = not thinking.capped
        details.querySelector(".thinking-text").textContent = thinking.text  # as written: never interpreted

    def show_thread(
        self, views: Sequence[MessageView], anew: bool = False, columns: Sequence[MessageView] = ()
    ) -> None:
        """Show the thread, and under it the `columns` of answers side by side (web/side_by_side.py). The same
        messages as drawn are brought up to date in place (an answer's end, an edit, buttons coming back), so
        the view stays where the reader is; otherwise (or `anew`) the whole thread is drawn in one piece of
        markup, its last answers rendered at once and older ones right after."""
        self._pending.clear()
        drawn = [(view.id, view.cut, view.summary) for view in self._drawn.values()]
        if not anew and drawn and drawn == [(view.id, view.cut, view.summary) for view in (*views, *columns)]:
            self._update_in_place([*views, *columns])
            return
        views = [*views, *columns]
        self._drawn = {view.id: view for view in views}
        editing = branch_view.open_editors()
        self._texts = {view.id: view.text for view in views}
        self.answers.forget_deferred()
        parts = []
        for index, view in enumerate(views):
            if view.role is Role.USER or view.streaming:
                content, plain = escape(view.text), True
            else:
                content, plain = self.answers.markup(view.id, view.text, defer=index < len(views) - RENDERED_AT_ONCE)
            stamp = written_stamp(view.created_at)
            raw = self.answers.raw_markup(view.text) if view.id in self._raw else None
            parts.append(cut_html(view, self._t) + article_html(view, self._t, content, plain, stamp, raw))
        if columns:
            shown = zip(columns, parts[-len(columns) :], strict=True)
            panels = side_by_side.side_by_side_html(
                [(v.id, v.author, part) for v, part in shown], self._t("compare.answers")
            )
            parts[-len(columns) :] = [panels]
        self._messages.innerHTML = "".join(parts)
        for view in views:
            if (view.runs or view.id in self._live) and not view.streaming:
                self._draw_runs(self._content_of(view.id), view.id, view.runs)
        for view in views:  # what the user was typing in an editor stays
            if view.id in editing and view.edit_actions:
                text, focused = editing[view.id]
                branch_view.open_editor(view.id, text, view.edit_actions, self._t, focus=focused)
        for view in views:
            if view.streaming:  # the stream's tail structure, from what it has so far
                self.answers.stream(self._content_of(view.id), view.id, view.text)
        self._messages.scrollTop = self._messages.scrollHeight
        js.setTimeout(create_once_callable(self._render_deferred), 0)

    def _update_in_place(self, views: Sequence[MessageView]) -> None:
        follow = self._following()
        for view in views:
            if self._drawn[view.id] != view:
                article = found(self._messages.querySelector(with_id("article", view.id)))
                if article is not None:
                    self._fill(article, view)
        self._drawn = {view.id: view for view in views}
        if follow:
            self._messages.scrollTop = self._messages.scrollHeight

    def _content_of(self, message_id: str) -> Any | None:
        return found(self._messages.querySelector(with_id("article", message_id) + " .content"))

    def _render_deferred(self) -> None:
        """Render older answers in slices between frames, newest first, until none waits."""
        if self.answers.render_deferred(DEFERRED_SLICE_MS, self._content_of):
            js.setTimeout(create_once_callable(self._render_deferred), 0)

    def reveal(self, message_id: str) -> None:
        """Scroll a message into view and mark it for a moment (a search result, a jump in the tree)."""
        article = found(self._messages.querySelector(with_id("article", message_id)))
        if article is None:
            return
        article.scrollIntoView(js_object({"block": "center"}))
        article.setAttribute("tabindex", "-1")  # the keyboard goes on from the message found
        article.focus(js_object({"preventScroll": True}))
        article.classList.add("found")
        js.setTimeout(create_once_callable(lambda: article.classList.remove("found")), FOUND_MARK_MS)

    def show_welcome(self, first_run: bool) -> None:
        """The empty screen: example prompts, and with `first_run` the servers to connect."""
        self._drawn = {}
        self._messages.replaceChildren(element("welcome-template").content.cloneNode(True))
        for button in self._messages.querySelectorAll("[data-needs-python]"):
            button.disabled = False  # the template's copy waits for Python like the page's did
        self.offer_servers(first_run)

    def offer_servers(self, first_run: bool) -> None:
        """Show or hide the empty screen's server choices (a backend was just added, or removed)."""
        offer = found(self._messages.querySelector(".first-run"))
        if offer is not None:
            offer.hidden = not first_run

    def update(self, view: MessageView) -> None:
        """Redraw one message at the next animation frame at most: many chunks, one paint."""
        self._pending.pop(view.id, None)  # to the back of the queue: answers side by side take turns
        self._pending[view.id] = view
        self._request_frame()

    def _request_frame(self) -> None:
        if not self._frame_requested:
            self._frame_requested = True
            js.requestAnimationFrame(create_once_callable(self._flush))

    def _flush(self, _timestamp: float = 0) -> None:
        """Draw the messages waiting, oldest first, for FLUSH_BUDGET_MS at most; the rest at the next frame (three
        long answers streaming side by side would otherwise hold the main thread for three)."""
        self._frame_requested = False
        follow = self._following()
        started = js.performance.now()
        while self._pending and js.performance.now() - started < FLUSH_BUDGET_MS:
            view = self._pending.pop(next(iter(self._pending)))
            article = found(self._messages.querySelector(with_id("article", view.id)))
            if article is not None:
                self._fill(article, view)
                if view.id in self._drawn:  # as drawn now: the next drawing of the thread leaves it be if unchanged
                    self._drawn[view.id] = view
        if self._pending:
            self._request_frame()
        if follow:
            self._messages.scrollTop = self._messages.scrollHeight


def render_model_picker(options: Sequence[ModelOption], empty_text: str) -> None:
    """The model picker: options grouped by backend, or one line saying there is nothing to pick."""
    fill_model_select(element("model-select"), options, empty_text, keep_empty=False)


def fill_model_select(select: Any, options: Sequence[ModelOption], empty_text: str, keep_empty: bool) -> None:
    """Model options grouped by backend; the empty choice first when `keep_empty` or when there is nothing else."""
    placeholder = f'<option value="">{escape(empty_text)}</option>'
    groups: dict[str, list[str]] = {}
    for choice in options:
        selected = " selected" if choice.selected else ""
        value = escape(model_choice(choice.backend_id, choice.model))
        groups.setdefault(choice.group, []).append(f'<option value="{value}"{selected}>{escape(choice.model)}</option>')
    markup = "".join(
        f'<optgroup label="{escape(group)}">{"".join(items)}</optgroup>' for group, items in groups.items()
    )
    select.innerHTML = (placeholder if keep_empty or not options else "") + markup
