"""Asking for pictures as steps: the composer's picture mode and its options, a prompt sent as a question whose
answer is pictures, and that answer once they came.

An image backend is a backend like any other with models named as image models (`Backend.image_models`), not
a kind of its own: no model list says which models draw, and one server often serves chat and pictures from
the same root and key (OpenAI, LocalAI, a company gateway), so the user names the image models where the key
and the address already are, and a server that only draws is a backend with no chat models. Only a kind that
speaks OpenAI's images API can draw. The request and its answer are core/image_api.py's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from plauder.core import thread
from plauder.core.admin import AdminPreset
from plauder.core.destination import destination
from plauder.core.image_api import MAX_COUNT, SIZES
from plauder.core.image_models import image_choices
from plauder.core.privacy import detect
from plauder.core.privacy.policy import guard
from plauder.core.records import Backend, Generation, Image, Message, MessageStatus, Settings
from plauder.core.requests import title_from
from plauder.core.state import CLEAR, ChatState, Notice, Part, Step, new_conversation, unchanged, when_idle
from plauder.core.turns import asking
from plauder.core.views import ModelOption

MODE_PARTS = frozenset({Part.PICKER, Part.COMPOSER})  # the destination line names the image backend's host
NAME_WORDS = 5  # a picture's file name: the prompt's first words
_WORD = re.compile(r"[^\W_]+")


def drawing_mode(state: ChatState, on: bool) -> Step:
    """The composer's picture mode on (with the last options, or the first image model) or off; without an
    image model anywhere it stays off and says where to name one."""
    if not on:
        return Step(replace(state, drawing=None), draw=MODE_PARTS, notice=CLEAR)
    choices = image_choices(state.settings)
    if not choices:
        return unchanged(state, Notice("images.none"))
    if state.drawing is not None and (state.drawing.backend_id, state.drawing.model) in choices:
        return unchanged(state)
    return Step(replace(state, drawing=Generation(*choices[0])), draw=MODE_PARTS, notice=CLEAR)


def drawing_options(state: ChatState, backend_id: str, model: str, size: str, count: int) -> Step:
    """The picture options as chosen in the composer: an image model there is, a size offered ("" for the
    server's default), a count from 1 to MAX_COUNT."""
    if state.drawing is None or (backend_id, model) not in image_choices(state.settings):
        return unchanged(state)
    chosen = Generation(backend_id, model, size if size in SIZES else None, min(max(count, 1), MAX_COUNT))
    return Step(replace(state, drawing=chosen), draw=frozenset({Part.PICKER}))


def image_options(settings: Settings, drawing: Generation | None) -> list[ModelOption]:
    """The composer's image models, grouped by backend as the model picker's are."""
    chosen = (drawing.backend_id, drawing.model) if drawing else None
    names = {backend.id: backend.name for backend in settings.backends}
    return [ModelOption(names[b], b, model, (b, model) == chosen) for b, model in image_choices(settings)]


def draws_to(state: ChatState) -> Backend | None:
    """The backend the next prompt goes to in picture mode (None outside it)."""
    return state.settings.backend(state.drawing.backend_id) if state.drawing else None


@when_idle
def ask(state: ChatState, text: str, now_ms: float, preset: AdminPreset | None = None) -> Step:
    """The typed prompt as a question whose answer is the pictures asked for, in the open conversation or a new
    one. Files and pictures attached to the draft stay there (the images API takes text only). A prompt the
    privacy policy blocks for the image backend stays in the box, and the notice says why."""
    text, preset = text.strip(), preset or AdminPreset()
    backend = draws_to(state)
    if not text or state.drawing is None:
        return unchanged(state)
    if backend is None:
        return unchanged(state, Notice("images.none"))
    host = blocked_at(backend, state.settings, preset, text)
    if host is not None:
        return unchanged(state, Notice("privacy.blocked", {"host": host}))
    conversation = state.current or new_conversation(state, now_ms)
    if conversation.current_leaf is None and not conversation.title:
        conversation = replace(conversation, title=title_from(text))
    conversation, question, answer = thread.send(conversation, text, now_ms)
    answer = replace(answer, model=state.drawing.model, generation=state.drawing)
    return asking(state, conversation, (question, answer), answer, clear_prompt=True)


def blocked_at(backend: Backend, settings: Settings, preset: AdminPreset, prompt: str) -> str | None:
    """The image backend's host when its privacy policy blocks `prompt` (it holds findings), else None: checked
    when a prompt is asked, and again when an edited one is sent anew."""
    rule = guard(backend, settings, preset)
    return destination(backend, preset).host if rule is not None and rule.block and detect(prompt, rule.names) else None


def drawn(answer: Message, images: Sequence[Image], revised_prompt: str, not_loaded: Sequence[str]) -> Message:
    """The answer with the pictures that came (their bytes stored with it), what the server drew from, and the
    hosts of pictures not fetched."""
    generation = answer.generation or Generation("", answer.model or "")
    noted = replace(generation, revised_prompt=revised_prompt, not_loaded=tuple(dict.fromkeys(not_loaded)))
    return replace(answer, images=tuple(images), generation=noted, status=MessageStatus.COMPLETE, finish_reason="stop")


def picture_name(prompt: str, index: int, media_type: str) -> str:
    """`a red fox, in snow` -> `a-red-fox-in-snow-1.png`: what a download is called."""
    words = _WORD.findall(prompt.casefold())[:NAME_WORDS]
    extension = {"image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif"}.get(media_type, "png")
    return f"{'-'.join(words) or 'picture'}-{index}.{extension}"
