"""The fault server's images API: `POST /v1/images/generations` as OpenAI's API reference documents it, for the
browser tests of image generation (no real diffusion server runs here).

The request: `prompt` (required), `model`, `n` (1 to 10), `size`, `quality`, `response_format` ("url", the
default, or "b64_json"). The answer: `{"created": <unix seconds>, "data": [{"b64_json" | "url", "revised_prompt"}]}`.
Errors are OpenAI's error object, `{"error": {"code", "message", "param", "type"}}` with status 400: a prompt
the content policy refuses (code content_policy_violation) and a size the model does not make (param "size").

The `model` picks how the server behaves:
- "pixel": dall-e-2's sizes (256x256, 512x512, 1024x1024), base64 when asked for it, else a URL;
- "pixel-url": a server that answers URLs on its own origin whatever is asked (LocalAI's default);
- "pixel-elsewhere": URLs on another origin (a CDN), which the page must not fetch;
- "pixel-slow": answers as "pixel" after SLOW_SECONDS, unless the client left before (its timeout).
A prompt with the word "forbidden" is refused. Each picture is a PNG of the size asked for, a new shade each
time, so a regenerated picture differs from the first.
"""

from __future__ import annotations

import base64
import itertools
import time
import uuid
from typing import Any

from tests.e2e.png import png

GENERATIONS = "/v1/images/generations"
FILES = "/v1/images/files/"  # where "pixel-url" serves its pictures
ELSEWHERE = "https://cdn.example.com/images/"
MODELS = ("pixel", "pixel-url", "pixel-elsewhere", "pixel-slow")
SLOW, SLOW_SECONDS = "pixel-slow", 20.0
SIZES = ("256x256", "512x512", "1024x1024")  # dall-e-2's
DEFAULT_SIZE = "1024x1024"
REFUSED_WORD = "forbidden"
REFUSAL = (
    "Your request was rejected as a result of our safety system. Your prompt may contain text that is not "
    "allowed by our safety system."
)
_shades = itertools.count(40, 37)


def openai_error(message: str, code: str | None = None, param: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "param": param, "type": "invalid_request_error"}}


def generate(request: dict[str, Any], own_url: str, files: dict[str, bytes]) -> tuple[int, dict[str, Any]]:
    """The status and JSON body of an answer to `request`; pictures given as URLs are kept in `files`."""
    prompt, model = request.get("prompt"), request.get("model", "pixel")
    size, count = request.get("size") or DEFAULT_SIZE, request.get("n", 1)
    if not isinstance(prompt, str) or not prompt:
        return 400, openai_error("Missing required parameter: 'prompt'.", param="prompt")
    if model not in MODELS:
        return 404, openai_error(f"The model '{model}' does not exist.", code="model_not_found", param="model")
    if size not in SIZES:
        supported = ", ".join(f"'{s}'" for s in SIZES[:-1]) + f", and '{SIZES[-1]}'"
        return 400, openai_error(f"Invalid value: '{size}'. Supported values are: {supported}.", param="size")
    if not isinstance(count, int) or not 1 <= count <= 10:
        return 400, openai_error(f"Invalid value: {count!r}. 'n' must be between 1 and 10.", param="n")
    if REFUSED_WORD in prompt.lower():
        return 400, openai_error(REFUSAL, code="content_policy_violation")
    width, height = (int(side) for side in size.split("x"))
    data = []
    for _ in range(count):
        picture = png(width, height, next(_shades))
        entry: dict[str, Any] = {"revised_prompt": f"{prompt}, as a gradient test pattern"}
        if model in {"pixel", SLOW} and request.get("response_format") == "b64_json":
            entry["b64_json"] = base64.b64encode(picture).decode("ascii")
        else:
            name = f"{uuid.uuid4().hex}.png"
            files[name] = picture
            entry["url"] = f"{own_url}{FILES}{name}" if model != "pixel-elsewhere" else f"{ELSEWHERE}{name}"
        data.append(entry)
    return 200, {"created": int(time.time()), "data": data}
