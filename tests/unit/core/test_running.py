"""Python code blocks that run (core/running): the runner the code worker calls, and the run kept with its answer:
its record, the step that stores it, the time limit and what the thread shows."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from plauder.core.records import CodeRun, Message, Role, RunOutcome, Settings
from plauder.core.running import DEFAULT_SECONDS, MAX_SECONDS, OUTPUT_CHARS, RESULT_CHARS, code_key
from plauder.core.running.runner import FLUSH_SECONDS, run
from plauder.core.running.runs import (
    MAX_RUNS,
    Phase,
    cut_short,
    finished,
    live_view,
    ran,
    run_view,
    time_limit,
    typed_seconds,
    with_run,
    with_time_limit,
)
from plauder.core.state import ChatState, Part
from plauder.core.views import message_view
from tests.unit.web.fakes import run as to_the_end

T0 = 1_767_225_600_000.0


def ran_code(code: str, report: Any = None) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(to_the_end(run(code, report)))
    return answer


def test_what_a_block_prints_and_the_value_of_its_last_line_come_back() -> None:
    answer = ran_code("import sys\nprint('hello')\nprint('careful', file=sys.stderr)\nsum(range(10))\n")
    assert {key: answer[key] for key in ("stdout", "stderr", "result", "error", "cut")} == {
        "stdout": "hello\n",
        "stderr": "careful\n",
        "result": "45",
        "error": "",
        "cut": 0,
    }
    assert answer["seconds"] >= 0


@pytest.mark.parametrize(
    ("code", "result"),
    [
        ("x = 1", ""),  # an assignment shows nothing
        ("print('a')", ""),  # a last line that is None shows nothing
        ("'text'", "'text'"),  # the repr, as in an interactive session
        ("[1, 2][1]", "2"),
        ("", ""),
    ],
)
def test_only_a_last_expression_that_is_not_none_shows_its_value(code: str, result: str) -> None:
    assert ran_code(code)["result"] == result


def test_a_traceback_starts_at_the_block_s_own_code_and_shows_its_lines() -> None:
    error = ran_code("def half(n):\n    return n / 0\n\nhalf(4)\n")["error"]
    assert error.startswith('Traceback (most recent call last):\n  File "<code>", line 4, in <module>\n')
    assert "    return n / 0" in error and error.endswith("ZeroDivisionError: division by zero\n")
    assert "runner.py" not in error


def test_a_syntax_error_an_exit_and_input_end_as_python_would_say() -> None:
    assert "SyntaxError: '(' was never closed" in ran_code("print(1\n")["error"]
    assert ran_code("import sys\nprint('done')\nsys.exit(0)")["error"] == ""
    assert ran_code("import sys\nsys.exit(3)")["error"].endswith("SystemExit: 3\n")
    assert ran_code("input('name? ')")["error"].endswith("EOFError: EOF when reading a line\n")


def test_each_run_is_a_fresh_main_and_the_streams_are_given_back() -> None:
    import sys

    before = sys.stdout, sys.stderr, sys.stdin
    ran_code("secret = 1\n__name__")
    assert ran_code("__name__")["result"] == "'__main__'"
    assert "NameError: name 'secret' is not defined" in ran_code("secret")["error"]
    assert (sys.stdout, sys.stderr, sys.stdin) == before


def test_a_block_may_await_at_its_top_level() -> None:
    answer = ran_code("import asyncio\nawait asyncio.sleep(0)\nprint('slept')\nawait asyncio.sleep(0, 'woke')")
    assert (answer["stdout"], answer["result"]) == ("slept\n", "'woke'")


def test_output_past_the_limit_is_counted_not_kept() -> None:
    answer = ran_code(f"print('x' * {OUTPUT_CHARS + 99}, end='')\nprint('more')\n'y' * {RESULT_CHARS + 5}")
    assert answer["stdout"] == "x" * OUTPUT_CHARS
    assert answer["result"] == "'" + "y" * (RESULT_CHARS - 1)
    assert answer["cut"] == 99 + len("more\n") + 2 + 5  # the result's quotes count too


def test_what_is_printed_is_reported_as_it_comes_a_stream_s_pieces_together() -> None:
    """The first print at once (the page shows it while the code runs), then at most every FLUSH_SECONDS; the rest
    when the run ends."""
    reported: list[tuple[str, str]] = []
    code = f"import sys, time\nprint('a')\nprint('b')\nprint('c', file=sys.stderr)\ntime.sleep({FLUSH_SECONDS})\nprint('d')"
    answer = ran_code(code, lambda stream, text: reported.append((stream, text)))
    assert reported[0] == ("stdout", "a")  # (print writes the line's end apart)
    assert "".join(text for stream, text in reported if stream == "stdout") == answer["stdout"] == "a\nb\nd\n"
    assert [text for stream, text in reported if stream == "stderr"] == ["c\n"]


def test_lone_surrogates_are_written_as_their_escape() -> None:
    answer = ran_code("print('\\ud800')\n'\\udfff'")
    assert (answer["stdout"], answer["result"]) == ("\\ud800\n", "'\\udfff'")  # (a repr escapes them already)
    json.dumps(answer).encode("utf-8")


def test_a_block_is_known_by_its_code_whatever_blank_lines_follow_it() -> None:
    assert code_key("print(1)\n") == code_key("print(1)\n\n  ") == code_key("print(1)")
    assert code_key("print(1)") != code_key("print(2)")
    assert len(code_key("x")) == 16


def test_the_time_limit_is_the_user_s_within_bounds_else_the_default() -> None:
    assert time_limit(Settings()) == DEFAULT_SECONDS
    assert time_limit(Settings(code_seconds=3)) == 3
    assert time_limit(Settings(code_seconds=MAX_SECONDS + 1)) == DEFAULT_SECONDS
    assert [typed_seconds(text) for text in ("", " 5 ", "0", "abc", "2.5", "٣", str(MAX_SECONDS + 1))] == [
        DEFAULT_SECONDS,
        5,
        None,
        None,
        None,
        None,
        None,
    ]
    assert with_time_limit(Settings(code_seconds=5), DEFAULT_SECONDS).code_seconds is None  # stored as before
    assert with_time_limit(Settings(), 30).code_seconds == 30


def test_the_settings_keep_a_time_limit_only_when_set() -> None:
    assert "code_seconds" not in Settings().to_record()
    assert Settings.from_record(Settings(code_seconds=30).to_record()).code_seconds == 30
    assert Settings.from_record({"code_seconds": True}).code_seconds is None


def test_the_worker_s_answer_becomes_a_run_and_a_broken_one_a_failure() -> None:
    answer = json.dumps({"stdout": "hi\n", "stderr": "", "result": "2", "error": "", "seconds": 0.25, "cut": 3})
    assert finished("k", answer, T0) == CodeRun("k", RunOutcome.DONE, "hi\n", "", "2", "", 0.25, 3, T0)
    for broken in (None, "not json", "[1]"):
        assert finished("k", broken, T0) == CodeRun("k", RunOutcome.FAILED, ran_at=T0)
    odd = finished("k", json.dumps({"stdout": 5, "seconds": -1, "cut": "x"}), T0)
    assert (odd.stdout, odd.seconds, odd.cut) == ("", 0.0, 0)


def answer_message(runs: tuple[CodeRun, ...] = ()) -> Message:
    return Message("a1", "c1", "u1", Role.ASSISTANT, "```python\nprint(1)\n```", T0, runs=runs)


def test_a_run_is_stored_with_its_answer_only_when_there_is_one() -> None:
    """The record of a message without runs stays as it was; one with runs reads back equal."""
    plain = answer_message()
    assert "runs" not in plain.to_record()
    stopped = cut_short("k2", RunOutcome.TIMEOUT, 10, T0, stdout="tick\n", cut=5)
    kept = answer_message((CodeRun("k1", RunOutcome.DONE, "1\n", seconds=0.1, ran_at=T0), stopped))
    record = kept.to_record()
    assert record["runs"] == [
        {"code": "k1", "outcome": "done", "stdout": "1\n", "seconds": 0.1, "ran_at": T0},
        {"code": "k2", "outcome": "timeout", "stdout": "tick\n", "seconds": 10, "cut": 5, "ran_at": T0},
    ]
    assert Message.from_record(record) == kept


def test_a_block_keeps_its_latest_run_and_a_message_at_most_max_runs() -> None:
    first = CodeRun("k1", stdout="old", ran_at=T0)
    message = with_run(with_run(answer_message(), first), CodeRun("k2", ran_at=T0 + 1))
    again = with_run(message, replace(first, stdout="new", ran_at=T0 + 2))
    assert [(run.code, run.stdout) for run in again.runs] == [("k2", ""), ("k1", "new")]
    many = answer_message()
    for number in range(MAX_RUNS + 3):
        many = with_run(many, CodeRun(f"k{number}"))
    assert len(many.runs) == MAX_RUNS and many.runs[-1].code == f"k{MAX_RUNS + 2}"


def test_ran_stores_the_answer_with_its_run_and_draws_the_thread() -> None:
    state = ChatState(Settings(), messages={"a1": answer_message()})
    outcome = CodeRun("k1", stdout="1\n")
    step = ran(state, "a1", outcome)
    assert step.state.messages["a1"].runs == (outcome,)
    assert step.write is not None and step.write.messages == (step.state.messages["a1"],)
    assert step.draw == frozenset({Part.THREAD})
    gone = ran(state, "elsewhere", outcome)  # another conversation is open now
    assert gone.state == state and gone.write is None


@pytest.mark.parametrize(
    ("language", "outcome", "seconds", "status"),
    [
        ("en", RunOutcome.DONE, 0.1234, "Ran in your browser, offline, in 123 ms"),
        ("en", RunOutcome.DONE, 0.0001, "Ran in your browser, offline, in 1 ms"),
        ("de", RunOutcome.DONE, 12.34, "Offline in Ihrem Browser ausgeführt in 12,3 s"),
        ("en", RunOutcome.TIMEOUT, 10, "Stopped after 10 s, the time limit (Settings, Python code)"),
        ("de", RunOutcome.TIMEOUT, 10, "Nach 10 s gestoppt, dem Zeitlimit (Einstellungen, Python-Code)"),
        ("en", RunOutcome.STOPPED, 1.5, "Stopped after 1.50 s"),
        ("en", RunOutcome.STOPPED, 250.4, "Stopped after 250 s"),
        ("en", RunOutcome.FAILED, 0, "Python could not run this code in your browser."),
    ],
)
def test_the_thread_says_how_and_where_a_block_ran(
    language: str, outcome: RunOutcome, seconds: float, status: str
) -> None:
    view = run_view(language, CodeRun("k", outcome, stdout="out", seconds=seconds, cut=1234))
    assert view.status == status
    assert view.stdout == "out" and not view.running
    assert view.problem is (outcome is not RunOutcome.DONE)
    assert view.cut == (
        "1,234 more characters of output are not shown."
        if language == "en"
        else "1.234 weitere Zeichen der Ausgabe werden nicht gezeigt."
    )


def test_an_exception_is_a_problem_and_the_answer_s_view_carries_its_runs() -> None:
    failed = CodeRun("k", RunOutcome.DONE, error="Traceback ...")
    assert run_view("en", failed).problem
    view = message_view("en", answer_message((failed,)), is_last=True, busy=False)
    assert [run.key for run in view.runs] == ["k"]


def test_a_run_under_way_says_where_it_is() -> None:
    assert live_view("en", "k", Phase.STARTING).status == "Starting Python in your browser…"
    running = live_view("de", "k", Phase.RUNNING, stdout="1\n", cut=2)
    assert (running.status, running.stdout, running.running) == ("Läuft offline in Ihrem Browser…", "1\n", True)
    assert live_view("en", "k", Phase.WAITING).status == "Waiting for the run before it…"
