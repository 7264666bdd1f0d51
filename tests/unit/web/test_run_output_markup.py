"""What shows under a code block that ran (web/message_markup.run_output_html, pure): every text escaped, never
rendered; each part only when there is some; busy while it runs."""

from __future__ import annotations

from functools import partial

from plauder.core.i18n import translate
from plauder.core.records import CodeRun, RunOutcome
from plauder.core.running.runs import Phase, live_view, run_view
from plauder.web.message_markup import run_output_html

HOSTILE = '<img src=x onerror="alert(1)">&"'
t = partial(translate, "en")


def test_every_part_is_escaped_text_under_its_label() -> None:
    run = CodeRun("k", RunOutcome.DONE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, 0.5, cut=3)
    html = run_output_html(run_view("en", run), t)
    assert "<img" not in html and html.count("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&quot;") == 4
    assert html.startswith('<div class="code-output failed" role="group" aria-label="Output" data-key="k">')
    assert '<p class="code-status">Ran in your browser, offline, in 500 ms</p>' in html
    assert '<p class="code-label">stderr</p><pre class="stderr">' in html
    assert '<p class="code-label">Value</p><pre class="result">' in html
    assert '<pre class="traceback">' in html
    assert '<p class="code-cut">3 more characters of output are not shown.</p>' in html


def test_only_what_there_is_shows() -> None:
    html = run_output_html(run_view("en", CodeRun("k", RunOutcome.DONE, stdout="1\n", seconds=0.1)), t)
    assert '<pre class="stdout">1\n</pre>' in html
    assert not any(part in html for part in ("stderr", "result", "traceback", "code-cut", "failed", "aria-busy"))


def test_a_run_under_way_is_busy() -> None:
    html = run_output_html(live_view("en", "k", Phase.RUNNING, stdout="tick\n"), t)
    assert 'class="code-output running"' in html and 'aria-busy="true"' in html
    assert "Running in your browser, offline…" in html and '<pre class="stdout">tick\n</pre>' in html
