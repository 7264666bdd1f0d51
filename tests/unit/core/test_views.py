"""What the user sees for each message: status lines, usage, problems and actions."""

from __future__ import annotations

from dataclasses import replace

from plauder.core.records import (
    Backend,
    BackendKind,
    Conversation,
    ErrorInfo,
    Message,
    MessageStatus,
    Role,
    Settings,
    Usage,
)
from plauder.core.tree import edit_and_resend
from plauder.core.views import (
    THINKING_SHOWN_CHARS,
    TREE_ACTIONS,
    Action,
    BranchAction,
    EditAction,
    ModelOption,
    branch_target,
    message_view,
    model_options,
    outline_items,
    thread_views,
)


def answer(**changes: object) -> Message:
    values: dict[str, object] = {
        "id": "m",
        "conversation_id": "c",
        "parent_id": "q",
        "role": Role.ASSISTANT,
        "content": "Hi",
        "created_at": 1.0,
    }
    return Message(**{**values, **changes})  # type: ignore[arg-type]


def test_complete_last_answer_offers_regenerate_and_shows_usage() -> None:
    """A finished answer shows its token counts and can be regenerated."""
    view = message_view("en", answer(usage=Usage(12, 34), finish_reason="stop"), is_last=True, busy=False)
    assert view.actions == (Action.REGENERATE, *TREE_ACTIONS)
    assert view.usage == "12 prompt + 34 answer tokens" and view.status == ""


def test_a_question_sent_redacted_says_so_in_its_meta_line() -> None:
    question = answer(role=Role.USER, content="Mail max@example.com", replacements=2)
    assert message_view("en", question, is_last=False, busy=False).replaced == "sent with 2 replacements"
    assert message_view("de", answer(role=Role.USER), is_last=False, busy=False).replaced == ""


def test_earlier_messages_offer_only_tree_actions_and_none_while_busy() -> None:
    """Only the last answer can be regenerated; any message can be edited, forked, deleted, but not while busy."""
    assert message_view("en", answer(), is_last=False, busy=False).actions == TREE_ACTIONS
    busy = message_view("en", answer(), is_last=True, busy=True, branch=(2, 3))
    assert busy.actions == () and busy.edit_actions == () and busy.branch_actions == ()
    assert busy.branch == (2, 3)  # still shown, just not switchable


def test_a_view_carries_when_its_message_was_written() -> None:
    """The thread shows the time on hover; the web layer words it in the user's time zone and language."""
    assert message_view("en", answer(created_at=1_741_000_000_000.0), is_last=True, busy=False).created_at == (
        1_741_000_000_000.0
    )


def test_editor_offers_resend_only_for_questions() -> None:
    """A question's edit can be sent again as a new branch; an answer's is only saved in place."""
    question = message_view("en", answer(role=Role.USER), is_last=False, busy=False)
    assert question.edit_actions == (EditAction.RESEND, EditAction.SAVE, EditAction.CANCEL)
    reply = message_view("en", answer(), is_last=True, busy=False)
    assert reply.edit_actions == (EditAction.SAVE, EditAction.CANCEL)


def test_branch_control_enables_only_the_possible_directions() -> None:
    """`< n / m >`: no control for an only child; `<` off on the first, `>` off on the last."""
    assert message_view("en", answer(), is_last=True, busy=False, branch=(1, 1)).branch is None
    first = message_view("en", answer(), is_last=True, busy=False, branch=(1, 2))
    assert first.branch == (1, 2) and first.branch_actions == (BranchAction.NEXT,)
    middle = message_view("en", answer(), is_last=True, busy=False, branch=(2, 3))
    assert middle.branch_actions == (BranchAction.PREVIOUS, BranchAction.NEXT)
    last = message_view("en", answer(), is_last=True, busy=False, branch=(3, 3))
    assert last.branch_actions == (BranchAction.PREVIOUS,)


def branched() -> tuple[Conversation, dict[str, Message]]:
    """q1 -> a1, then q1 edited as q2 -> a2 (a new branch at the root), now showing q2's branch."""
    conversation = Conversation("c", "T", 1.0, 1.0, current_leaf="a1")
    q1 = answer(id="q1", parent_id=None, role=Role.USER, content="First question")
    a1 = answer(id="a1", parent_id="q1", content="First answer")
    messages = {m.id: m for m in (q1, a1)}
    conversation, q2, a2 = edit_and_resend(conversation, messages, "q1", "Second question", 2.0)
    a2 = replace(a2, content="Second answer", status=MessageStatus.COMPLETE)
    return conversation, {**messages, q2.id: q2, a2.id: a2}


def test_thread_views_carry_each_message_branch_position() -> None:
    """The visible path knows where each message stands among its siblings; the last answer is last."""
    _, messages = branched()
    q2 = next(m for m in messages.values() if m.content == "Second question")
    a2 = next(m for m in messages.values() if m.parent_id == q2.id)
    views = thread_views("en", messages, [q2, a2], busy=False)
    assert [v.branch for v in views] == [(2, 2), None]
    assert Action.REGENERATE in views[1].actions and Action.REGENERATE not in views[0].actions


def test_branch_target_walks_siblings_and_stops_at_the_ends() -> None:
    """`<` and `>` go to the neighbouring sibling, oldest first; nothing beyond the ends or for unknown ids."""
    _, messages = branched()
    q2 = next(m for m in messages.values() if m.content == "Second question")
    assert branch_target(messages, q2.id, BranchAction.PREVIOUS) == "q1"
    assert branch_target(messages, "q1", BranchAction.NEXT) == q2.id
    assert branch_target(messages, "q1", BranchAction.PREVIOUS) is None
    assert branch_target(messages, q2.id, BranchAction.NEXT) is None
    assert branch_target(messages, "gone", BranchAction.NEXT) is None


