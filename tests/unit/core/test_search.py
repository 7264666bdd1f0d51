"""Search finds every message holding all query words, ignoring case and accents, and marks the matches."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from plauder.core.records import Conversation, Message, Role
from plauder.core.search import SNIPPET_CHARS, SearchIndex, fold, snippet


def message(message_id: str, text: str, created_at: float = 1.0, conversation_id: str = "c1") -> Message:
    return Message(message_id, conversation_id, None, Role.USER, text, created_at)


def index_of(*messages: Message, title: str = "Chat") -> SearchIndex:
    conversations = [Conversation(cid, title, 1.0, 1.0) for cid in sorted({m.conversation_id for m in messages})]
    by_conversation: dict[str, list[Message]] = {}
    for m in messages:
        by_conversation.setdefault(m.conversation_id, []).append(m)
    return SearchIndex.build(conversations, by_conversation)


def matched(segments: tuple[tuple[str, bool], ...]) -> list[str]:
    return [text for text, is_match in segments if is_match]


def test_fold_ignores_case_and_accents() -> None:
    """Umlauts, accents, ß and ligatures compare like their plain letters."""
    assert fold("Über CAFÉ Straße ﬁsh naïve") == "uber cafe strasse fish naive"
    assert fold("ABC def") == "abc def"


def test_every_word_must_occur_anywhere_in_the_message() -> None:
    """Words are ANDed, in any order, also inside longer words; a missing word means no hit."""
    index = index_of(message("m1", "Python raised a KeyError"), message("m2", "python is fine"))
    assert [h.message_id for h in index.query("error PYTHON")] == ["m1"]
    assert {h.message_id for h in index.query("pyth")} == {"m1", "m2"}
    assert index.query("python banana") == []
    assert index.query("   ") == []


def test_titles_come_first_then_messages_newest_first() -> None:
    """A title hit (message_id None) leads; message hits follow, newest first, up to the limit."""
    index = index_of(message("old", "a report", 1.0), message("new", "the report", 5.0), title="Report draft")
    assert [h.message_id for h in index.query("report")] == [None, "new", "old"]
    assert [h.message_id for h in index.query("report", limit=2)] == [None, "new"]
    assert index.query("report")[0].conversation_id == "c1"


def test_accented_matches_are_highlighted_in_the_original_text() -> None:
    """A query without accents marks the accented original words, even where folding changes the length."""
    index = index_of(message("m1", "Die Straße ist schön, große Übersicht"))
    assert matched(index.query("strasse schon")[0].segments) == ["Straße", "schön"]
    assert matched(index.query("grosse uber")[0].segments) == ["große", "Über"]


def test_snippet_is_a_one_line_window_around_the_first_match() -> None:
    """A long message shows about SNIPPET_CHARS characters around the match, with ellipses where cut."""
    text = "intro line\n" + "word " * 100 + "needle " + "tail " * 100
    segments = snippet(text, ["needle"])
    assert segments[0] == ("…", False) and segments[-1] == ("…", False)
    assert matched(segments) == ["needle"]
    body = "".join(part for part, _ in segments[1:-1])
    assert len(body) <= SNIPPET_CHARS and "\n" not in body
    assert "".join(part for part, _ in snippet("short\ntext", ["text"])) == "short text"


def test_updates_replace_texts() -> None:
    """An edit replaces the old text, a message made empty is not found, a rename replaces the title."""
    index = index_of(message("m1", "alpha"), message("m2", "beta", conversation_id="c2"))
    index.put_message(message("m1", "gamma"))
    assert index.query("alpha") == [] and [h.message_id for h in index.query("gamma")] == ["m1"]
    index.put_message(message("m1", ""))
    assert index.query("gamma") == []
    index.put_conversation(Conversation("c2", "Renamed beta", 1.0, 1.0))
    assert [(h.conversation_id, h.message_id) for h in index.query("beta")] == [("c2", None), ("c2", "m2")]


TEXT = st.text(alphabet="abcAäÄöoOsßSeéÉ \n", max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXT, max_size=12), st.lists(st.text(alphabet="abäoösßeé", min_size=1, max_size=3), max_size=3))
def test_query_finds_exactly_the_messages_holding_every_word(texts: list[str], words: list[str]) -> None:
    """Against the plain definition (fold, then every word `in` the text), the index misses and invents nothing."""
    messages = [message(f"m{i}", text, float(i)) for i, text in enumerate(texts)]
    index = index_of(*messages, title="-")
    query = " ".join(words)
    expected = {
        m.id
        for m in messages
        if m.content and fold(query).split() and all(word in fold(m.content) for word in fold(query).split())
    }
    hits = index.query(query, limit=len(messages) + 1)
    assert {h.message_id for h in hits} == expected
    for hit in hits:
        assert all(any(word in fold(part) for word in fold(query).split()) for part in matched(hit.segments))
