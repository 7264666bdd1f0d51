"""What the chat view shows for each message: texts already translated, actions already decided.

The web layer only copies these into the DOM, so every rule about what a user sees
(which status line, which hint, which buttons) is tested here under CPython.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from plauder.core.attachments.chips import ChipView, chip_views
from plauder.core.http_errors import ErrorKind
from plauder.core.i18n import translate
from plauder.core.images import Thumbnail, thumbnails
from plauder.core.prices import NO_PRICES, PriceTable
from plauder.core.privacy.note import marker
from plauder.core.records import Conversation, ErrorInfo, Generation, Message, MessageStatus, Role, Settings
from plauder.core.running.runs import RunView, run_views
from plauder.core.thread import can_continue
from plauder.core.tree import can_merge, children_of, tree_outline
from plauder.core.usage_view import answer_usage


class Action(StrEnum):
    RETRY = "retry"
    REGENERATE = "regenerate"
    CONTINUE = "continue"
    EDIT = "edit"  # open the editor (see EditAction for what it offers)
    FORK = "fork"
    DELETE = "delete"
    MERGE = "merge"  # merge the next message of the thread into this one (same role)
    FIT = "fit"  # a last answer the server refused as too long: leave the oldest messages out, then retry
    PICK = "pick"  # an answer shown side by side: go on with it (core/comparing.py)
    STOP_ANSWER = "stop_answer"  # an answer shown side by side: stop this one while the others go on


TREE_ACTIONS = (Action.EDIT, Action.FORK, Action.DELETE)  # on every message, whenever nothing streams


class EditAction(StrEnum):
    """The buttons of a message's editor."""

    RESEND = "resend"  # a question only: the edit becomes a new branch with a new answer
    SAVE = "save"  # in place: same message, nothing is asked again
    CANCEL = "cancel"


class BranchAction(StrEnum):
    """The `< n / m >` control's buttons."""

    PREVIOUS = "previous"
    NEXT = "next"


THINKING_SHOWN_CHARS = 40_000  # the thread shows the latest thinking up to this: more would slow the page


@dataclass(frozen=True)
class ThinkingView:
    """An answer's thinking as shown above it: the summary, the text (plain, capped), open or collapsed."""

    label: str  # "Thinking…" while it thinks, "Thought for N s" after
    text: str  # the latest THINKING_SHOWN_CHARS characters
    capped: str  # says how much earlier thinking is not shown, or ""
    open: bool  # open while the model thinks, collapsed once the answer starts


def thinking_label(language: str, message: Message) -> str:
    """ "Thought for N s" once timed; "Thinking…" while it thinks; "Thinking" for thinking never timed."""
    if message.reasoning_ms is not None:
        return translate(language, "chat.thought", seconds=max(1, round(message.reasoning_ms / 1000)))
    return translate(language, "chat.thinking" if message.status is MessageStatus.STREAMING else "chat.thoughts")


def thinking_view(language: str, message: Message) -> ThinkingView | None:
    if not message.reasoning:
        return None
    hidden = len(message.reasoning) - THINKING_SHOWN_CHARS
    return ThinkingView(
        label=thinking_label(language, message),
        text=message.reasoning[-THINKING_SHOWN_CHARS:],
        capped=translate(language, "chat.thinking_capped", hidden=hidden) if hidden > 0 else "",
        open=message.status is MessageStatus.STREAMING and not message.content,
    )