def test_outline_items_translate_and_mark_the_current_path() -> None:
    """The branches dialog lists every message with its author, the branch marks and the visible path."""
    conversation, messages = branched()
    items = outline_items("de", messages, conversation)
    assert [(i.author, i.excerpt, i.branch, i.current) for i in items] == [
        ("Sie", "First question", "1 / 2", False),
        ("Assistent", "First answer", "", False),
        ("Sie", "Second question", "2 / 2", True),
        ("Assistent", "Second answer", "", True),
    ]


def test_cut_off_answer_offers_continue_and_says_why() -> None:
    """An answer stopped at the length limit says so and offers Continue."""
    view = message_view("de", answer(finish_reason="length"), is_last=True, busy=False)
    assert Action.CONTINUE in view.actions and "Längengrenze" in view.status


def test_failed_answer_shows_problem_with_server_words_and_hints() -> None:
    """A failure reads as the specific sentence, what the server said, and the hint; Retry is offered."""
    error = ErrorInfo("auth", "error.auth", {"status": 401, "origin": "x"}, ("hint.check_key",), "Invalid API Key")
    view = message_view("en", answer(status=MessageStatus.ERROR, content="", error=error), is_last=True, busy=False)
    assert view.problem == (
        "The backend refused the request (HTTP 401): the API key is missing or wrong. Check it in Settings.",
        "The server said: Invalid API Key",
        "Check the API key in Settings.",
    )
    assert view.actions == (Action.RETRY, *TREE_ACTIONS)


def test_streaming_answer_is_marked_and_has_no_actions() -> None:
    """While streaming, the answer says it is being written."""
    view = message_view("en", answer(status=MessageStatus.STREAMING), is_last=True, busy=False)
    assert view.streaming and view.actions == () and view.status == "writing…"


def test_user_message_text_is_shown_as_written() -> None:
    """User messages keep their text exactly, whitespace included."""
    view = message_view("en", answer(role=Role.USER, content="  a\n\n  b "), is_last=False, busy=False)
    assert view.text == "  a\n\n  b " and view.author == "You"


def test_model_options_list_every_backend_model_and_mark_the_choice() -> None:
    """The picker lists each backend's models and marks the conversation's choice."""
    settings = Settings(
        (
            Backend("b1", "Local", BackendKind("openai"), "u", fetched_models=("a", "b")),
            Backend("b2", "Ollama", BackendKind("ollama"), "u", manual_models=("c",)),
        )
    )
    options = model_options(settings, ("b2", "c"))
    assert [(o.group, o.model, o.selected) for o in options] == [
        ("Local", "a", False),
        ("Local", "b", False),
        ("Ollama", "c", True),
    ]


def test_model_no_longer_listed_stays_selectable() -> None:
    """A conversation whose model the backend no longer lists still shows it, selected."""
    settings = Settings((Backend("b1", "Local", BackendKind("openai"), "u", fetched_models=("a",)),))
    assert model_options(settings, ("b1", "gone"))[0] == ModelOption("Local", "b1", "gone", True)


def test_thinking_opens_while_the_model_thinks_and_closes_with_its_time() -> None:
    """Open and "Thinking…" until the answer's text starts; then collapsed, "Thought for N s"; none without thinking."""
    thinking = Message("a", "c", "q", Role.ASSISTANT, "", 1.0, MessageStatus.STREAMING, reasoning="Hm")
    view = message_view("en", thinking, is_last=True, busy=True).thinking
    assert view is not None and (view.label, view.text, view.open) == ("Thinking…", "Hm", True)
    answering = replace(thinking, content="Ja", reasoning_ms=2400.0)
    view = message_view("de", answering, is_last=True, busy=True).thinking
    assert view is not None and (view.label, view.open) == ("2 s nachgedacht", False)
    untimed = message_view("en", replace(thinking, status=MessageStatus.COMPLETE), is_last=True, busy=False).thinking
    assert untimed is not None and untimed.label == "Thinking"
    assert message_view("en", replace(thinking, reasoning=""), is_last=True, busy=True).thinking is None


def test_a_huge_thinking_shows_only_its_latest_part() -> None:
    """Thinking beyond the cap shows its latest part and says how much is left out."""
    huge = Message("a", "c", "q", Role.ASSISTANT, "Ja", 1.0, reasoning="x" * 5 + "y" * THINKING_SHOWN_CHARS)
    view = message_view("en", huge, is_last=True, busy=False).thinking
    assert view is not None and view.text == "y" * THINKING_SHOWN_CHARS
    assert view.capped == "5 earlier characters are not shown here; the export keeps them all."


def test_merge_is_offered_where_the_next_message_of_the_thread_has_the_same_role() -> None:
    """Two answers in a row (an answer in pieces): the first offers to merge the second into it, after the tree
    actions; a question before its answer does not, nor anything while an answer streams."""
    question = answer(id="q", parent_id=None, role=Role.USER, content="Q")
    first, second = answer(id="a1"), answer(id="a2", parent_id="a1", created_at=2.0)
    path = [question, first, second]
    messages = {m.id: m for m in path}
    views = thread_views("en", messages, path, busy=False)
    assert [Action.MERGE in view.actions for view in views] == [False, True, False]
    assert views[1].actions == (*TREE_ACTIONS, Action.MERGE)
    assert all(Action.MERGE not in view.actions for view in thread_views("en", messages, path, busy=True))
