"""The choice when a message would not fit the model's context: leave the oldest messages out (with a summary of
them, or without), start a new chat that begins with a summary, send it anyway, or cancel (a modal dialog). What
fits and where the cut goes is core's (core/context.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from plauder.core.context import Overflow
from plauder.core.i18n import Translate
from plauder.web.dom import element, on


class Fit(StrEnum):
    LEAVE_OUT = "leave-out"
    SUMMARIZE = "summarize"  # leave out, with a summary of what is left out
    NEW_CHAT = "new-chat"  # a new chat that begins with a summary of this one
    SEND_ANYWAY = "send-anyway"
    CANCEL = ""  # the Cancel button, Escape, or the page taking the dialog away


BUTTONS = {
    Fit.LEAVE_OUT: "context-leave-out",
    Fit.SUMMARIZE: "context-summarize",
    Fit.NEW_CHAT: "context-new-chat",
    Fit.SEND_ANYWAY: "context-send",
}


class ContextDialog:
    def __init__(self) -> None:
        self._dialog = element("context-choice")
        self._answer: asyncio.Future[Fit] | None = None
        on(element("context-cancel"), "click", lambda _e: self._dialog.close())
        for choice, button in BUTTONS.items():
            on(element(button), "click", self._closer(choice))
        on(self._dialog, "close", self._closed)

    async def choose(self, over: Overflow, t: Translate, new_chat: bool = True, send_anyway: bool = True) -> Fit:
        """Ask what to do with the message `over` describes. Leaving out (with or without a summary) is offered when a
        cut makes it fit, a new chat and sending as it is where the caller says. Cancel has the focus: nothing is sent by accident."""
        element("context-choice-text").textContent = " ".join(
            [t("context.over", **over.params()), *([] if over.start else [t("context.no_cut")])]
        )
        leave_out = element(BUTTONS[Fit.LEAVE_OUT])
        leave_out.hidden = element(BUTTONS[Fit.SUMMARIZE]).hidden = over.start is None
        leave_out.textContent = t("context.leave_out", count=over.left_out)
        element(BUTTONS[Fit.NEW_CHAT]).hidden = not new_chat
        element(BUTTONS[Fit.SEND_ANYWAY]).hidden = not send_anyway
        self._dialog.returnValue = ""
        self._answer = asyncio.get_running_loop().create_future()
        self._dialog.showModal()
        element("context-cancel").focus()
        return await self._answer

    def _closer(self, choice: Fit) -> Callable[[Any], None]:
        return lambda _event: self._dialog.close(choice.value)

    def _closed(self, _event: Any) -> None:
        if self._answer is not None and not self._answer.done():
            self._answer.set_result(Fit(str(self._dialog.returnValue)))
