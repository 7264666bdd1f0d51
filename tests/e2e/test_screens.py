"""Every screen: a phone (390x844, touch) and a desktop window (1280x800). The page is never wider than
the screen, the conversation list opens from the menu on a phone, Esc stops an answer wherever the focus
is, and axe-core finds no violations in the states visited. A calm thread: message actions are named icon
buttons that show on hover or focus (always on touch screens, 44 px targets), each message tells when it was
written, and nothing moves when a stream starts or ends, or when the start-up bar goes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Locator, Page, expect

from tests.e2e.chat_ui import (
    STREAMING,
    choose_model,
    last_answer,
    send,
    use_fault_server,
    wait_for_answer,
    wait_for_renderer,
)
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
ZONE = "Pacific/Chatham"  # UTC+12:45 or +13:45: a local time taken from UTC, or a whole-hour zone, is off


def page_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


# What a screen cuts off or lets scroll sideways though it is no wider than the viewport: shown elements that
# reach past its sides with nothing to scroll them into view, and boxes made to scroll up and down (a panel, a
# dialog) whose content is wider than they are. Code, tables, math and tab lists scroll sideways on purpose.
# Checked once the transitions have ended (a drawer slides in).
SIDEWAYS = """async () => {
  await Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => null)));
  const width = document.documentElement.clientWidth;
  const meant = "pre, table, .math-block, [role=tablist], .settings-nav";
  const scrolls = (element) => ["auto", "scroll"].includes(getComputedStyle(element).overflowX);
  const inScroller = (element) => {
    for (let up = element.parentElement; up; up = up.parentElement) if (scrolls(up)) return true;
    return false;
  };
  const name = (element) => `${element.tagName.toLowerCase()}#${element.id}.${element.className}`;
  const shown = [...document.querySelectorAll("body *")].filter((element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && element.checkVisibility({ visibilityProperty: true });
  });
  const cut = shown.filter((element) => {
    const box = element.getBoundingClientRect();
    return (box.right > width + 1 || box.left < -1) && !inScroller(element);
  });
  const wide = shown.filter(
    (element) => scrolls(element) && !element.matches(meant) && element.scrollWidth > element.clientWidth + 1
  );
  return [...cut, ...wide].slice(0, 5).map(name);
}"""


def sideways(page: Page) -> list[str]:
    """Up to five elements cut off at the viewport's sides, or boxes that scroll sideways unmeant (SIDEWAYS)."""
    return list(page.evaluate(SIDEWAYS))


