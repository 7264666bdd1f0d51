"""How the tests and benchmarks start Debian's chromium (Playwright's own browser download fails here)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Playwright

CHROMIUM = "/usr/bin/chromium"
# As root, with everything that phones home switched off (DESIGN.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def launch(playwright: Playwright) -> Browser:
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run scripts/setup.sh --test"
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
