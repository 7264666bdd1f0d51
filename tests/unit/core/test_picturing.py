"""Asking for pictures as steps: the picture mode and its options, the prompt as a question whose answer is
pictures, the answer once they came, and Regenerate asking again for the same."""

from __future__ import annotations

from dataclasses import replace

from plauder.core import branching, picturing, turns
from plauder.core.admin import AdminPreset
from plauder.core.image_models import image_choices
from plauder.core.picturing import ask, drawing_mode, drawing_options, drawn, picture_name
from plauder.core.privacy.trust import Action as PrivacyAction
from plauder.core.privacy.trust import Trust
from plauder.core.records import Backend, BackendKind, Generation, Image, MessageStatus, Settings
from plauder.core.state import ChatState, Notice, Part
from plauder.core.views import Action, caption, message_view

CHAT = Backend("chat", "Chat", BackendKind("openai"), "http://127.0.0.1:1/v1", manual_models=("m",))
DRAWS = Backend(
    "img", "Pictures", BackendKind("openai"), "https://images.example.com/v1", image_models=("flux", "sdxl")
)
OLLAMA = Backend("o", "Ollama", BackendKind("ollama"), "http://127.0.0.1:11434", image_models=("ignored",))
SETTINGS = Settings(backends=(CHAT, OLLAMA, DRAWS), default_backend_id="chat", default_model="m")
NOW = 1_700_000_000_000.0
FOX = Image("i1", "a-red-fox-1.png", "image/png", 512, 512, 2048)


def drawing() -> ChatState:
    return drawing_mode(ChatState(SETTINGS), True).state


def test_only_kinds_with_the_images_api_offer_their_image_models() -> None:
    assert image_choices(SETTINGS) == (("img", "flux"), ("img", "sdxl"))


def test_the_mode_starts_on_the_first_image_model_and_says_when_there_is_none() -> None:
    step = drawing_mode(ChatState(SETTINGS), True)
    assert step.state.drawing == Generation("img", "flux") and Part.PICKER in step.draw
    assert picturing.draws_to(step.state) == DRAWS
    off = drawing_mode(step.state, False)
    assert off.state.drawing is None and picturing.draws_to(off.state) is None
    none = drawing_mode(ChatState(Settings(backends=(CHAT,))), True)
    assert none.state.drawing is None and none.notice == Notice("images.none")


def test_options_take_only_what_is_offered() -> None:
    state = drawing_options(drawing(), "img", "sdxl", "512x512", 9).state
    assert state.drawing == Generation("img", "sdxl", "512x512", 4)
    state = drawing_options(state, "img", "sdxl", "", 0).state
    assert state.drawing == Generation("img", "sdxl", None, 1)
    assert drawing_options(state, "img", "flux", "999x999", 2).state.drawing == Generation("img", "flux", None, 2)
    assert drawing_options(state, "o", "ignored", "", 1).state is state
    assert drawing_options(ChatState(SETTINGS), "img", "flux", "", 1).state.drawing is None


def test_a_prompt_becomes_a_question_whose_answer_asks_for_pictures() -> None:
    state = drawing_options(drawing(), "img", "sdxl", "512x512", 2).state
    step = ask(state, "  A red fox, in snow ", NOW)
    assert step.stream is not None and step.clear_prompt and step.write is not None
    question, answer = step.write.messages
    assert question.content == "A red fox, in snow" and step.state.current is not None
    assert step.state.current.title == "A red fox, in snow"
    assert answer.parent_id == question.id and answer.status is MessageStatus.STREAMING
    assert (answer.model, answer.generation) == ("sdxl", Generation("img", "sdxl", "512x512", 2))
    assert ask(state, "   ", NOW).write is None
    assert ask(ChatState(SETTINGS), "a fox", NOW).write is None  # not in picture mode


def test_a_prompt_the_policy_blocks_for_the_image_backend_stays() -> None:
    preset = AdminPreset(privacy_policy={Trust.EXTERNAL: PrivacyAction.BLOCK})
    step = ask(drawing(), "Draw mail to jane.doe@example.com", NOW, preset)
    assert step.write is None and step.notice == Notice("privacy.blocked", {"host": "images.example.com"})


def test_the_answer_keeps_the_pictures_and_what_the_server_said() -> None:
    step = ask(drawing(), "a fox", NOW)
    answer = step.state.messages[step.stream.answer_id if step.stream else ""]
    done = drawn(answer, [FOX], "A fox in the snow", ["cdn.example.com", "cdn.example.com"])
    assert done.images == (FOX,) and done.status is MessageStatus.COMPLETE
    assert done.generation == Generation(
        "img", "flux", revised_prompt="A fox in the snow", not_loaded=("cdn.example.com",)
    )
    assert caption("en", done.generation) == (
        "1 × Server's default · flux",
        "Drawn from: A fox in the snow",
        (
            "A picture on cdn.example.com was not loaded: this page may fetch pictures only from the image"
            " backend's own server."
        ),
    )
    view = message_view("de", done, True, False)
    assert view.caption[0] == "1 × Vorgabe des Servers · flux" and len(view.images) == 1
    assert Action.REGENERATE in view.actions and Action.CONTINUE not in view.actions