def axe_violations(page: Page) -> list[str]:
    """axe-core's violations (rule ids with the first offending element), in the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations.map(v => `${v.id}: ${v.nodes[0].target}`)")
    return list(found)


def chatting(open_session: Callable[..., Session], app_url: str, fault_server: FaultServer, **options: object) -> Page:
    """A booted page (axe-core needs the page's CSP bypassed to be injected) with one exchange in it."""
    session = open_session(bypass_csp=True, **options)
    session.boot(app_url)
    chat_once(session.page, fault_server)
    return session.page


def chat_once(page: Page, fault_server: FaultServer) -> None:
    """Add the fault server as a backend (on a phone, settings are in the drawer) and have one exchange."""
    if page.locator("#open-sidebar").is_visible():
        page.locator("#open-sidebar").click()
    use_fault_server(page, fault_server, "ok")
    send(page, "Hello from a small screen")
    wait_for_answer(page)


def test_a_phone_gets_a_drawer_and_nothing_wider_than_the_screen(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    page = chatting(open_session, app_url, fault_server, **PHONE)
    assert page_width(page) <= 390
    expect(page.locator("#conversations")).not_to_be_visible()
    assert axe_violations(page) == []

    page.locator("#open-sidebar").click()
    expect(page.locator("#open-sidebar")).to_have_attribute("aria-expanded", "true")
    conversation = page.locator("#conversations button.conversation").first
    expect(conversation).to_be_visible()
    assert page_width(page) <= 390
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(conversation).not_to_be_visible()
    expect(page.locator("#open-sidebar")).to_be_focused()

    page.locator("#open-sidebar").click()
    page.locator("#new-chat").click()  # a choice closes the drawer
    expect(page.locator("#conversations")).not_to_be_visible()
    page.locator("#open-sidebar").click()
    page.locator("#conversations button.conversation").first.click()
    expect(page.locator("#conversations")).not_to_be_visible()
    expect(last_answer(page)).to_be_visible()

    page.locator("#open-sidebar").click()
    page.locator("#open-settings").click()
    expect(page.locator("#settings")).to_be_visible()
    assert page_width(page) <= 390
    close = page.locator("#close-settings")
    close.scroll_into_view_if_needed()
    close.click()
    expect(page.locator("#settings")).to_be_hidden()
    assert page_width(page) <= 390


def test_a_desktop_shows_the_sidebar_and_can_put_it_away(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    """No drawer on a desktop: the list is beside the chat, and its ☰ button puts it away and back (kept)."""
    page = chatting(open_session, app_url, fault_server, **DESKTOP)
    expect(page.locator("#open-sidebar")).to_be_hidden()
    expect(page.locator("#conversations button.conversation")).to_have_count(1)
    assert page_width(page) <= 1280
    assert axe_violations(page) == []
    toggle = page.locator("#toggle-sidebar")
    toggle.click()
    expect(page.locator("#sidebar")).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert page.locator("main.chat").bounding_box()["width"] == 1280  # type: ignore[index]
    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached")
    expect(page.locator("#sidebar")).to_be_hidden()  # kept
    page.locator("#toggle-sidebar").click()
    expect(page.locator("#conversations button.conversation")).to_have_count(1)
    assert axe_violations(page) == []


def test_escape_stops_an_answer_wherever_the_focus_is(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    """After Regenerate the focus is on the page, not in the message box: Esc still stops the answer."""
    session.boot(app_url)
    page = session.page
    use_fault_server(page, fault_server, "ok")
    send(page, "First")
    wait_for_answer(page)
    choose_model(page, "slow")
    last_answer(page).locator('button[data-action="regenerate"]').click()
    expect(page.locator("#stop")).to_be_visible()
    expect(page.locator("#prompt")).to_be_focused()  # the button went with its answer; the box has the keyboard
    page.locator("#chat-title").click()  # the focus leaves every control
    page.keyboard.press("Escape")
    answer = wait_for_answer(page)
    expect(answer.locator(".meta")).to_contain_text("stopped")


def test_message_actions_show_on_hover_or_keyboard_focus_on_a_desktop(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    """Quiet until wanted: icon buttons, named and with a tooltip, and the time written appear on hover or
    focus, and take their room all along; Copy says "Copied" on the button and to a screen reader."""
    page = chatting(open_session, app_url, fault_server, **DESKTOP)
    answer = last_answer(page)
    actions, written = answer.locator("footer.actions"), answer.locator("header time.written")
    page.mouse.move(5, 790)  # over the sidebar, away from the thread
    for part in (actions, written):
        expect(part).to_have_css("opacity", "0")
    box = actions.bounding_box()
    assert box is not None and box["height"] >= 28  # hidden, yet its room is kept

    answer.hover()
    for part in (actions, written):
        expect(part).to_have_css("opacity", "1")
    buttons = actions.locator("button")
    assert buttons.count() == 6  # copy, raw text, regenerate, edit, fork, delete
    for button in buttons.all():
        label = button.get_attribute("aria-label")
        assert label and button.get_attribute("title") == label and button.inner_text().strip() == ""
    assert axe_violations(page) == []

    page.mouse.move(5, 790)
    expect(actions).to_have_css("opacity", "0")
    answer.locator('button[data-action="edit"]').focus()  # the keyboard in the message shows them too
    expect(actions).to_have_css("opacity", "1")

    copy = answer.locator("button.copy-message")
    copy.click()
    expect(copy).to_have_attribute("aria-label", "Copied")
    expect(page.locator("#chat-status")).to_have_text("Copied")
    expect(copy).to_have_attribute("aria-label", "Copy as Markdown")
    expect(page.locator("#chat-status")).to_have_text("")


def test_each_message_tells_when_it_was_written(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    """A <time> in UTC for machines, the user's local time alone for today's message, and the full date as its
    tooltip (in a zone far from the machine's UTC)."""
    page = chatting(open_session, app_url, fault_server, timezone_id=ZONE, **DESKTOP)
    written = last_answer(page).locator("header time.written")
    moment = datetime.fromisoformat(str(written.get_attribute("datetime")))
    assert abs(datetime.now(UTC) - moment) < timedelta(minutes=5)
    local = moment.astimezone(ZoneInfo(ZONE))
    assert f"{local.hour % 12 or 12}:{local.minute:02d}" in written.inner_text()
    assert str(local.year) not in written.inner_text()
    assert str(local.year) in str(written.get_attribute("title"))


def test_touch_screens_always_show_the_actions_with_44_px_targets(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    """No hover on a phone: the actions and times always show, and every button of the thread is a 44 px target
    (the branch arrows too, after a regenerate made a second answer)."""
    page = chatting(open_session, app_url, fault_server, **PHONE)
    last_answer(page).locator('button[data-action="regenerate"]').click()
    wait_for_answer(page)
    expect(last_answer(page).locator(".branch button")).to_have_count(2)
    for part in (last_answer(page).locator("footer.actions"), last_answer(page).locator("time.written")):
        expect(part).to_have_css("opacity", "1")
    buttons = page.locator("#messages article button")
    # Both messages drawn with all their buttons (the thread is drawn again once the renderer has loaded).
    page.wait_for_function("document.querySelectorAll('#messages article button').length >= 10")
    for button in buttons.all():
        box = button.bounding_box()
        assert box is not None and box["width"] >= 44 and box["height"] >= 44, button.get_attribute("aria-label")
    assert page_width(page) <= 390
    assert axe_violations(page) == []


def layout(page: Page, articles: Locator, count: int) -> list[tuple[float, float]]:
    """Where the first `count` messages sit in the thread (top and height, whatever the scroll)."""
    return [articles.nth(i).evaluate("e => [e.offsetTop, e.offsetHeight]") for i in range(count)]


def test_nothing_moves_when_a_stream_starts_or_ends(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    """The earlier messages keep their place and size while an answer streams and when it ends (their actions
    go and come back, their room stays), and so does the message box."""
    page = chatting(open_session, app_url, fault_server, **DESKTOP)
    wait_for_renderer(page)
    expect(last_answer(page).locator(".content p")).to_have_count(1)  # rendered, no longer plain text
    articles = page.locator("#messages article")
    composer = page.locator(".composer")
    before, box_before = layout(page, articles, 2), composer.bounding_box()
    choose_model(page, "scripted")
    fault_server.queue_answer("A list:\n\n- one\n- two\n\n" + "More words here. " * 12, interval=0.1)
    send(page, "Once more")
    expect(last_answer(page)).to_have_class(STREAMING)
    expect(last_answer(page).locator(".content")).to_contain_text("one")
    assert layout(page, articles, 2) == before
    while_streaming = layout(page, articles, 3)
    wait_for_answer(page)
    assert layout(page, articles, 3) == while_streaming
    assert composer.bounding_box() == box_before


def test_the_message_box_stays_put_when_the_start_up_bar_goes(
    open_session: Callable[..., Session], app_url: str
) -> None:
    """The start-up bar sits above the composer: when it goes, the thread grows and the message box stays."""
    session = open_session(**DESKTOP)
    session.page.add_init_script(
        """document.addEventListener("DOMContentLoaded", () => {
            window.__promptAtFirstPaint = [document.documentElement.dataset.boot,
                                           document.getElementById("prompt").getBoundingClientRect().top];
        });"""
    )
    session.boot(app_url)
    expect(session.page.locator("#boot")).to_be_hidden()
    boot_state, top = session.page.evaluate("window.__promptAtFirstPaint")
    assert boot_state == "loading"
    assert session.page.locator("#prompt").bounding_box()["y"] == top  # type: ignore[index]
