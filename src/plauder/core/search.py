"""Full-text search over every conversation: titles and the messages of every branch.

Matching ignores case and accents ("Über" finds "uber", "CAFÉ" finds "café"): text is folded
character by character (NFKD, case folding, combining marks dropped), so a position in the
folded text maps back to the original for highlighting. Every word of the query must occur
in a message, anywhere, also inside a longer word.

Why a scan and not an inverted index: the folded texts are joined into one string, newest
first, and `str.find` (C speed, also in Pyodide) jumps from match to match; the other words
are checked with `in` on that one message, and the scan stops after `limit` hits. Substring
matching comes for free, and updates cost a dict write (the joined string is rebuilt on the
next query). bench/search_core.py measures it over 20,000 messages.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from plauder.core.records import Conversation, Message

SNIPPET_CHARS = 160
_LEAD_CHARS = 40  # context kept before the first match in a snippet
_SEPARATOR = "\n"  # never inside a query word, so no match spans two texts
_ONE_LINE = str.maketrans("\n\r\t", "   ")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


class _FoldTable(dict[str, str]):
    """Each character's folded form, computed on first sight."""

    def __missing__(self, char: str) -> str:
        decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", char).casefold())
        folded = self[char] = "".join(c for c in decomposed if not unicodedata.combining(c))
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """`text` without case and accents: what search compares.

    Lowercasing first and folding only the characters left outside ASCII is 3x faster than
    folding every character (str.translate), and gives the same text.
    """
    lowered = text.lower()
    return lowered if text.isascii() else _NOT_ASCII.sub(lambda match: _FOLD[match.group()], lowered)


def _folded_with_origins(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, for each of its characters, the index of the original one (None: the same)."""
    if text.isascii():
        return text.lower(), None
    pieces = [_FOLD[char] for char in text]
    return "".join(pieces), [index for index, piece in enumerate(pieces) for _ in piece]


@dataclass(frozen=True)
class MessageText:
    """What the index keeps of a message."""

    conversation_id: str
    message_id: str
    content: str
    created_at: float


def searchable(content: str, attachment_names: Iterable[str]) -> str:
    """What search finds of a message: its text and its files' names (their text is not searched: a 2 MB
    file folded for every search would cost more than all the conversations together)."""
    return "\n".join(part for part in (content, *attachment_names) if part)


@dataclass(frozen=True)
class Hit:
    conversation_id: str
    message_id: str | None  # None: the title matched
    segments: tuple[tuple[str, bool], ...]  # the snippet, with (text, is_match) parts to highlight


@dataclass(frozen=True)
class _Entry:
    conversation_id: str
    message_id: str | None
    text: str
    folded: str
    newest: float  # hits come newest first


@dataclass(frozen=True)
class _Haystack:
    """The folded texts of some entries joined newest first, and where each one starts."""

    joined: str
    starts: list[int]
    entries: list[_Entry]

    @classmethod
    def of(cls, entries: Iterable[_Entry]) -> _Haystack:
        ordered = sorted(entries, key=lambda e: e.newest, reverse=True)
        starts, offset = [], 0
        for entry in ordered:
            starts.append(offset)
            offset += len(entry.folded) + len(_SEPARATOR)
        return cls(_SEPARATOR.join(e.folded for e in ordered), starts, ordered)

    def matches(self, words: list[str], limit: int) -> list[_Entry]:
        """Up to `limit` entries holding every word; `words` longest first (the longest is likely rarest)."""
        if limit <= 0 or any(word not in self.joined for word in words[1:]):  # the first: found below
            return []
        first, rest = words[0], words[1:]
        found: list[_Entry] = []
        position = self.joined.find(first)
        while position != -1 and len(found) < limit:
            index = bisect_right(self.starts, position) - 1
            entry = self.entries[index]
            if all(word in entry.folded for word in rest):
                found.append(entry)
            after = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.joined)
            position = self.joined.find(first, after)
        return found


def _spans(folded: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Where the words occur in `folded`, overlapping occurrences merged, in order."""
    spans = []
    for word in words:
        position = folded.find(word)
        while position != -1:
            spans.append((position, position + len(word)))
            position = folded.find(word, position + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, words: Iterable[str], width: int = SNIPPET_CHARS) -> tuple[tuple[str, bool], ...]:
    """A one-line window of `text` around its first match, cut into (text, is_match) parts."""
    folded, origins = _folded_with_origins(text)
    spans = _spans(folded, words)
    if origins is not None:
        spans = [(origins[start], origins[end - 1] + 1) for start, end in spans]
    first = spans[0][0] if spans else 0
    begin = max(0, min(first - _LEAD_CHARS, len(text) - width))
    end = min(len(text), begin + width)
    parts: list[tuple[str, bool]] = [("…", False)] if begin else []
    cursor = begin
    for start, stop in spans:
        start, stop = max(start, cursor), min(stop, end)
        if start >= stop:
            continue
        parts += [(text[cursor:start], False), (text[start:stop], True)]
        cursor = stop
    parts += [(text[cursor:end], False), ("…", False)] if end < len(text) else [(text[cursor:end], False)]
    return tuple((part.translate(_ONE_LINE), is_match) for part, is_match in parts if part)


class SearchIndex:
    """The searchable texts of all conversations: saves are put in as they happen; a delete calls for a new index."""

    def __init__(self) -> None:
        self._titles: dict[str, _Entry] = {}
        self._messages: dict[str, _Entry] = {}
        self._haystacks: tuple[_Haystack, _Haystack] | None = None

    @classmethod
    def build(
        cls, conversations: Iterable[Conversation], messages_by_conversation: Mapping[str, Iterable[Message]]
    ) -> SearchIndex:
        index = cls()
        for conversation in conversations:
            index.put_conversation(conversation)
            for message in messages_by_conversation.get(conversation.id, ()):
                index.put_message(message)
        return index

    def put_conversation(self, conversation: Conversation) -> None:
        """Add or replace a conversation's title (call it again after a rename)."""
        title = conversation.title
        self._titles[conversation.id] = _Entry(conversation.id, None, title, fold(title), conversation.updated_at)
        self._haystacks = None

    def put_message(self, message: Message) -> None:
        """Add or replace a message (an edit, a finished answer); an empty one is not searchable."""
        content = searchable(message.content, (a.name for a in message.attachments))
        self.put_text(MessageText(message.conversation_id, message.id, content, message.created_at))

    def put_text(self, text: MessageText) -> None:
        """`put_message` for what the index needs of a message, read without building the whole record."""
        self._messages.pop(text.message_id, None)
        if text.content:
            entry = _Entry(text.conversation_id, text.message_id, text.content, fold(text.content), text.created_at)
            self._messages[text.message_id] = entry
        self._haystacks = None

    def query(self, text: str, limit: int = 50) -> list[Hit]:
        """Title hits first, then message hits, newest first; every word of `text` must match."""
        words = sorted(set(fold(text).split()), key=len, reverse=True)
        if not words:
            return []
        if self._haystacks is None:
            self._haystacks = (_Haystack.of(self._titles.values()), _Haystack.of(self._messages.values()))
        titles, messages = self._haystacks
        found = titles.matches(words, limit)
        found += messages.matches(words, limit - len(found))
        return [Hit(e.conversation_id, e.message_id, snippet(e.text, words)) for e in found]
