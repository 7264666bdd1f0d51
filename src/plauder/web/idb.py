"""IndexedDB from Python: one awaitable per request or transaction.

A transaction takes requests only while it is active: in the task that opened it, and in its requests'
callbacks (an await in between lets IndexedDB auto-commit it). A write places its requests REQUESTS_PER_TURN at
a time, each turn from the success of the last request of the turn before, so that an import's tens of thousands
of records never hold the page in one task. A write counts as done only when its transaction completes, so a
failed write (a full disk: QuotaExceededError) raises here instead of being lost in the console.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import js
from pyodide.ffi import JsException, create_once_callable, create_proxy, to_js

from plauder.core.schema import VERSION, CreateStore, Step, steps_between
from plauder.web.dom import js_object
from plauder.web.ports import StorageError

DATABASE = "plauder"
REQUESTS_PER_TURN = 200  # about 20 ms of puts of messages on a busy 2-core machine


def _error_of(target: Any) -> StorageError:
    error = target.error
    return StorageError(str(error.name) if error else "UnknownError", str(error.message) if error else "")


def _settle(request: Any, success: str = "onsuccess", failure: str = "onerror") -> asyncio.Future[Any]:
    future: asyncio.Future[Any] = asyncio.get_event_loop().create_future()

    def done(_event: Any) -> None:
        if not future.done():
            future.set_result(request.result if success == "onsuccess" else None)

    def failed(event: Any) -> None:
        event.preventDefault()
        if not future.done():
            future.set_exception(_error_of(request))

    setattr(request, success, create_once_callable(done))
    setattr(request, failure, create_once_callable(failed))
    return future


def to_record(value: dict[str, Any]) -> Any:
    return js_object(value)


def from_record(value: Any) -> dict[str, Any] | None:
    if value is None or value == js.undefined:
        return None
    return dict(value.to_py())


class MigrationFailed(StorageError):
    """The upgrade to the current schema failed; the browser rolled it back, so the old data are untouched."""

    def __init__(self, old_version: int, detail: str) -> None:
        super().__init__("MigrationFailed", detail)
        self.old_version = old_version
        self.detail = detail


def _apply(db: Any, transaction: Any, step: Step) -> None:
    if isinstance(step, CreateStore):
        store = db.createObjectStore(step.name, to_record({"keyPath": step.key_path}))
        for index in step.indexes:
            store.createIndex(index.name, index.key_path)
    else:
        transaction.objectStore(step.store).createIndex(step.index.name, step.index.key_path)


class Database:
    def __init__(self, handle: Any) -> None:
        self._handle = handle
        self.writes = 0  # completed write transactions: a revision number of what this tab stored

    @classmethod
    async def open(
        cls,
        name: str = DATABASE,
        on_blocked: Callable[[], None] = lambda: None,
        on_replaced: Callable[[], None] = lambda: None,
    ) -> Database:
        """Open and migrate; `on_blocked`: an older tab holds the database open; `on_replaced`: a newer one took over."""
        request = js.indexedDB.open(name, VERSION)
        failures: list[tuple[int, str]] = []

        def upgrade(event: Any) -> None:
            old_version = int(event.oldVersion)
            try:
                for step in steps_between(old_version):
                    _apply(request.result, request.transaction, step)
            except JsException as error:  # the browser refused a step: roll the whole upgrade back
                failures.append((old_version, f"{getattr(error, 'name', 'Error')}: {error}"))
                request.transaction.abort()

        request.onupgradeneeded = create_once_callable(upgrade)
        request.onblocked = create_once_callable(lambda _event: on_blocked())
        try:
            handle = await _settle(request)
        except StorageError:
            if failures:
                raise MigrationFailed(*failures[0]) from None
            raise

        def replaced(_event: Any) -> None:
            handle.close()  # let the newer tab upgrade; this page's writes now fail and say so
            on_replaced()

        handle.onversionchange = create_proxy(replaced)
        return cls(handle)

    async def get(self, store: str, key: str) -> dict[str, Any] | None:
        request = self._handle.transaction(store, "readonly").objectStore(store).get(key)
        return from_record(await _settle(request))

    async def get_raw(self, store: str, key: str) -> Any:
        """A record as the browser holds it (a Blob in it stays a Blob), or None."""
        record = await _settle(self._handle.transaction(store, "readonly").objectStore(store).get(key))
        return None if record is None or record == js.undefined else record

    async def get_all_raw(self, store: str) -> list[Any]:
        """Every record of `store` as the browser holds them (Blobs stay Blobs; nothing is copied into Python)."""
        return list(await _settle(self._handle.transaction(store, "readonly").objectStore(store).getAll()))

    async def get_keys(self, store: str, index: str, key: str) -> list[str]:
        """The keys of the records whose `index` is `key` (their values are not read)."""
        request = self._handle.transaction(store, "readonly").objectStore(store).index(index).getAllKeys(key)
        return [str(found) for found in await _settle(request)]

    async def get_all(self, store: str, index: str | None = None, key: str | None = None) -> list[dict[str, Any]]:
        source = self._handle.transaction(store, "readonly").objectStore(store)
        if index is not None:
            source = source.index(index)
        request = source.getAll() if key is None else source.getAll(key)
        # One JSON text across the boundary: far faster than converting thousands of objects one by one.
        records: list[dict[str, Any]] = json.loads(js.JSON.stringify(await _settle(request)))
        return records

    async def write(
        self, puts: Sequence[tuple[str, dict[str, Any]]] = (), deletes: Sequence[tuple[str, str]] = ()
    ) -> None:
        """Put and delete records across stores in one transaction (the puts first): all of it lands, or none."""
        stores = sorted({store for store, _ in (*puts, *deletes)})
        transaction = self._handle.transaction(to_js(stores), "readwrite")
        done = _settle(transaction, success="oncomplete", failure="onerror")
        requests: Iterator[tuple[str, dict[str, Any] | str]] = itertools.chain(puts, deletes)

        def aborted(_event: Any) -> None:
            if not done.done():
                done.set_exception(_error_of(transaction))

        def place(_event: Any = None) -> None:
            """The next turn's requests; the last of them places the turn after, once it succeeded."""
            last = None
            try:
                for store, value in itertools.islice(requests, REQUESTS_PER_TURN):
                    target = transaction.objectStore(store)
                    last = target.put(to_record(value)) if isinstance(value, dict) else target.delete(value)
            except JsException as error:  # a request refused at once (e.g. DataCloneError): nothing of it lands
                transaction.abort()
                if not done.done():
                    done.set_exception(StorageError(str(getattr(error, "name", "UnknownError")), str(error)))
                return
            if last is not None:
                last.onsuccess = create_once_callable(place)

        transaction.onabort = create_once_callable(aborted)
        place()
        await done
        self.writes += 1
