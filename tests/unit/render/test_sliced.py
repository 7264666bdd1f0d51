"""A long answer renders in bounded steps, and as a whole parse would have rendered it."""

from __future__ import annotations

import time

import pytest

from bench.render_sample import sample_answer
from bench.render_worst import WORST_CASES
from plauder.render.answer import SlicedRender, _parser
from plauder.render.limits import SLICE_CHARS, Budget
from plauder.render.markdown import BUDGET
from plauder.render.sanitize import sanitize
from tests.unit.render.labels import LABELS

# CPU seconds for one step under CPython: most take a few ms, the largest 20-40 ms (a generous backstop).
STEP_SECONDS_MAX = 0.25


def whole(text: str) -> str:
    return sanitize(_parser(LABELS).render(text, {BUDGET: Budget()}))


def steps(text: str) -> tuple[str, list[float]]:
    sliced, spent = SlicedRender(text, LABELS), []
    while sliced.html is None:
        started = time.process_time()
        sliced.step()
        spent.append(time.process_time() - started)
    return sliced.html, spent


def test_a_short_answer_is_one_step_of_a_whole_parse() -> None:
    text = "# Title\n\nSome *text* with [a link](https://example.org).\n"
    html, spent = steps(text)
    assert html == whole(text) and len(spent) == 1


@pytest.mark.parametrize("tokens", [1000, 4000, 12000])
def test_a_long_answer_renders_in_steps_as_a_whole_parse(tokens: int) -> None:
    """Prose, lists, tables, code and math of a typical answer: the same HTML, in several steps."""
    text = sample_answer(tokens)
    html, spent = steps(text)
    assert len(text) > SLICE_CHARS and len(spent) > 1
    assert html == whole(text)


@pytest.mark.parametrize(("name", "text"), WORST_CASES, ids=[name for name, _ in WORST_CASES])
def test_no_step_of_a_worst_case_is_long(name: str, text: str) -> None:
    _, spent = steps(text)
    assert max(spent) < STEP_SECONDS_MAX, f"{name}: {max(spent):.3f} s"


def test_a_step_after_the_last_changes_nothing() -> None:
    sliced = SlicedRender("x" * (3 * SLICE_CHARS), LABELS)
    while sliced.html is None:
        sliced.step()
    html = sliced.html
    sliced.step()
    assert sliced.html == html
