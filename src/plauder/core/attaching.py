"""Files for the next message: attached as read (or refused, saying why), named while a document is read,
removed one by one.

They belong to the message box, not to a conversation: like the typed text they stay while the user
switches conversations, and go with the message when it is sent (turns.send).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from plauder.core.attachments import Refusal
from plauder.core.records import Attachment, Image
from plauder.core.state import ChatState, Part, Step

COMPOSER = frozenset({Part.COMPOSER})


def reading_started(state: ChatState, names: Sequence[str]) -> Step:
    """Documents whose reading takes a while (core/attachments/documents): named in the draft as being read,
    and the message is not sent without them (turns.send) until `attached` brings what they gave."""
    if not names:
        return Step(state)
    return Step(replace(state, reading=(*state.reading, *names)), draw=COMPOSER)


def attached(state: ChatState, outcomes: Sequence[Attachment | Image | Refusal]) -> Step:
    """Files read at once (one pick, drop or paste): the readable ones and the pictures join the draft, the
    others are named with their reason until the next files come or the message is sent. Each outcome's
    name is no longer being read."""
    files = tuple(outcome for outcome in outcomes if isinstance(outcome, Attachment))
    images = tuple(outcome for outcome in outcomes if isinstance(outcome, Image))
    refused = tuple(outcome for outcome in outcomes if isinstance(outcome, Refusal))
    reading = list(state.reading)
    for outcome in outcomes:
        if outcome.name in reading:
            reading.remove(outcome.name)
    drafted = replace(state, attachments=(*state.attachments, *files), images=(*state.images, *images))
    return Step(replace(drafted, refused=refused, reading=tuple(reading)), draw=COMPOSER)


def detached(state: ChatState, index: int) -> Step:
    """The draft without its `index`th file (an index no longer there changes nothing)."""
    if not 0 <= index < len(state.attachments):
        return Step(state)
    kept = state.attachments[:index] + state.attachments[index + 1 :]
    return Step(replace(state, attachments=kept, refused=()), draw=COMPOSER)


def image_detached(state: ChatState, index: int) -> Step:
    """The draft without its `index`th picture (an index no longer there changes nothing)."""
    if not 0 <= index < len(state.images):
        return Step(state)
    kept = state.images[:index] + state.images[index + 1 :]
    return Step(replace(state, images=kept, refused=()), draw=COMPOSER)
