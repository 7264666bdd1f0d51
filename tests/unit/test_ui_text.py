"""Every word the UI shows comes from the catalogs: no hard-coded text, no key without a text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from plauder.core.admin import AdminPreset
from plauder.core.i18n import MESSAGES
from plauder.core.servers import KNOWN_SERVERS
from plauder_build.site import Project, plan_site

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*ROOT.joinpath("src").rglob("*.py"), *ROOT.joinpath("src").rglob("*.html"), ROOT / "public" / "boot.js"]
PREFIXES = sorted({key.split(".", 1)[0] for key in MESSAGES["en"]})
KEY_LITERAL = re.compile(rf"""["']((?:{"|".join(PREFIXES)})\.[a-z0-9_]+)["']""")
# Text that is the same in every language: the product's name, the languages' own names, the servers' names.
UNTRANSLATED = {AdminPreset().title, "English", "Deutsch", *(server.name for server in KNOWN_SERVERS)}
VERSIONS = re.compile(r"^[\w ,]+ \d+\.\d+[\w ,.]*$")  # e.g. "Pyodide 314.0.7, PyScript 0.7.31"
KEY_CAP = re.compile(r"[A-Z]")  # a letter key, as printed on every keyboard
FILE_NAMES = re.compile(r"\.(css|js|mjs|json|html)$")
TRANSLATABLE_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


class _Untranslated(HTMLParser):
    """Collects text and attributes of the page that no `data-i18n` marker covers."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        covered = {pair.split(":", 1)[0] for pair in (values.get("data-i18n-attrs") or "").split(";") if pair}
        for name in TRANSLATABLE_ATTRIBUTES:
            if values.get(name) and name not in covered:
                self.found.append(f"<{tag} {name}={values[name]!r}>")
        if tag not in {"br", "hr", "img", "input", "link", "meta", "source", "col", "wbr"}:
            inside = self.stack[-1][1] if self.stack else False
            self.stack.append((tag, inside or "data-i18n" in values or tag in {"script", "style", "template"}))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        text = data.strip()
        covered = self.stack[-1][1] if self.stack else False
        untranslated = text in UNTRANSLATED or VERSIONS.match(text) or KEY_CAP.fullmatch(text)
        if re.search(r"[A-Za-zÄÖÜäöüß]", text) and not (covered or untranslated):
            self.found.append(text)


@pytest.mark.parametrize("language", sorted(MESSAGES))
def test_the_page_shows_no_text_outside_the_catalogs(language: str) -> None:
    page = plan_site(Project(ROOT), AdminPreset(language=language))["index.html"].decode()
    scan = _Untranslated()
    scan.feed(page)
    assert scan.found == []


def test_every_message_key_in_the_code_has_a_text() -> None:
    used = {
        (path.relative_to(ROOT).as_posix(), key)
        for path in SOURCES
        for key in KEY_LITERAL.findall(path.read_text())
        if not FILE_NAMES.search(key)
    }
    assert len(used) > 50  # the scan finds the keys at all
    missing = sorted(f"{path}: {key}" for path, key in used if key not in MESSAGES["en"])
    assert missing == []
