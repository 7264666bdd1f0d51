"""Which image models the user has, and which one asks again for pictures that no backend of theirs drew.

An answer of pictures asks its own image backend again when regenerated, retried or re-asked after an edit
(core/thread.asking_as). Pictures imported from ChatGPT (core/exchange/chatgpt.py) name no backend of this app,
and a backend may have been deleted since: those go to the composer's image model, or the first there is.
"""

from __future__ import annotations

from dataclasses import replace

from plauder.core.image_api import SIZES, can_draw
from plauder.core.records import Generation, Message, Settings


def image_choices(settings: Settings) -> tuple[tuple[str, str], ...]:
    """Every (backend id, image model) there is, in the order of the backends."""
    return tuple(
        (backend.id, model) for backend in settings.backends if can_draw(backend) for model in backend.image_models
    )


def asked_of_an_image_model(settings: Settings, drawing: Generation | None, answer: Message) -> Message | None:
    """`answer`, about to be asked, as it can be: unchanged unless it is pictures whose backend is not among
    `settings`' image models; then aimed at `drawing` (the composer's choice) or the first image model, with the
    same count and size where that size is offered. None when there is no image model at all."""
    generation = answer.generation
    choices = image_choices(settings)
    if generation is None or (generation.backend_id, generation.model) in choices:
        return answer
    if not choices:
        return None
    backend_id, model = (
        (drawing.backend_id, drawing.model)
        if drawing and (drawing.backend_id, drawing.model) in choices
        else choices[0]
    )
    size = generation.size if generation.size in SIZES else None
    return replace(answer, model=model, generation=replace(generation, backend_id=backend_id, model=model, size=size))
