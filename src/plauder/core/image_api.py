"""OpenAI's images API as LocalAI, vLLM-style gateways and hosted FLUX or Stable Diffusion services speak it:
`POST <root>/images/generations` asks for pictures, the answer lists them as base64 or as URLs.

Pure: the request is described (the web layer's executor sends it), the answer and its errors are read
here. A URL is only fetched from the backend's own origin: the page's CSP allows no other, and a picture
from elsewhere would tell that host who looked at it.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import urljoin

from plauder.core.admin import origin
from plauder.core.http_errors import ErrorKind, from_response, problem
from plauder.core.providers import openai
from plauder.core.providers.building import bearer, post_json, present
from plauder.core.providers.openai import api_root
from plauder.core.providers.reading import items, mapping, text
from plauder.core.providers.types import BackendConfig, HttpRequest
from plauder.core.records import Backend, ErrorInfo, Generation
from plauder.core.streams.ndjson import Malformed, parse_json

# The sizes the composer offers (OpenAI's dall-e-2, dall-e-3 and gpt-image sizes; diffusion servers take
# most of them); None, the server's default, comes first. A size the model does not make is its 400.
SIZES = ("256x256", "512x512", "1024x1024", "1024x1536", "1536x1024", "1792x1024", "1024x1792")
MAX_COUNT = 4  # OpenAI allows 10 for dall-e-2; four already take minutes on a diffusion server
# Models that always answer in base64 and refuse `response_format` (OpenAI's reference: "not supported for
# the GPT image models"); every other model is asked for base64, which spares a second request per picture.
NO_RESPONSE_FORMAT = ("gpt-image",)
# Error codes of a refusal by the server's content policy: dall-e's, and gpt-image's moderation.
REFUSAL_CODES = frozenset({"content_policy_violation", "moderation_blocked"})
REFUSAL_TYPE = "image_generation_user_error"
# The media types a picture's first bytes name (the signatures of PNG, JPEG, WebP and GIF).
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
)


@dataclass(frozen=True)
class Drawn:
    """One picture of the answer: its bytes, or the URL to fetch them from (absolute, as resolved)."""

    data: bytes = b""
    url: str = ""
    revised_prompt: str = ""  # the prompt the server drew from, where it rewrote the user's


def can_draw(backend: Backend) -> bool:
    """Only a kind that speaks OpenAI's API has the images endpoint (Ollama and Anthropic make no pictures)."""
    return backend.kind == openai.PROVIDER.kind


def build_request(backend: BackendConfig, prompt: str, generation: Generation) -> HttpRequest:
    body = {
        "prompt": prompt,
        "model": generation.model,
        "n": generation.count,
        **present(size=generation.size, quality=generation.quality),
    }
    if not generation.model.startswith(NO_RESPONSE_FORMAT):
        body["response_format"] = "b64_json"
    return post_json(f"{api_root(backend.base_url)}/images/generations", bearer(backend.api_key), body)


def media_type(data: bytes) -> str | None:
    """The picture type its first bytes name, or None for anything else (an error page, a truncated file)."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for signature, kind in SIGNATURES if data.startswith(signature)), None)


def _decoded(value: str) -> bytes | None:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


def _drawn(entry: Mapping[str, object], base_url: str) -> Drawn | None:
    """An entry of `data`: b64_json, or a url (a data: URL carries the bytes itself), or None if neither reads."""
    revised = text(entry.get("revised_prompt")).strip()
    if encoded := text(entry.get("b64_json")):
        data = _decoded(encoded)
        return None if data is None else Drawn(data=data, revised_prompt=revised)
    url = text(entry.get("url")).strip()
    if url.startswith("data:") and ";base64," in url:
        data = _decoded(url.partition(";base64,")[2])
        return None if data is None else Drawn(data=data, revised_prompt=revised)
    if url:
        return Drawn(url=urljoin(f"{api_root(base_url)}/", url), revised_prompt=revised)
    return None


def parse_response(body: str, base_url: str) -> list[Drawn] | ErrorInfo:
    """The pictures of `{"created", "data": [{"b64_json" | "url", "revised_prompt"?}, ...]}` that read (an
    unreadable entry is left out); an answer without a readable one is MALFORMED, its words kept."""
    payload = parse_json(body)
    entries = [] if isinstance(payload, Malformed) else items(mapping(payload).get("data"))
    drawn = [found for entry in entries if (found := _drawn(mapping(entry), base_url)) is not None]
    if not drawn:
        return problem(ErrorKind.MALFORMED, body)
    return drawn


def from_backend(url: str, base_url: str) -> bool:
    """Whether a picture's URL is on the backend's own origin: the only one the page may fetch it from."""
    return origin(url) == origin(base_url)


def refused(
    status: int, headers: Mapping[str, str], body: str, *, size: str | None, api_key: str, now: float
) -> ErrorInfo:
    """An error answer, with the two an image backend gives most named: its content policy refused the prompt
    (400 with code content_policy_violation or moderation_blocked), or the model does not make the size asked
    for (400 whose `param` is the size, or whose message quotes the size asked). The server's words are kept."""
    info = from_response(status, headers, body, api_key=api_key, now=now)
    error = mapping(mapping(parse_json(body)).get("error"))
    if status != 400:
        return info
    if text(error.get("code")) in REFUSAL_CODES or text(error.get("type")) == REFUSAL_TYPE:
        return replace(info, kind="refused", message_key="error.image_refused", hint_keys=("hint.image_reword",))
    if text(error.get("param")) == "size" or (size is not None and size in info.server_message):
        params = {**info.params, "size": size or "-"}
        return replace(info, kind="size", message_key="error.image_size", params=params, hint_keys=("hint.image_size",))
    return info


def timed_out(seconds: float) -> ErrorInfo:
    """No answer within the backend's picture timeout (its own setting: pictures take minutes)."""
    return ErrorInfo(ErrorKind.TIMEOUT, "error.image_timeout", {"seconds": f"{seconds:g}"}, ("hint.image_timeout",))