@dataclass(frozen=True)
class MessageView:
    id: str
    role: Role
    author: str
    text: str
    created_at: float  # when it was written (ms): the thread shows it on hover
    status: str  # a short status line: "", "writing…", "stopped: …"
    usage: str
    problem: tuple[str, ...]  # error sentence, server's words, hints
    actions: tuple[Action, ...]
    streaming: bool
    branch: tuple[int, int] | None = None  # (n, m) when the message is one of m > 1 siblings
    edit_actions: tuple[EditAction, ...] = ()  # what its editor offers (empty: no editor)
    branch_actions: tuple[BranchAction, ...] = ()  # the enabled ones of `<` and `>`
    thinking: ThinkingView | None = None  # an answer's thinking, shown above it
    attachments: tuple[ChipView, ...] = ()  # a question's files, shown below it
    images: tuple[Thumbnail, ...] = ()  # a question's pictures, shown below it
    replaced: str = ""  # a question sent redacted: "sent with 2 replacements"
    caption: tuple[str, ...] = ()  # an answer of pictures: what was asked, what the server drew from
    cut: str = ""  # the messages above it are left out of requests, to fit the context: the note saying so
    summary: str = ""  # what the model gets instead of them (core/summaries.py), shown under the note
    resend: bool = False  # the note offers to send them again (a cut; not a chat begun with a summary)
    runs: tuple[RunView, ...] = ()  # an answer's code blocks that ran, shown under each (core/running)


def problem_lines(language: str, error: ErrorInfo) -> tuple[str, ...]:
    lines = [translate(language, error.message_key, **error.params)]
    if error.server_message:
        lines.append(translate(language, "error.server_said", message=error.server_message))
    lines += [translate(language, key, **error.params) for key in error.hint_keys]
    return tuple(lines)


def caption(language: str, generation: Generation) -> tuple[str, ...]:
    """The lines under an answer of pictures: what was asked, what the server drew from, what was not loaded."""
    size = generation.size or translate(language, "images.size_default")
    lines = [translate(language, "images.asked", count=generation.count, size=size, model=generation.model)]
    if generation.revised_prompt:
        lines.append(translate(language, "images.revised", prompt=generation.revised_prompt))
    lines += [translate(language, "images.not_loaded", host=host) for host in generation.not_loaded]
    return tuple(lines)


def _status(language: str, message: Message) -> str:
    if message.status is MessageStatus.COMPLETE:
        return translate(language, "chat.status_length") if message.finish_reason == "length" else ""
    return translate(language, f"chat.status_{message.status}")


def message_view(
    language: str,
    message: Message,
    is_last: bool,
    busy: bool,
    branch: tuple[int, int] | None = None,
    merges: bool = False,
    prices: PriceTable = NO_PRICES,
) -> MessageView:
    """How one message of the thread looks; nothing is offered while an answer streams.

    Only the last answer offers retry, regenerate and continue; every message can be edited,
    forked from and deleted. A question's editor can also send the edit as a new branch. With
    `merges` (the next message of the thread has its role) it offers to merge that one into it.
    """
    actions: list[Action] = []
    streaming = message.status is MessageStatus.STREAMING
    if message.role is Role.ASSISTANT and is_last and not busy and not streaming:
        actions.append(Action.RETRY if message.error else Action.REGENERATE)
        if message.error and message.error.kind == ErrorKind.CONTEXT and message.error.params.get("size"):
            actions.append(Action.FIT)  # refused as too long, at a size it named (core/http_errors.py)
        if can_continue(message):
            actions.append(Action.CONTINUE)
    edit_actions: tuple[EditAction, ...] = ()
    if not busy and not streaming:  # (an answer another tab is writing is streaming, too)
        actions += TREE_ACTIONS
        actions += [Action.MERGE] if merges else []
        resend = (EditAction.RESEND,) if message.role is Role.USER else ()
        edit_actions = (*resend, EditAction.SAVE, EditAction.CANCEL)
    branch = branch if branch and branch[1] > 1 else None
    branch_actions: list[BranchAction] = []
    if branch and not busy:
        branch_actions += [BranchAction.PREVIOUS] if branch[0] > 1 else []
        branch_actions += [BranchAction.NEXT] if branch[0] < branch[1] else []
    return MessageView(
        id=message.id,
        role=message.role,
        author=translate(language, "chat.you" if message.role is Role.USER else "chat.assistant"),
        text=message.content,
        created_at=message.created_at,
        status=_status(language, message),
        usage=answer_usage(language, message, prices),
        problem=problem_lines(language, message.error) if message.error else (),
        actions=tuple(actions),
        streaming=streaming,
        branch=branch,
        edit_actions=edit_actions,
        branch_actions=tuple(branch_actions),
        thinking=thinking_view(language, message),
        attachments=chip_views(language, message.attachments, with_tokens=False),
        images=thumbnails(language, message.images),
        replaced=marker(language, message.replacements),
        caption=caption(language, message.generation) if message.generation else (),
        runs=run_views(language, message),
    )


