"""The prompt library: a prompt saved in Settings and one the admin shipped in the build config, used through
`/` in the message box by keyboard alone, with the form for their variables, on a 320 px phone; axe-core finds
nothing with the menu or the form open."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from plauder_build.admin import parse_admin_config
from plauder_build.server import make_server
from plauder_build.site import Project, plan_site, write_site
from tests.e2e.conftest import PREFIX, ROOT, Session
from tests.e2e.test_screens import axe_violations, page_width

CONFIG = """
[[prompts]]
name = "summary"
text = "Summarize the following text in {{sentences:3}} sentences, in {{language}}:\\n\\n{{text}}"
"""
NARROW = {"viewport": {"width": 320, "height": 640}, "has_touch": True, "is_mobile": True}
MINE = "Write to {{person}} on {{date}} about {{topic:the budget}}. Regards to {{person}}, \\{{not asked}}."


@pytest.fixture(scope="module")
def prompts_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A build whose admin config ships one prompt, served as the other e2e builds are."""
    out = tmp_path_factory.mktemp("prompts") / "build"
    write_site(plan_site(Project(ROOT), parse_admin_config(CONFIG)), out)
    server = make_server(out, "127.0.0.1", 0, PREFIX)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.url
    server.shutdown()


def options(page: Page) -> list[str]:
    return [text.split()[0] for text in page.locator("#prompt-menu [role=option]").all_inner_texts()]


def save_prompt(page: Page) -> None:
    """Settings, Prompts: the admin's prompt is listed as theirs, and the user adds one."""
    page.locator("#open-sidebar").click()
    page.locator("#open-settings").click()
    page.locator('.settings-nav button[data-section="prompts-section"]').click()
    expect(page.locator("#prompt-list li")).to_have_count(1)
    expect(page.locator("#prompt-list li")).to_contain_text("/summary")
    expect(page.locator("#prompt-list li")).to_contain_text("set up by your admin")
    page.locator("#add-prompt").click()
    page.locator("#prompt-name").fill("two words")
    page.locator("#prompt-text").fill(MINE)
    page.locator("#save-prompt").click()
    expect(page.locator("#prompt-status")).to_contain_text("one word")
    page.locator("#prompt-name").fill("Brief")
    page.locator("#save-prompt").click()
    expect(page.locator("#prompt-editor")).not_to_be_visible()
    expect(page.locator("#prompt-list li .name")).to_have_text(["/Brief", "/summary set up by your admin"])
    assert axe_violations(page) == []
    page.locator("#close-settings").click()


def test_saved_and_admin_prompts_fill_the_box_by_keyboard(
    open_session: Callable[..., Session], prompts_url: str
) -> None:
    session = open_session(bypass_csp=True, **NARROW)  # axe-core needs the page's CSP bypassed to be injected
    session.boot(prompts_url)
    page = session.page
    save_prompt(page)

    box, menu = page.locator("#prompt"), page.locator("#prompt-menu")
    box.focus()
    page.keyboard.type("/")
    expect(menu).to_be_visible()
    assert options(page) == ["/Brief", "/summary"]
    expect(box).to_have_attribute("aria-activedescendant", "prompt-option-0")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#prompt-option-1")).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "prompt-option-1")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(box).to_have_value("/")
    page.keyboard.type("b")
    expect(menu).to_be_visible()
    assert options(page) == ["/Brief"]
    assert page_width(page) <= 320
    assert axe_violations(page) == []

    page.keyboard.press("Enter")  # picks the prompt, sends nothing
    form = page.locator("#prompt-fill")
    expect(form).to_be_visible()
    expect(page.locator("#prompt-fill-title")).to_have_text("/Brief")
    fields = form.locator("textarea")
    expect(fields).to_have_count(2)  # person once, topic with its default; date is filled, \{{ is text
    expect(fields.nth(0)).to_be_focused()
    expect(fields.nth(1)).to_have_value("the budget")
    assert page_width(page) <= 320
    assert axe_violations(page) == []
    page.keyboard.type("Ada")
    page.keyboard.press("Tab")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("the party")
    page.keyboard.press("Enter")

    expect(form).not_to_be_visible()
    today = page.evaluate(
        "new Intl.DateTimeFormat(document.documentElement.lang, {dateStyle: 'full'}).format(new Date())"
    )
    expect(box).to_have_value(f"Write to Ada on {today} about the party. Regards to Ada, {{{{not asked}}}}.")
    expect(box).to_be_focused()
    expect(page.locator("#messages article")).to_have_count(0)  # in the box to be read, not sent

    box.fill("")
    page.keyboard.type("/SUM")  # the admin's prompt, its name in any letter case
    assert options(page) == ["/summary"]
    page.keyboard.press("Tab")
    expect(form).to_be_visible()
    expect(fields.nth(0)).to_have_value("3")
    page.keyboard.press("Tab")
    page.keyboard.type("Plauder is a chat front end.")
    page.keyboard.press("Enter")
    expect(box).to_have_value(
        "Summarize the following text in 3 sentences, in English:\n\nPlauder is a chat front end."
    )

    box.fill("")
    page.keyboard.type("/s")
    page.locator("#prompt-option-0").tap()  # a tap picks too
    expect(form).to_be_visible()
    page.locator("#prompt-fill-cancel").tap()
    expect(box).to_have_value("/s")
    session.assert_clean()
