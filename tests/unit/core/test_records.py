"""Stored records survive a round trip, tolerate newer fields, and recover an interrupted stream."""

from __future__ import annotations

from dataclasses import replace

from plauder.core.privacy import Redactions
from plauder.core.privacy.trust import Action, Trust
from plauder.core.records import (
    Attachment,
    Backend,
    BackendKind,
    Conversation,
    ErrorInfo,
    Folder,
    Generation,
    Image,
    Message,
    MessageStatus,
    Preset,
    Role,
    Settings,
    Usage,
)


def backend(backend_id: str = "b1", models: tuple[str, ...] = ("m1",)) -> Backend:
    return Backend(backend_id, "Local", BackendKind("openai"), "http://127.0.0.1:8080", "sk-1", models, ("extra",))


def test_settings_round_trip() -> None:
    """Settings with backends come back equal from their stored record."""
    settings = Settings((backend(),), "b1", "m1")
    assert Settings.from_record(settings.to_record()) == settings
    assert Settings.from_record(None) == Settings()


def test_the_privacy_guard_s_names_round_trip_and_are_stored_only_when_there_are_some() -> None:
    """Settings stored before the name list read as none, and without names the record stays as it was."""
    named = Settings(privacy_names=("Anna Schmidt", "ACME Corp"))
    assert Settings.from_record(named.to_record()) == named
    assert "privacy_names" not in Settings().to_record()
    assert Settings.from_record({"privacy_names": ["Anna", 7]}).privacy_names == ("Anna",)
    assert Settings.from_record({"privacy_names": "Anna"}).privacy_names == ()


def test_the_retention_days_round_trip_and_are_stored_only_when_set() -> None:
    """None (the admin decides) is left out, 0 (the user's "never") is kept; a bad value reads as not set."""
    for days in (0, 30):
        assert Settings.from_record(Settings(retention_days=days).to_record()).retention_days == days
    assert "retention_days" not in Settings().to_record()
    for bad in (-1, 1.5, "30", True):
        assert Settings.from_record({"retention_days": bad}).retention_days is None


def test_backend_models_merge_fetched_and_manual_without_duplicates() -> None:
    """The model list is what the server listed plus names typed by hand, each once."""
    assert Backend("b", "n", BackendKind("ollama"), "u", "", ("a", "b"), ("b", "c")).models == ("a", "b", "c")


def test_first_backend_becomes_default_with_its_first_model() -> None:
    """Adding the first backend makes it the default; adding a second does not move the default."""
    settings = Settings().with_backend(backend("b1", ("m1", "m2")))
    assert (settings.default_backend_id, settings.default_model) == ("b1", "m1")
    settings = settings.with_backend(backend("b2", ("x",)))
    assert (settings.default_backend_id, settings.default_model) == ("b1", "m1")
    assert [b.id for b in settings.backends] == ["b1", "b2"]


def test_replacing_a_backend_keeps_its_place() -> None:
    """Saving an edited backend replaces it where it was."""
    settings = Settings().with_backend(backend("b1")).with_backend(backend("b2"))
    renamed = Backend("b1", "Renamed", BackendKind("openai"), "http://x", fetched_models=("m1",))
    assert [b.name for b in settings.with_backend(renamed).backends] == ["Renamed", "Local"]


def test_removing_the_default_backend_falls_back_to_the_next() -> None:
    """Without its default backend, settings point at the next one (or at nothing)."""
    settings = Settings().with_backend(backend("b1")).with_backend(backend("b2", ("z",)))
    assert settings.without_backend("b1").default_backend_id == "b2"
    assert settings.without_backend("b1").default_model == "z"
    assert settings.without_backend("b1").without_backend("b2") == Settings()


def test_message_round_trip_with_usage_and_error() -> None:
    """A failed answer with usage and an error comes back equal."""
    message = Message(
        "m",
        "c",
        "p",
        Role.ASSISTANT,
        "partial",
        1.0,
        MessageStatus.ERROR,
        "model",
        "stop",
        Usage(3, 4),
        ErrorInfo("auth", "error.auth", {"status": 401}, ("hint.check_key",), "bad key"),
    )
    assert Message.from_record(message.to_record()) == message


def test_thinking_is_stored_only_when_there_is_some() -> None:
    """An answer's thinking and its time come back equal; a message without thinking is stored as before."""
    thought = Message("m", "c", "p", Role.ASSISTANT, "Ja.", 1.0, reasoning="Hm, ja.", reasoning_ms=4200.0)
    assert Message.from_record(thought.to_record()) == thought
    plain = Message("m", "c", "p", Role.ASSISTANT, "Ja.", 1.0)
    assert "reasoning" not in plain.to_record() and "reasoning_ms" not in plain.to_record()
    assert Message.from_record(plain.to_record()) == plain


