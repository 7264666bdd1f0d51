"""The one executor: sends the requests core describes with fetch, streams the body, and turns
every way it can fail into an ErrorInfo. Core decides what the bytes mean."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import js
from pyodide.ffi import JsException

from plauder.core.http_errors import ErrorKind, from_fetch_failure, from_response, problem, timed_out
from plauder.core.providers import ChatRequest, Event, HttpRequest, contexts_from, models_from, provider_for
from plauder.core.records import Backend, ErrorInfo
from plauder.core.requests import backend_config
from plauder.web.dom import js_object, now_ms
from plauder.web.ports import Failed, Stopped


class Watchdog:
    """Aborts the request when nothing arrives for the backend's timeout: one timer for the whole
    request, pushed forward by each chunk, instead of a timer per read."""

    def __init__(self, controller: Any, seconds: float) -> None:
        self.seconds = seconds
        self.fired = False
        self._controller = controller
        self._loop = asyncio.get_event_loop()
        self._deadline = self._loop.time() + seconds
        self._task = asyncio.ensure_future(self._run())

    def touch(self) -> None:
        self._deadline = self._loop.time() + self.seconds

    def stop(self) -> None:
        self._task.cancel()

    async def _run(self) -> None:
        while (left := self._deadline - self._loop.time()) > 0:
            await asyncio.sleep(left)
        self.fired = True
        self._controller.abort()

    def failure(self, otherwise: ErrorInfo) -> Exception:
        """What a rejected fetch or read means: our timeout, the user's Stop, or `otherwise`."""
        if self.fired:
            return Failed(timed_out(self.seconds))
        if self._controller.signal.aborted:
            return Stopped()
        return Failed(otherwise)


def _init(http: HttpRequest, signal: Any) -> Any:
    options: dict[str, Any] = {"method": http.method, "headers": dict(http.headers), "signal": signal}
    if http.body is not None:
        options["body"] = http.body
    # No cookies or HTTP auth of the page's origin go to a backend: the key in the headers is all it gets.
    options["credentials"] = "omit"
    return js_object(options)


async def _open(backend: Backend, http: HttpRequest, controller: Any, watchdog: Watchdog) -> Any:
    """The response once its status is OK; otherwise Failed with what the server said."""
    try:
        response = await js.fetch(http.url, _init(http, controller.signal))
        watchdog.touch()
        if response.ok:
            return response
        body = await response.text()
    except JsException as error:
        raise watchdog.failure(from_fetch_failure(backend.kind, http.url, str(js.location.origin))) from error
    headers = dict(js.Object.fromEntries(response.headers).to_py())
    now = now_ms() / 1000
    raise Failed(from_response(int(response.status), headers, str(body), api_key=backend.api_key, now=now))


async def stream(backend: Backend, chat: ChatRequest, controller: Any) -> AsyncIterator[list[Event]]:
    """The answer's events, a list per network chunk; ends after the parser's last word.

    Raises Stopped when `controller` is aborted by the user, Failed for everything else that goes wrong.
    """
    provider = provider_for(backend.kind)
    http = provider.build_chat_request(backend_config(backend), chat)
    parser = provider.stream_parser()
    watchdog = Watchdog(controller, backend.timeout_seconds)
    try:
        response = await _open(backend, http, controller, watchdog)
        reader = response.body.getReader()
        while not parser.ended:
            try:
                result = await reader.read()
            except JsException as error:
                raise watchdog.failure(problem(ErrorKind.NETWORK)) from error
            watchdog.touch()
            if result.done:
                break
            if events := parser.feed(result.value.to_bytes()):
                yield events
        if parser.ended:
            reader.cancel()  # after the end marker or an error nothing more is read
        if events := parser.finish():
            yield events
    finally:
        watchdog.stop()


async def list_models(backend: Backend) -> tuple[list[str], dict[str, int]]:
    """The backend's model names and the context sizes the list tells for them; Failed says why there are none."""
    http = provider_for(backend.kind).build_models_request(backend_config(backend))
    controller = js.AbortController.new()
    watchdog = Watchdog(controller, backend.timeout_seconds)
    try:
        response = await _open(backend, http, controller, watchdog)
        try:
            body = str(await response.text())
        except JsException as error:
            raise watchdog.failure(problem(ErrorKind.NETWORK)) from error
    finally:
        watchdog.stop()
    found = models_from(backend.kind, body, backend.api_key)
    if isinstance(found, ErrorInfo):
        raise Failed(found)
    return found, contexts_from(backend.kind, body)


class FetchCall:
    """One streaming request, stopped by its own AbortController."""

    def __init__(self, backend: Backend, chat: ChatRequest) -> None:
        self._backend = backend
        self._chat = chat
        self._controller = js.AbortController.new()

    def events(self) -> AsyncIterator[list[Event]]:
        return stream(self._backend, self._chat, self._controller)

    def stop(self) -> None:
        self._controller.abort()


class FetchTransport:
    """The browser's network, as the shell's Transport port."""

    def stream(self, backend: Backend, chat: ChatRequest) -> FetchCall:
        return FetchCall(backend, chat)
