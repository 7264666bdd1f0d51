"""The exchange package loads a module when one of its names is first used: a start that never exports or imports
does not read most of it (issue 18, cold start), and every name it offers still resolves."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

from plauder.core import exchange

SRC = Path(__file__).resolve().parents[4] / "src"


def test_every_name_it_offers_comes_from_the_module_it_names() -> None:
    """Also once all its modules are imported: no name is a module's, whose import would set it to the module."""
    assert sorted(exchange.__all__) == sorted(exchange.HOMES)
    modules = {path.stem for path in (SRC / "plauder" / "core" / "exchange").glob("*.py")}
    assert not modules & set(exchange.HOMES)
    for name, home in exchange.HOMES.items():
        assert getattr(exchange, name) is getattr(importlib.import_module(f"{exchange.__name__}.{home}"), name)


def test_the_snapshot_type_alone_loads_no_parser() -> None:
    """What the store needs at the start (Snapshot) comes without the parsers, the merge or the export."""
    code = (
        "import sys\n"
        "from plauder.core.exchange import Snapshot\n"
        "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('plauder.core.exchange.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PYTHONPATH": str(SRC)}
    ).stdout
    assert not {"chatgpt", "chatgpt_archive", "detect", "merge", "plauder_format", "technologic"} & set(eval(loaded))