def test_message_stored_mid_stream_reads_back_as_interrupted() -> None:
    """A page closed while an answer streamed shows that answer as interrupted, text kept."""
    message = Message("m", "c", "p", Role.ASSISTANT, "half an ans", 1.0, MessageStatus.STREAMING)
    restored = Message.from_record(message.to_record())
    assert restored.status is MessageStatus.INTERRUPTED and restored.content == "half an ans"


def test_unknown_fields_from_a_newer_version_are_ignored() -> None:
    """Records written by a newer Plauder still load (extra keys dropped, not a crash)."""
    record = {**Conversation("c", "t", 1.0, 2.0).to_record(), "archived": True}
    assert Conversation.from_record(record) == Conversation("c", "t", 1.0, 2.0)


def test_pinning_is_stored_only_when_set_and_old_records_are_unpinned() -> None:
    """Records from before pinning read as unpinned; an unpinned conversation's record stays as it was."""
    pinned = Conversation("c1", "t", 1.0, 2.0, pinned=True)
    assert Conversation.from_record(pinned.to_record()) == pinned
    assert "pinned" not in Conversation("c1", "t", 1.0, 2.0).to_record()
    assert not Conversation.from_record({"id": "c", "title": "t", "created_at": 1, "updated_at": 1}).pinned


def test_a_thinking_budget_is_stored_only_when_set() -> None:
    """Records (and the ids an import derives from them) of conversations without one stay as they were."""
    thinking = Conversation("c1", "t", 1.0, 2.0, thinking_budget=2048)
    assert Conversation.from_record(thinking.to_record()) == thinking
    assert "thinking_budget" not in Conversation("c1", "t", 1.0, 2.0).to_record()


def test_a_redaction_mapping_is_stored_only_when_there_is_one() -> None:
    """Old records and exports load unchanged; a conversation sent redacted keeps its placeholders, and a
    question how many of its findings were replaced; anything else under those names is dropped."""
    plain = Conversation("c1", "t", 1.0, 2.0)
    assert "redactions" not in plain.to_record() and not Conversation.from_record(plain.to_record()).redactions
    mapped = Conversation("c1", "t", 1.0, 2.0, redactions=Redactions({"[EMAIL_1]": "max@example.com"}))
    assert mapped.to_record()["redactions"] == {"[EMAIL_1]": "max@example.com"}
    assert Conversation.from_record(mapped.to_record()) == mapped
    odd = {**plain.to_record(), "redactions": {"[EMAIL_1]": 5, "free text": "x"}}
    assert not Conversation.from_record(odd).redactions
    question = Message("q", "c1", None, Role.USER, "Mail max@example.com", 1.0, replacements=2)
    assert Message.from_record(question.to_record()) == question
    assert "replacements" not in Message("q", "c1", None, Role.USER, "Hi", 1.0).to_record()
    assert Message.from_record({**question.to_record(), "replacements": "2"}).replacements == 0


def test_folder_round_trip_and_conversation_in_a_folder() -> None:
    """Folders nest by parent id; a conversation names its folder; both come back equal."""
    folder = Folder("f2", "Reports", "f1", 1.0)
    assert Folder.from_record(folder.to_record()) == folder
    conversation = Conversation("c1", "t", 1.0, 2.0, folder_id="f2")
    assert Conversation.from_record(conversation.to_record()) == conversation
    assert Conversation.from_record({"id": "c", "title": "t", "created_at": 1, "updated_at": 1}).folder_id is None


def test_conversation_remembers_branch_choices_and_omits_none() -> None:
    """The last-used child per branch point survives a round trip; a conversation without branches stores no key."""
    conversation = Conversation("c1", "t", 1.0, 2.0, selected_children={"": "m1", "m1": "m3"})
    assert Conversation.from_record(conversation.to_record()) == conversation
    assert "selected_children" not in Conversation("c1", "t", 1.0, 2.0).to_record()
    assert Conversation.from_record({"id": "c", "title": "t", "created_at": 1, "updated_at": 1}).selected_children == {}


