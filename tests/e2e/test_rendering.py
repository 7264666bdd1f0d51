"""What a reader sees of a rich answer: Markdown, highlighted code with copy buttons, math, safe links and
images, in light and dark; the user's own text exactly as typed."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import expect

from tests.e2e.chat_ui import (
    close_settings,
    last_answer,
    send,
    use_fault_server,
    wait_for_answer,
    wait_for_renderer,
)
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer

ANSWER = """## Plan

Some **bold**, *emphasis*, ~~gone~~ and `inline code`. See [the docs](https://example.org/docs) or
[this](javascript:alert(1)) and <b onclick="alert(1)">raw html</b>.

- [x] done
- [ ] open

| Name | Value |
|:-----|------:|
| pi   | 3.14  |

```python
def greet(name):
    return f"Hello, {name}"
```

The area is $\\pi r^2$, and

$$\\int_0^1 x^2 \\, dx = \\frac{1}{3}$$

Broken math: $\\frac{1}{$ stays as source.

![a chart](https://images.example.net/chart.png)
"""


def test_a_rich_answer_renders_safely_and_copies(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    session = open_session(permissions=["clipboard-read", "clipboard-write"])
    page = session.page
    session.boot(app_url)
    wait_for_renderer(page)
    use_fault_server(page, fault_server, "scripted")
    fault_server.queue_answer(ANSWER)
    typed = "Keep   my  spacing\n  and <b>tags</b>"
    page.locator("#prompt").fill(typed)
    page.locator("#prompt").press("Enter")
    answer = wait_for_answer(page)
    content = answer.locator(".content")

    user = page.locator('#messages article[data-role="user"] .content')
    assert user.evaluate("node => node.textContent") == typed  # as written: not Markdown, not HTML
    expect(user.locator("b")).to_have_count(0)

    expect(content.locator("h2")).to_have_text("Plan")
    expect(content.locator("strong")).to_have_text("bold")
    expect(content.locator("s, del")).to_have_text("gone")
    expect(content.locator("table td.align-right")).to_have_text("3.14")
    expect(content.locator('input[type="checkbox"]')).to_have_count(2)
    docs = content.locator("a", has_text="the docs")
    expect(docs).to_have_attribute("href", "https://example.org/docs")
    expect(docs).to_have_attribute("rel", "noopener noreferrer")
    expect(docs).to_have_attribute("target", "_blank")
    expect(content.locator('a[href^="javascript"]')).to_have_count(0)
    expect(content).to_contain_text("[this](javascript:alert(1))")
    expect(content).to_contain_text('<b onclick="alert(1)">raw html</b>')  # shown as text
    expect(content.locator("b")).to_have_count(0)

    block = content.locator(".code-block")
    expect(block.locator(".code-lang")).to_have_text("python")
    expect(block.locator("pre code span").first).to_be_attached()  # highlighted tokens
    expect(content.locator("math")).to_have_count(2)
    expect(content.locator('math[display="block"]')).to_have_count(1)
    expect(content.locator(".math-error")).to_contain_text("\\frac{1}{")

    image = content.locator("a.remote-image")
    expect(image).to_contain_text("images.example.net")
    expect(content.locator("img")).to_have_count(0)
    assert not [url for url in session.record.requests if "example" in url]  # nothing was fetched

    block.locator(".copy-code").click()
    expect(block.locator(".copy-code")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == 'def greet(name):\n    return f"Hello, {name}"\n'
    answer.locator(".copy-message").click()
    assert page.evaluate("navigator.clipboard.readText()") == ANSWER

    page.reload()  # the history path shows the same
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    wait_for_renderer(page)
    page.locator("#conversations button.conversation").first.click()
    expect(last_answer(page).locator(".content .code-block .code-lang")).to_have_text("python")
    assert session.csp_violations() == []


def test_themes_follow_the_system_unless_chosen(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    session = open_session(color_scheme="dark")
    page = session.page
    session.boot(app_url)
    wait_for_renderer(page)
    use_fault_server(page, fault_server, "scripted")
    fault_server.queue_answer("```python\nprint('hi')\n```\n")
    send(page, "Code please")
    block = wait_for_answer(page).locator(".code-block")
    background = "node => getComputedStyle(node).backgroundColor"
    keyword = "node => getComputedStyle(node.querySelector('pre code .nb, pre code .k, pre code span')).color"
    dark = (block.evaluate(background), block.evaluate(keyword))

    page.locator("#open-settings").click()
    page.locator("#theme-select").select_option("light")
    close_settings(page)
    light = (block.evaluate(background), block.evaluate(keyword))
    assert light != dark
    assert _brightness(light[0]) > _brightness(dark[0])

    page.reload()  # the choice is kept
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    wait_for_renderer(page)
    expect(page.locator("html")).to_have_attribute("data-theme", "light")


def _brightness(css_color: str) -> float:
    red, green, blue = (float(part) for part in re.findall(r"[\d.]+", css_color)[:3])
    return 0.299 * red + 0.587 * green + 0.114 * blue


def test_the_view_follows_the_stream_until_the_reader_scrolls_up(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    page = session.page
    session.boot(app_url)
    wait_for_renderer(page)
    use_fault_server(page, fault_server, "scripted")
    lines = "".join(f"Line {number} of a long answer.\n\n" for number in range(400))
    fault_server.queue_answer(lines, token_chars=12, interval=0.01)
    send(page, "A long answer, please")
    box = page.locator("#messages")
    at_bottom = "node => node.scrollHeight - node.scrollTop - node.clientHeight < 60"
    page.wait_for_function(
        "() => { const m = document.getElementById('messages'); return m.scrollHeight > 2 * m.clientHeight; }"
    )
    assert box.evaluate(at_bottom)  # following
    box.hover()
    page.mouse.wheel(0, -5000)  # the reader scrolls up to read
    page.wait_for_timeout(300)
    held = box.evaluate("node => node.scrollTop")
    grown = box.evaluate("node => node.scrollHeight")
    page.wait_for_function(f"() => document.getElementById('messages').scrollHeight > {grown} + 500")
    assert abs(box.evaluate("node => node.scrollTop") - held) < 5  # not pulled back down
    assert not box.evaluate(at_bottom)
    wait_for_answer(page)
    assert abs(box.evaluate("node => node.scrollTop") - held) < 5  # nor when the answer ends
    page.locator("#jump-latest").click()  # the way back down
    assert box.evaluate(at_bottom)
    expect(page.locator("#jump-latest")).to_be_hidden()