def thread_views(
    language: str,
    messages: Mapping[str, Message],
    path: Sequence[Message],
    busy: bool,
    prices: PriceTable = NO_PRICES,
    start: str | None = None,
    summary: str = "",
) -> list[MessageView]:
    """The visible thread (`path`, root first), each message with its place among its siblings and whether the
    next one can merge into it. The message `start` (the conversation's `context_from`) notes the cut above it,
    with the `summary` sent instead; without a cut, a summary (a chat begun with one) is noted above the first."""
    noted = start or (path[0].id if summary and path else None)
    children = children_of(messages)
    views = []
    for index, message in enumerate(path):
        row = [sibling.id for sibling in children.get(message.parent_id, [])]
        branch = (row.index(message.id) + 1, len(row)) if message.id in row else None
        merges = index + 1 < len(path) and can_merge(children, message, path[index + 1])
        view = message_view(language, message, index == len(path) - 1, busy, branch, merges, prices)
        if message.id == noted and (index or summary):
            key = ("context.cut_summary" if summary else "context.cut") if start else "context.carried"
            view = replace(view, cut=translate(language, key, count=index), summary=summary, resend=bool(start))
        views.append(view)
    return views


def branch_target(messages: Mapping[str, Message], message_id: str, action: BranchAction) -> str | None:
    """The sibling that `<` or `>` on `message_id` goes to, or None at either end."""
    message = messages.get(message_id)
    if message is None:
        return None
    row = [sibling.id for sibling in children_of(messages).get(message.parent_id, [])]
    index = row.index(message_id) + (1 if action is BranchAction.NEXT else -1)
    return row[index] if 0 <= index < len(row) else None


@dataclass(frozen=True)
class OutlineItem:
    """One row of the branches dialog: a message to jump to."""

    message_id: str
    author: str
    excerpt: str
    branch: str  # "n / m" where a branch starts, else ""
    current: bool  # on the visible thread


def outline_items(language: str, messages: Mapping[str, Message], conversation: Conversation) -> list[OutlineItem]:
    """The whole tree of a conversation, in reading order, ready for the branches dialog."""
    return [
        OutlineItem(
            message_id=row.message_id,
            author=translate(language, "chat.you" if row.role is Role.USER else "chat.assistant"),
            excerpt=row.excerpt,
            branch=translate(language, "tree.branch", n=row.branch[0], m=row.branch[1]) if row.branch else "",
            current=row.on_path,
        )
        for row in tree_outline(messages, conversation)
    ]


@dataclass(frozen=True)
class ModelOption:
    """One entry of the model picker: a model of a backend, grouped under the backend's name."""

    group: str
    backend_id: str
    model: str
    selected: bool


def model_options(settings: Settings, selected: tuple[str, str] | None) -> list[ModelOption]:
    """Every model of every backend; a conversation's own choice stays listed even if no backend lists it now."""
    options = [
        ModelOption(backend.name, backend.id, model, selected == (backend.id, model))
        for backend in settings.backends
        for model in backend.models
    ]
    if selected and not any(option.selected for option in options):
        backend = settings.backend(selected[0])
        options.insert(0, ModelOption(backend.name if backend else "", selected[0], selected[1], True))
    return options
