"""One conversation exported for reading (Markdown, the thread on screen) or for keeping (JSON,
the whole tree, in Plauder's export format so it imports again), and the name of its file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from plauder.core.exchange.picture_files import PictureFile
from plauder.core.exchange.safe_markdown import inert_line, inert_markdown
from plauder.core.exchange.snapshot import Snapshot
from plauder.core.i18n import DEFAULT_LANGUAGE, translate
from plauder.core.masking import Secrets
from plauder.core.records import Conversation, Message, Role
from plauder.core.thread import by_id, thread
from plauder.core.views import thinking_label

STEM_CHARS = 60


def conversation_markdown(
    conversation: Conversation,
    messages: Iterable[Message],
    *,
    language: str = DEFAULT_LANGUAGE,
    secrets: Iterable[str] = (),
) -> str:
    """The current thread: the title as heading, then each message under its role.

    Texts keep their Markdown but are made inert (`safe_markdown`), so the file is safe to open in
    any viewer; the API keys in `secrets` are masked wherever a model or the user wrote one.
    """
    hidden = Secrets.of(secrets)
    title = " ".join(hidden.hide(conversation.title).split()) or translate(language, "export.untitled")
    sections = [f"# {inert_line(title)}"]
    if conversation.system_prompt:
        prompt = inert_markdown(hidden.hide(conversation.system_prompt))
        sections.append(f"## {translate(language, 'export.system_prompt')}\n\n{prompt}")
    for message in thread(by_id(messages), conversation.current_leaf):
        role = translate(language, "export.user" if message.role is Role.USER else "export.assistant")
        thinking = _thinking(message, language, hidden)
        sections.append(f"## {role}\n\n{thinking}{inert_markdown(hidden.hide(message.content))}")
    return "\n\n".join(sections) + "\n"


def _thinking(message: Message, language: str, hidden: Secrets) -> str:
    """An answer's thinking as a quote under a bold summary, set apart from the answer below it."""
    if not message.reasoning:
        return ""
    lines = [
        f"**{thinking_label(language, message)}**",
        "",
        *inert_markdown(hidden.hide(message.reasoning.strip())).splitlines(),
    ]
    return "\n".join(f"> {line}".rstrip() for line in lines) + "\n\n"


def conversation_alone(
    conversation: Conversation, messages: Iterable[Message], files: Iterable[PictureFile] = ()
) -> Snapshot:
    """The whole tree as a snapshot holding just this conversation, with its pictures' `files`: no settings and no
    folder, so its export (`export_json` or `export_pieces`, without keys) carries no key; the keys to mask in its
    texts come to those as `secrets`."""
    return Snapshot(
        conversations=(replace(conversation, folder_id=None),), messages=tuple(messages), files=tuple(files)
    )


def file_stem(title: str) -> str:
    """A file name made of the title's letters and digits, words joined by dashes: safe on every system."""
    words = "".join(c if c.isalnum() else " " for c in title).split()
    return "-".join(words)[:STEM_CHARS].strip("-") or "conversation"
