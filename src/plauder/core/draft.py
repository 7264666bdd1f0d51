"""The request the typed message would make if it were sent now: what the estimate before sending
(and the check against the model's context) measure. Built by the same steps as sending, so it holds
exactly the history, system prompt, text and files the real request will."""

from __future__ import annotations

from plauder.core import thread
from plauder.core.providers.types import ChatRequest
from plauder.core.requests import chat_request_for
from plauder.core.state import ChatState, new_conversation


def draft_request(state: ChatState, text: str, now_ms: float) -> ChatRequest:
    """The request for an answer to `text` and the attached files, in the open conversation or a new one."""
    conversation = state.current or new_conversation(state, now_ms)
    conversation, question, answer = thread.send(conversation, text.strip(), now_ms, state.attachments)
    return chat_request_for(conversation, [*state.visible_thread(), question, answer], continuing=False)
