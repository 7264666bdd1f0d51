"""The local demo model in serve's build: a ready backend that needs no key, and only where serve put it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from plauder.core.admin import AdminPreset, apply_preset
from plauder.core.records import Settings
from plauder_build import demo_model
from plauder_build.admin import parse_admin_config, script_json
from plauder_build.demo_preset import BACKEND_ID, with_demo_backend
from plauder_build.errors import BuildError

ROOT = Path(__file__).resolve().parents[3]
URL = "http://127.0.0.1:40123"
MODEL = "SmolLM2-135M-Instruct"
LISTED = """
[network]
only_listed_backends = true
[[backends]]
id = "gw"
name = "Gateway"
url = "https://llm.acme.internal/v1"
models = ["big"]
"""


def build_script() -> ModuleType:
    """build.py, loaded from its path (the name `build` is also the output folder's)."""
    spec = importlib.util.spec_from_file_location("build_script", ROOT / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_without_an_admin_config_the_demo_model_is_the_ready_default() -> None:
    """A fresh browser's settings get the demo backend as default, its model chosen, no key asked."""
    preset = with_demo_backend(AdminPreset(), URL, MODEL)
    (demo,) = preset.backends
    assert (demo.id, demo.base_url, demo.models, demo.needs_key) == (BACKEND_ID, f"{URL}/v1", (MODEL,), False)
    assert (preset.default_backend_id, preset.default_model) == (BACKEND_ID, MODEL)
    settings = apply_preset(Settings(), preset)
    assert (settings.default_backend_id, settings.default_model) == (BACKEND_ID, MODEL)
    assert settings.backends[0].api_key == ""


def test_the_name_is_shown_in_the_page_s_language() -> None:
    """The page data carries the name key; the page names the backend in its own language."""
    preset = AdminPreset.from_record(json.loads(script_json(with_demo_backend(AdminPreset(), URL, MODEL).to_record())))
    assert preset.backends[0].name == "Local demo model"
    assert preset.named_in("de").backends[0].name == "Lokales Demo-Modell"
    assert preset.named_in("en") == preset


def test_an_admin_config_keeps_its_default_and_its_policy_reaches_the_demo() -> None:
    """The admin's backends come first and keep the default; only_listed_backends now lists the demo's origin."""
    admin = parse_admin_config(LISTED)
    preset = with_demo_backend(admin, URL, MODEL)
    assert [b.id for b in preset.backends] == ["admin-gw", BACKEND_ID]
    assert (preset.default_backend_id, preset.default_model) == ("admin-gw", "big")
    assert preset.allowed_origins() == ("https://llm.acme.internal", URL)
    assert preset.allows(f"{URL}/v1/chat/completions")


def test_an_admin_backend_may_not_take_the_demo_s_id() -> None:
    admin = parse_admin_config("[[backends]]\nid = 'demo-model'\nname = 'Mine'\nurl = 'http://x/v1'")
    with pytest.raises(BuildError, match="'demo-model' is the demo model's"):
        with_demo_backend(admin, URL, MODEL)


@pytest.mark.parametrize(
    ("argv", "demo", "out"),
    [
        ([], False, "build"),
        (["build", "--no-demo-model"], False, "build"),
        (["serve"], True, ".cache/serve"),
        (["serve", "--port", "8123", "--no-demo-model"], False, ".cache/serve"),
        (["serve", "--out", "/tmp/x"], True, "/tmp/x"),
    ],
)
def test_only_serve_starts_the_demo_model_and_never_builds_into_build(argv: list[str], demo: bool, out: str) -> None:
    """`--no-demo-model` turns it off; `build` never starts it, and serve's build goes to .cache/serve/."""
    script = build_script()
    args = script.arguments(argv)
    assert args.demo_model is demo
    assert args.out == script.ROOT / out


def test_the_deployable_build_s_presets_carry_no_demo_backend() -> None:
    """Without a started demo model (build, or serve --no-demo-model) the presets are the admin's alone."""
    assert build_script().presets(None, None) == AdminPreset()


def test_serve_goes_on_without_a_model_it_cannot_start(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Not installed: no child is started, serve gets None and the user one line saying why and what to run."""
    monkeypatch.setattr(demo_model, "MODEL_PACKAGE", "no_such_model_package")
    script = build_script()
    monkeypatch.setattr(script, "DEMO_LOG", tmp_path / "demo.log")
    assert script.start_demo_model() is None
    (line,) = capsys.readouterr().err.splitlines()
    assert line == "no local demo model: no_such_model_package is not installed: run scripts/setup.sh"
