"""The chat's controls: send and stop, an answer's buttons, opening and starting conversations, the
model picker and the Parameters dialog. Each reads what the user gave and runs a core step."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any

from plauder.core import comparing, organizing, picturing, turns
from plauder.core.context import Overflow, context_size, overflow, refused
from plauder.core.draft import draft_request
from plauder.core.privacy.switching import switch_warning
from plauder.core.records import Conversation
from plauder.core.requests import parameters_from_form, thinking_budget_from_form
from plauder.core.state import BUSY, Part
from plauder.core.usage_view import conversation_usage, estimate_line
from plauder.core.views import Action
from plauder.web import branch_view
from plauder.web.branches import ACTIONS as BRANCH_ACTIONS
from plauder.web.branches import Branches
from plauder.web.chat_view import parse_model_choice
from plauder.web.context_dialog import ContextDialog, Fit
from plauder.web.dom import element, found, now_ms
from plauder.web.message_markup import CUT_ACTION
from plauder.web.prompt_fill import FOR_PRESET, PromptFill
from plauder.web.screen import Screen
from plauder.web.shell import Shell
from plauder.web.store import Store
from plauder.web.switch_dialog import SwitchDialog


class ChatControls:
    def __init__(
        self,
        shell: Shell,
        screen: Screen,
        store: Store,
        branches: Branches,
        ask_for_backend: Callable[[], None],
        prompt_fill: PromptFill,
    ) -> None:
        self.shell = shell
        self.screen = screen
        self.store = store
        self.branches = branches
        self.ask_for_backend = ask_for_backend
        self.prompt_fill = prompt_fill
        self.switch_dialog = SwitchDialog()
        self.context_dialog = ContextDialog()

    async def send(self) -> None:
        """Send the message; with no backend yet, the way to add one opens instead (the message stays). For a message
        that would not fit the model's context the user chooses first (web/context_dialog.py)."""
        state, text = self.shell.state, self.screen.prompt_text
        if self.screen.first_run(state) and text.strip():
            self.ask_for_backend()
            return
        if state.drawing is not None:  # picture mode: the prompt goes to the image backend
            await self.shell.run(picturing.ask, text, now_ms(), self.shell.preset)
            return
        over = None if state.busy else overflow(state, text, now_ms())
        if over is not None and not await self._fit(over, text):
            return
        await self.shell.run(turns.send, text, now_ms(), self.shell.preset)

    async def _fit(self, over: Overflow, text: str) -> bool:
        """The user's choice for a message too long for the model's context; True when it is to be sent now (with
        the older messages left out, after a summary of them or not; in a new chat on the same model that begins
        with a summary of this one; or as it is)."""
        state = self.shell.state
        choice = await self.context_dialog.choose(over, self.screen.t, new_chat=state.current is not None)
        if choice in (Fit.LEAVE_OUT, Fit.SUMMARIZE):
            return await self._leave_out(
                over, choice, lambda summary: overflow(self.shell.state, text, now_ms(), summary)
            )
        if choice is Fit.NEW_CHAT:
            summary = await self._summary(over, None)
            return summary is not None and await self.shell.run(
                turns.continued, summary, state.selected_model(), now_ms()
            )
        return choice is Fit.SEND_ANYWAY

    async def _fit_refused(self, answer_id: str) -> None:
        """An answer the server refused as too long: the user may leave the oldest messages out (with a summary or
        not), and it is asked again in place."""
        over = refused(self.shell.state, answer_id)
        if over is None:
            return
        choice = await self.context_dialog.choose(over, self.screen.t, new_chat=False, send_anyway=False)
        again = partial(refused, self.shell.state, answer_id)
        if choice in (Fit.LEAVE_OUT, Fit.SUMMARIZE) and await self._leave_out(over, choice, again):
            self.screen.focus_prompt()
            await self.shell.run(turns.answer_again, Action.RETRY, answer_id, now_ms())

    async def _leave_out(self, over: Overflow, choice: Fit, again: Callable[[str], Overflow | None]) -> bool:
        """Cut the thread where `over` says, after a summary of what is left out when asked (then where `again`, the
        same check with the summary, says: it takes room too); False when no summary came."""
        if choice is not Fit.SUMMARIZE:
            return await self.shell.run(turns.send_from, over.start)
        summary = await self._summary(over, over.start)
        if summary is None:
            return False
        refined = again(summary)
        start = refined.start if refined and refined.start else over.start
        return await self.shell.run(turns.send_from, start, summary)

    async def _summary(self, over: Overflow, end: str | None) -> str | None:
        """The model's summary (web/shell.py) of the thread shown, from its cut (if any) to the message `end`
        (None: to its end), waited for."""
        state = self.shell.state
        shown = state.visible_thread()
        ids = [message.id for message in shown]
        start = state.current.context_from if state.current else None
        first = ids.index(start) if start in ids else 0
        return await self.shell.summary(shown[first : ids.index(end) if end in ids else len(shown)], over.size)

    def stop(self) -> None:
        self.shell.stop()

    def on_message_action(self, action: str, message_id: str) -> None:
        asyncio.ensure_future(self.act(action, message_id))

    async def act(self, action: str, message_id: str) -> None:
        if action == CUT_ACTION:
            await self.shell.run(turns.send_from, None)
        elif action == Action.FIT:
            await self._fit_refused(message_id)
        elif action == Action.STOP_ANSWER:
            self.shell.stop(message_id)
        elif action == Action.PICK:
            self.screen.focus_prompt()
            await self.shell.run(comparing.continue_with, message_id)
        elif action in BRANCH_ACTIONS:
            await self.branches.act(action, message_id)
        elif action in set(Action):
            self.screen.focus_prompt()  # the button goes with its answer: the keyboard goes on from the box
            await self.shell.run(turns.answer_again, Action(action), message_id, now_ms())

    async def open_conversation(self, conversation_id: str) -> None:
        if self.shell.state.busy:
            self.screen.say(BUSY)
            return
        messages = await self.store.messages(conversation_id)
        await self.shell.run(turns.opened, conversation_id, messages)
        self.screen.sidebar.mark_current(conversation_id)  # the list itself did not change

    def new_chat(self) -> None:
        asyncio.ensure_future(self._new_chat())

    async def _new_chat(self) -> None:
        if await self.shell.run(turns.new_chat) and not self.shell.state.busy:
            self.screen.focus_prompt()

    async def choose_model(self, value: str) -> None:
        """The picker's choice; moving a conversation whose history holds findings to a backend of lower trust
        asks first (core/privacy/switching.py), and Cancel puts the picker back on the conversation's model."""
        choice = parse_model_choice(value)
        if choice is None:
            return
        warning = switch_warning(self.shell.state, choice[0], self.shell.preset)
        if warning is not None and not await self.switch_dialog.confirm(warning, self.screen.language):
            self.screen.draw(self.shell.state, {Part.PICKER})
            return
        await self.shell.run(turns.choose_model, *choice)

    async def choose_preset(self, preset_id: str | None) -> None:
        """A preset whose system prompt holds variables asks for their values first (web/prompt_fill.py);
        Cancel puts the picker back on the preset chosen before."""
        preset = self.shell.state.settings.preset(preset_id)
        if preset is None:
            await self.shell.run(turns.choose_preset, None)
            return
        asked: asyncio.Future[dict[str, str] | None] = asyncio.get_running_loop().create_future()
        fill_in = partial(self.prompt_fill.ask, preset.name, preset.system_prompt, FOR_PRESET)
        fill_in(asked.set_result, lambda: asked.set_result(None))
        values = await asked
        if values is None:
            self.screen.draw(self.shell.state, {Part.PICKER})
            return
        await self.shell.run(turns.choose_preset, preset.id, values)

    async def undo(self) -> None:
        """The undo bar's button; the keyboard goes to the first message put back, if it is shown."""
        offer = self.shell.state.undo
        if offer is None or not await self.shell.run(organizing.undo):
            return
        restored = offer.messages[0].id if offer.messages else None
        article = branch_view.article_of(restored) if restored else None
        button = found(article.querySelector(".actions button")) if article is not None else None
        if button is not None:
            button.focus()

    # -- per-conversation parameters -----------------------------------------------------------

    def open_parameters(self) -> None:
        source: Conversation | None = self.shell.state.current
        element("system-prompt").value = source.system_prompt if source else ""
        element("temperature").value = "" if not source or source.temperature is None else str(source.temperature)
        element("max-tokens").value = "" if not source or source.max_tokens is None else str(source.max_tokens)
        budget = source.thinking_budget if source else None
        element("thinking-budget").value = "" if budget is None else str(budget)
        state, language = self.shell.state, self.screen.language
        prices = self.screen.prices(state)
        element("usage-total").textContent = conversation_usage(language, state.messages.values(), prices)
        draft = draft_request(state, self.screen.prompt_text, now_ms())  # what Send would ask for now
        size = context_size(state.settings, state.selected_model())
        element("usage-estimate").textContent = estimate_line(language, draft, size)
        element("parameters").showModal()

    async def save_parameters(self) -> None:
        parameters = {
            **parameters_from_form(
                element("system-prompt").value, element("temperature").value, element("max-tokens").value
            ),
            "thinking_budget": thinking_budget_from_form(element("thinking-budget").value),
        }
        element("parameters").close()
        await self.shell.run(turns.set_parameters, parameters, now_ms())

    def on_prompt_key(self, event: Any) -> None:
        if event.key == "Enter" and not event.shiftKey and not event.isComposing:
            event.preventDefault()
            asyncio.ensure_future(self.send())
        elif event.key == "Escape":
            self.stop()
