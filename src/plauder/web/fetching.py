"""What every request to a backend shares: fetch with no credentials of the page, a watchdog that aborts
when nothing arrives in time, and an error answer read into an ErrorInfo (web/transport.py streams answers,
web/drawing.py asks for pictures)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

import js
from pyodide.ffi import JsException

from plauder.core.http_errors import ErrorKind, from_fetch_failure, from_response, problem, timed_out
from plauder.core.providers import HttpRequest
from plauder.core.records import Backend, ErrorInfo
from plauder.web.dom import js_object, now_ms
from plauder.web.ports import Failed, Stopped


class Watchdog:
    """Aborts the request when nothing arrives for the backend's timeout: one timer for the whole
    request, pushed forward by each chunk, instead of a timer per read. `said` is what the timeout means to
    the user (a picture's has its own words)."""

    def __init__(self, controller: Any, seconds: float, said: Callable[[float], ErrorInfo] = timed_out) -> None:
        self.seconds = seconds
        self._said = said
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
            return Failed(self._said(self.seconds))
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


# How an error answer is read: the status, headers and body, the key to hide, and the clock for Retry-After.
Classify = Callable[[int, Mapping[str, str], str, str, float], ErrorInfo]


def _any_error(status: int, headers: Mapping[str, str], body: str, api_key: str, now: float) -> ErrorInfo:
    return from_response(status, headers, body, api_key=api_key, now=now)


async def open_response(
    backend: Backend, http: HttpRequest, controller: Any, watchdog: Watchdog, classify: Classify = _any_error
) -> Any:
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
    raise Failed(classify(int(response.status), headers, str(body), backend.api_key, now_ms() / 1000))


async def read(body: Any, watchdog: Watchdog) -> Any:
    """A body being read (the promise of text() or arrayBuffer()); a connection that breaks meanwhile is
    NETWORK, or the watchdog's timeout."""
    try:
        return await body
    except JsException as error:
        raise watchdog.failure(problem(ErrorKind.NETWORK)) from error