def test_presets_round_trip_sorted_and_old_settings_have_none() -> None:
    """Presets live in the settings, sorted by name; settings stored before presets existed read as none."""
    settings = Settings().with_preset(Preset("p2", "writer", "Write well.")).with_preset(Preset("p1", "Editor"))
    assert [p.name for p in settings.presets] == ["Editor", "writer"]
    assert Settings.from_record(settings.to_record()) == settings
    assert Settings.from_record({"backends": [], "default_backend_id": None, "default_model": None}).presets == ()
    assert settings.without_preset("p1").presets == (Preset("p2", "writer", "Write well."),)
    removed = settings.with_backend(Backend("b", "B", BackendKind("openai"), "http://x")).without_backend("b")
    assert removed.presets == settings.presets  # removing a backend keeps the presets


def test_a_field_stored_as_undefined_reads_back_as_none() -> None:
    """IndexedDB keeps None as `undefined`, which a JSON read drops: the missing key means None."""
    record = Message("m1", "c1", None, Role.USER, "Hi", 1.0).to_record()
    del record["parent_id"]
    assert Message.from_record(record).parent_id is None
    assert Folder.from_record({"id": "f1", "name": "Top", "created_at": 1.0}).parent_id is None


def test_trust_levels_and_the_privacy_policy_round_trip() -> None:
    """A backend's trust level and the user's policy are stored only when set; unknown values read as unset."""
    rated = replace(backend(), trust=Trust.PROCESSOR)
    settings = Settings((rated,), privacy_policy={Trust.EXTERNAL: Action.BLOCK})
    assert Settings.from_record(settings.to_record()) == settings
    assert "trust" not in backend().to_record() and "privacy_policy" not in Settings().to_record()
    assert Backend.from_record({**backend().to_record(), "trust": "trusted"}).trust is None
    assert Settings.from_record(
        {"privacy_policy": {"external": "maybe", "x": "off", "internal": "block"}}
    ).privacy_policy == {Trust.INTERNAL: Action.BLOCK}


def test_image_models_and_their_timeout_are_stored_only_for_a_backend_that_draws() -> None:
    """A backend without image models keeps its old record; one with them keeps both fields."""
    plain = backend()
    assert "image_models" not in plain.to_record() and "image_timeout_seconds" not in plain.to_record()
    drawing = replace(plain, image_models=("flux-dev",), image_timeout_seconds=900.0)
    record = drawing.to_record()
    assert (record["image_models"], record["image_timeout_seconds"]) == (["flux-dev"], 900.0)
    assert Backend.from_record(record) == drawing
    assert Backend.from_record({**record, "image_timeout_seconds": "soon"}).image_timeout_seconds == 300.0


def test_an_answer_made_of_pictures_keeps_what_it_was_asked_for() -> None:
    generation = Generation("b1", "flux-dev", "512x512", 2, None, "A fox in snow", ("files.example.com",))
    answer = Message(
        "a1", "c1", "q1", Role.ASSISTANT, "", 1.0,
        images=(Image("i1", "fox-1.png", "image/png", 512, 512, 2048),),
        generation=generation,
    )  # fmt: skip
    record = answer.to_record()
    assert record["generation"]["not_loaded"] == ["files.example.com"]
    assert Message.from_record(record) == answer
    assert "generation" not in replace(answer, generation=None).to_record()
    assert Generation.from_record({"backend_id": "b", "model": "m", "count": 0}).count == 1


def test_a_pictures_longest_side_is_stored_only_when_not_the_default() -> None:
    """Records of backends at the default stay as they were; an own side reads back, a non-integer is dropped."""
    plain = backend()
    assert "image_max_side" not in plain.to_record() and plain.image_max_side == 2048
    small = replace(plain, image_max_side=768)
    assert small.to_record()["image_max_side"] == 768 and Backend.from_record(small.to_record()) == small
    for bad in ("768", 768.0, True, None):
        assert Backend.from_record({**small.to_record(), "image_max_side": bad}).image_max_side == 2048


def test_an_attachment_keeps_the_id_of_its_original_and_older_records_have_none() -> None:
    """An attachment whose original is kept names it by id, beside the message's pictures in `stored_files`; a
    record from before originals were kept reads with no id, and one without writes as it did."""
    kept = Attachment("report.pdf", 2048, "application/pdf", "Q3", 4, id="d1")
    older = Attachment("notes.md", 5, "text/markdown", "Hello")
    question = Message(
        "q1", "c1", None, Role.USER, "See", 1.0,
        attachments=(older, kept), images=(Image("i1", "dot.png", "image/png", 1, 1, 70),),
    )  # fmt: skip
    assert Message.from_record(question.to_record()) == question
    assert older.to_record() == {"name": "notes.md", "size": 5, "media_type": "text/markdown", "text": "Hello"}
    assert Attachment.from_record(older.to_record()).id == ""
    assert [file.id for file in question.stored_files] == ["i1", "d1"]
