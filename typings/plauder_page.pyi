# What the page's interpreter module (src/templates/interpreter.js) offers the app's Python.
from typing import Any

async def install_wheels(urls: Any, folder: str) -> None: ...