def test_regenerate_asks_again_for_the_same_as_a_new_sibling() -> None:
    step = ask(drawing_options(drawing(), "img", "sdxl", "256x256", 3).state, "a fox", NOW)
    answer = step.state.messages[step.stream.answer_id if step.stream else ""]
    done = drawn(answer, [FOX], "revised", ["x.example"])
    state = turns.stream_ended(step.state, done, NOW + 1).state
    again = turns.answer_again(state, Action.REGENERATE, done.id, NOW + 2)
    assert again.stream is not None and again.write is not None
    (fresh,) = again.write.messages
    assert fresh.id != done.id and fresh.parent_id == done.parent_id and fresh.images == ()
    assert fresh.generation == Generation("img", "sdxl", "256x256", 3) and fresh.model == "sdxl"


def test_an_edited_prompt_sent_anew_asks_the_image_model_again() -> None:
    """Edit and resend on a picture's question makes a new branch whose answer is pictures, as asked before;
    an edited chat question in the same conversation still goes to the chat model."""
    step = ask(drawing_options(drawing(), "img", "sdxl", "256x256", 2).state, "a fox", NOW)
    answer = step.state.messages[step.stream.answer_id if step.stream else ""]
    state = turns.stream_ended(step.state, drawn(answer, [FOX], "revised", []), NOW + 1).state
    resent = branching.edit_and_resend(state, answer.parent_id or "", "a red fox", NOW + 2)
    assert resent.write is not None and resent.stream is not None
    question, fresh = resent.write.messages
    assert question.content == "a red fox" and question.id != answer.parent_id
    assert fresh.generation == Generation("img", "sdxl", "256x256", 2) and fresh.model == "sdxl"

    ended = turns.stream_ended(resent.state, drawn(fresh, [FOX], "", []), NOW + 3).state
    chatted = turns.send(drawing_mode(ended, False).state, "what is a fox?", NOW + 3)
    assert chatted.write is not None
    chat_question, chat_answer = chatted.write.messages
    done = replace(chat_answer, content="A canid.", status=MessageStatus.COMPLETE)
    idle = turns.stream_ended(chatted.state, done, NOW + 4).state
    again = branching.edit_and_resend(idle, chat_question.id, "what is a red fox?", NOW + 5)
    assert again.write is not None and again.write.messages[1].generation is None


def imported(settings: Settings) -> tuple[ChatState, str]:
    """A conversation whose answer of pictures no backend of `settings` drew (ChatGPT's image tool, imported), and
    the answer's id."""
    step = ask(drawing(), "a fox", NOW)
    answer = step.state.messages[step.stream.answer_id if step.stream else ""]
    done = drawn(replace(answer, model="DALL·E", generation=Generation("", "DALL·E", "1024x1024", 2)), [FOX], "", [])
    state = turns.stream_ended(step.state, done, NOW + 1).state
    return replace(state, settings=settings, drawing=None), done.id


def test_pictures_no_backend_of_ours_drew_are_asked_again_of_an_image_model_we_have() -> None:
    """Regenerate, or Edit and resend, an imported answer of pictures: the composer's image model draws them (or the
    first there is), as many and as large as before; without any image model nothing is asked, and the notice says
    where to name one."""
    state, answer_id = imported(SETTINGS)
    again = turns.answer_again(state, Action.REGENERATE, answer_id, NOW + 2)
    assert again.write is not None and again.stream is not None
    assert again.write.messages[0].generation == Generation("img", "flux", "1024x1024", 2)
    chosen = drawing_options(drawing_mode(state, True).state, "img", "sdxl", "", 1).state
    again = turns.answer_again(chosen, Action.REGENERATE, answer_id, NOW + 2)
    assert again.write is not None and again.write.messages[0].generation == Generation("img", "sdxl", "1024x1024", 2)
    question_id = state.messages[answer_id].parent_id or ""
    resent = branching.edit_and_resend(state, question_id, "a red fox", NOW + 3)
    assert resent.write is not None and resent.write.messages[1].generation == Generation("img", "flux", "1024x1024", 2)

    chat_only, answer_id = imported(Settings(backends=(CHAT,)))
    question_id = chat_only.messages[answer_id].parent_id or ""
    for step in (
        turns.answer_again(chat_only, Action.REGENERATE, answer_id, NOW + 2),
        branching.edit_and_resend(chat_only, question_id, "a red fox", NOW + 3),
    ):
        assert step.state is chat_only and step.write is None and step.stream is None
        assert step.notice == Notice("images.none")


def test_a_failed_answer_keeps_its_question_and_retries_in_place() -> None:
    step = ask(drawing(), "a fox", NOW)
    answer = step.state.messages[step.stream.answer_id if step.stream else ""]
    failed = replace(answer, status=MessageStatus.ERROR)
    state = turns.stream_ended(step.state, failed, NOW + 1).state
    retried = turns.answer_again(state, Action.RETRY, failed.id, NOW + 2)
    assert retried.stream is not None and retried.stream.answer_id == failed.id
    assert retried.state.messages[failed.id].generation == answer.generation


def test_pictures_are_named_after_the_prompt() -> None:
    assert picture_name("A red fox, in snow at dusk!", 1, "image/png") == "a-red-fox-in-snow-1.png"
    assert picture_name("Ein Fuchs über Äcker", 2, "image/jpeg") == "ein-fuchs-über-äcker-2.jpg"
    assert picture_name("!!!", 3, "image/webp") == "picture-3.webp"
