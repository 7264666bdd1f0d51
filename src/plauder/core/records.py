"""What Plauder stores: backends and settings, folders, conversations, messages.

Plain frozen dataclasses with `to_record`/`from_record` for IndexedDB. Conversation metadata
is stored apart from message bodies, one record per conversation and one per message, so
the sidebar never loads a message. Messages point to their parent, so a conversation is a
tree from the start; the visible thread is the path to `current_leaf`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from enum import StrEnum
from typing import Any, NewType, Self

from plauder.core.prices import PriceTable
from plauder.core.privacy.redaction import Redactions
from plauder.core.privacy.trust import Action, Trust, policy_from, policy_record, trust_from

# The name of a kind of backend ("openai", "ollama", ...), as stored. The kinds there are come from
# core.providers.PROVIDERS, where each kind's module names itself: records stay free of that list.
BackendKind = NewType("BackendKind", str)


class Role(StrEnum):
    USER = "user"
    ASSISTANT = "assistant"


class MessageStatus(StrEnum):
    COMPLETE = "complete"
    STREAMING = "streaming"  # stored while an answer arrives; found on load = the page closed mid-answer
    STOPPED = "stopped"  # the user pressed Stop
    INTERRUPTED = "interrupted"  # the stream broke off, or the page closed mid-answer
    ERROR = "error"  # the request failed; `error` says why


def _from_mapping(cls: type[Any], record: dict[str, Any]) -> dict[str, Any]:
    """The fields of `cls` in `record`: unknown keys from newer versions are ignored, and a missing
    field without a default is None (IndexedDB keeps a None as `undefined`, which JSON then drops)."""
    values = {f.name: None for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING}
    names = {f.name for f in fields(cls)}
    values.update((key, value) for key, value in record.items() if key in names)
    return values


# The longest side, in pixels, a picture is sent with unless its backend says otherwise: what the larger hosted
# models take without scaling it down themselves (OpenAI's high detail fits into 2,048 px).
DEFAULT_IMAGE_SIDE = 2048


@dataclass(frozen=True)
class Backend:
    """A server the user chats with. The API key stays in this browser and goes only to `base_url`."""

    id: str
    name: str
    kind: BackendKind
    base_url: str
    api_key: str = ""
    fetched_models: tuple[str, ...] = ()
    manual_models: tuple[str, ...] = ()
    # How long to wait for the first byte of an answer, and between two chunks of it.
    timeout_seconds: float = 120.0
    trust: Trust | None = None  # the user's trust level (core/privacy/trust.py); None: its address decides
    # Context sizes in tokens per model, fetched with the models where the server tells them (core/context.py).
    contexts: dict[str, int] = field(default_factory=dict, hash=False)
    # Models of this backend that make pictures (core/image_api.py), named by the user or the admin: no model
    # list says which of its models draw, and a server may serve chat and pictures from one root (OpenAI,
    # LocalAI), so this is a list on the backend rather than a kind of backend of its own.
    image_models: tuple[str, ...] = ()
    # How long to wait for a picture's answer: it comes whole, after a minute or more, never in chunks.
    image_timeout_seconds: float = 300.0
    # The longest side, in pixels, of a picture sent to this backend's models (core/images.py scales it down to
    # it): the default suits the larger hosted models; a small local model, or a host that bills by the pixel,
    # may want less.
    image_max_side: int = DEFAULT_IMAGE_SIDE

    @property
    def models(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.fetched_models, *self.manual_models)))

    def to_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["fetched_models"] = list(self.fetched_models)
        record["manual_models"] = list(self.manual_models)
        if self.trust is None:  # records stay as they were for backends the user never rated
            del record["trust"]
        if not self.contexts:  # (most servers tell none)
            del record["contexts"]
        if self.image_models:
            record["image_models"] = list(self.image_models)
        else:  # records stay as they were for backends that make no pictures
            del record["image_models"], record["image_timeout_seconds"]
        if self.image_max_side == DEFAULT_IMAGE_SIDE:  # and for those that take pictures at the default size
            del record["image_max_side"]
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Self:
        values = _from_mapping(cls, record)
        for key in ("fetched_models", "manual_models", "image_models"):
            values[key] = tuple(values.get(key) or ())
        if not isinstance(values.get("image_timeout_seconds"), int | float):
            values.pop("image_timeout_seconds", None)
        if type(values.get("image_max_side")) is not int:
            values.pop("image_max_side", None)
        values["trust"] = trust_from(values.get("trust"))
        sizes = values.get("contexts")
        values["contexts"] = {
            model: size
            for model, size in (sizes.items() if isinstance(sizes, dict) else ())
            if type(size) is int and size > 0
        }
        return cls(**values)


@dataclass(frozen=True)
class Preset:
    """A saved way to start a conversation (a "persona"): a system prompt, optionally a model and parameters."""

    id: str
    name: str
    system_prompt: str = ""
    backend_id: str | None = None
    model: str | None = None
    temperature: float | None = None
    max_tokens: int | None = None

    def to_record(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Self:
        return cls(**_from_mapping(cls, record))


@dataclass(frozen=True)
class Prompt:
    """A saved prompt, used by typing `/` and its name in the box; it may hold variables (core/prompt_vars.py)."""

    id: str
    name: str  # one word, unique regardless of letter case (core/prompt_library.py)
    text: str = ""

    def to_record(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Self:
        return cls(**_from_mapping(cls, record))


@dataclass(frozen=True)
class Settings:
    backends: tuple[Backend, ...] = ()
    default_backend_id: str | None = None
    default_model: str | None = None
    presets: tuple[Preset, ...] = ()
    # The user's own names (people, customers, projects) that the privacy guard replaces (core/privacy/terms.py).
    privacy_names: tuple[str, ...] = ()
    # The user's action per trust level, over the admin's where not locked (core/privacy/policy.py).
    privacy_policy: Mapping[Trust, Action] = field(default_factory=dict, hash=False)
    # The user's prices per model, over the admin's (core/prices.py).
    prices: PriceTable = field(default_factory=PriceTable, hash=False)
    # Days without activity after which a conversation is deleted (core/retention.py): None leaves it to the
    # admin, 0 is the user's "never".
    retention_days: int | None = None
    # The user's prompt library, over the admin's by name (core/prompt_library.py).
    prompts: tuple[Prompt, ...] = ()
    # The time limit of a code block run in the browser, in seconds (core/running); None: the default.
    code_seconds: int | None = None

    def backend(self, backend_id: str | None) -> Backend | None:
        return next((b for b in self.backends if b.id == backend_id), None)

    def with_backend(self, backend: Backend) -> Settings:
        """Add or replace a backend. The first one becomes the default, with its first model."""
        if self.backend(backend.id):
            backends = tuple(backend if b.id == backend.id else b for b in self.backends)
        else:
            backends = (*self.backends, backend)
        default_id = self.default_backend_id if self.backend(self.default_backend_id) else backend.id
        model = self.default_model
        if default_id == backend.id and model not in backend.models and backend.models:
            model = backend.models[0]
        return replace(self, backends=backends, default_backend_id=default_id, default_model=model)

    def without_backend(self, backend_id: str) -> Settings:
        backends = tuple(b for b in self.backends if b.id != backend_id)
        if self.default_backend_id != backend_id:
            return replace(self, backends=backends)
        fallback = backends[0] if backends else None
        return replace(
            self,
            backends=backends,
            default_backend_id=fallback.id if fallback else None,
            default_model=fallback.models[0] if fallback and fallback.models else None,
        )

    def preset(self, preset_id: str | None) -> Preset | None:
        return next((p for p in self.presets if p.id == preset_id), None)

    def with_preset(self, preset: Preset) -> Settings:
        """Add or replace a preset; the list stays sorted by name."""
        others = (p for p in self.presets if p.id != preset.id)
        return replace(self, presets=tuple(sorted((*others, preset), key=lambda p: p.name.casefold())))

    def without_preset(self, preset_id: str) -> Settings:
        return replace(self, presets=tuple(p for p in self.presets if p.id != preset_id))

    def with_prompt(self, prompt: Prompt) -> Settings:
        """Add or replace a saved prompt; the list stays sorted by name."""
        others = (p for p in self.prompts if p.id != prompt.id)
        return replace(self, prompts=tuple(sorted((*others, prompt), key=lambda p: p.name.casefold())))

    def without_prompt(self, prompt_id: str) -> Settings:
        return replace(self, prompts=tuple(p for p in self.prompts if p.id != prompt_id))

    def to_record(self) -> dict[str, Any]:
        return {
            "backends": [b.to_record() for b in self.backends],
            "default_backend_id": self.default_backend_id,
            "default_model": self.default_model,
            "presets": [p.to_record() for p in self.presets],
            **({"prompts": [p.to_record() for p in self.prompts]} if self.prompts else {}),
            **({"privacy_names": list(self.privacy_names)} if self.privacy_names else {}),
            **({"privacy_policy": policy_record(self.privacy_policy)} if self.privacy_policy else {}),
            **({"prices": self.prices.to_record()} if self.prices != PriceTable() else {}),
            **({"retention_days": self.retention_days} if self.retention_days is not None else {}),
            **({"code_seconds": self.code_seconds} if self.code_seconds is not None else {}),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any] | None) -> Self:
        if not record:
            return cls()
        names, days, seconds = record.get("privacy_names"), record.get("retention_days"), record.get("code_seconds")
        return cls(
            tuple(Backend.from_record(b) for b in record.get("backends") or ()),
            record.get("default_backend_id"),
            record.get("default_model"),
            tuple(Preset.from_record(p) for p in record.get("presets") or ()),
            tuple(name for name in names if isinstance(name, str)) if isinstance(names, list) else (),
            privacy_policy=policy_from(record.get("privacy_policy")),
            prices=PriceTable.from_record(record.get("prices")),
            retention_days=days if type(days) is int and days >= 0 else None,
            prompts=tuple(Prompt.from_record(p) for p in record.get("prompts") or ()),
            code_seconds=seconds if type(seconds) is int and seconds > 0 else None,
        )


@dataclass(frozen=True)
class Folder:
    """A folder of conversations; folders nest by `parent_id` (None = top level)."""

    id: str
    name: str
    parent_id: str | None
    created_at: float

    def to_record(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Self:
        return cls(**_from_mapping(cls, record))


@dataclass(frozen=True)
class Conversation:
    """A conversation's metadata: what the sidebar and the request need, never the messages."""

    id: str
    title: str
    created_at: float
    updated_at: float
    backend_id: str | None = None
    model: str | None = None
    system_prompt: str = ""
    temperature: float | None = None
    max_tokens: int | None = None
    current_leaf: str | None = None
    folder_id: str | None = None
    thinking_budget: int | None = None  # Anthropic's extended thinking, in tokens (None: off)
    # The child last shown under each message that has siblings below it ("" = the roots), so
    # switching back to a branch returns to where the user was in it (see core/tree.py).
    selected_children: dict[str, str] = field(default_factory=dict, hash=False)
    pinned: bool = False  # listed first, under its own heading at the top level
    # The placeholders sent to external backends and the values they stand for (core/privacy): kept
    # with the conversation, sealed with it under the lock, never sent.
    redactions: Redactions = field(default_factory=Redactions, hash=False)
    # The question from which requests carry the thread, when the user chose to leave the older messages out
    # to fit the model's context (core/context.py); None, or a message not on the thread shown: all of it.
    context_from: str | None = None
    # A summary of what is left out (core/summaries.py): sent with the thread from `context_from` on, or, in a
    # chat begun with the summary of another (no `context_from`), with all of it.
    context_summary: str = ""

    def to_record(self) -> dict[str, Any]:
        """The stored form. Fields at their default that older versions lacked are left out, so records (and
        the ids an import derives from them) stay as they were: most conversations never branch, pin, redact
        or outgrow their model's context."""
        record = asdict(self)
        if not self.selected_children:
            del record["selected_children"]
        if not self.pinned:
            del record["pinned"]
        if self.thinking_budget is None:
            del record["thinking_budget"]
        if self.context_from is None:
            del record["context_from"]
        if not self.context_summary:
            del record["context_summary"]
        del record["redactions"]
        return record | ({"redactions": self.redactions.to_record()} if self.redactions else {})

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Self:
        values = _from_mapping(cls, record)
        values["selected_children"] = dict(values.get("selected_children") or {})
        values["pinned"] = values.get("pinned") is True
        values["redactions"] = Redactions.from_record(values.get("redactions"))
        return cls(**values)


@dataclass(frozen=True)
class ErrorInfo:
    """Why a request failed, as message keys for the UI (translated there) and the server's own words."""

    kind: str
    message_key: str
    params: dict[str, Any] = field(default_factory=dict)
    hint_keys: tuple[str, ...] = ()
    server_message: str = ""

    def to_record(self) -> dict[str, Any]:
        return {**asdict(self), "hint_keys": list(self.hint_keys)}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Self:
        values = _from_mapping(cls, record)
        values["hint_keys"] = tuple(values.get("hint_keys") or ())
        values["params"] = dict(values.get("params") or {})
        return cls(**values)


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message, as the text read from it (core/attachments). Its original bytes live apart, like a
    picture's, in the files store under `id`; "" (a record from before originals were kept): there are none."""

    name: str
    size: int  # bytes of the original file
    media_type: str
    text: str
    pages: int | None = None  # a document's pages (PDF, Word), slides (PowerPoint) or sheets (Excel), where known
    id: str = ""

    def to_record(self) -> dict[str, Any]:
        record = asdict(self)
        if self.pages is None:
            del record["pages"]  # a text file's record stays as it was before documents were read
        if not self.id:
            del record["id"]  # and one without its original as it was before originals were kept
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Self:
        return cls(**_from_mapping(cls, record))


@dataclass(frozen=True)
class Image:
    """A picture sent with a message to a vision model, as re-encoded in the browser (core/images.py). Its bytes
    live apart, in the files store under `id`: a message record stays small and quick to read."""

    id: str
    name: str  # the original file's, shown in its tooltip and search
    media_type: str  # of the stored bytes: image/jpeg or image/png
    width: int
    height: int
    size: int  # bytes stored

    def to_record(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Self:
        return cls(**_from_mapping(cls, record))


@dataclass(frozen=True)
class Generation:
    """What an answer made of pictures was asked for (core/image_api.py); the prompt is its question's text and
    the pictures are the answer's `images`. A regenerated answer asks again with the same."""

    backend_id: str
    model: str
    size: str | None = None  # "1024x1024"; None: the server's default
    count: int = 1
    quality: str | None = None  # None: the server's default
    revised_prompt: str = ""  # what the server drew from, where it rewrote the prompt
    # Hosts of pictures the answer gave as URLs on another origin: not fetched (the CSP allows none), said so.
    not_loaded: tuple[str, ...] = ()

    def to_record(self) -> dict[str, Any]:
        return {**asdict(self), "not_loaded": list(self.not_loaded)}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Self:
        values = _from_mapping(cls, record)
        values["not_loaded"] = tuple(str(host) for host in values.get("not_loaded") or ())
        count = values.get("count")
        values["count"] = count if type(count) is int and count > 0 else 1
        return cls(**values)


class RunOutcome(StrEnum):
    """How a run of a code block ended (core/running)."""

    DONE = "done"  # ran to its end; an exception that ended it is in `error`
    TIMEOUT = "timeout"  # stopped at the time limit
    STOPPED = "stopped"  # stopped by the user
    FAILED = "failed"  # Python could not run it: its worker did not start, or broke down


@dataclass(frozen=True)
class CodeRun:
    """What a Python code block of an answer printed when the user ran it in the browser (core/running): kept with
    the answer, shown under its block, never sent to a model."""

    code: str  # which block: core/running.code_key of its code
    outcome: RunOutcome = RunOutcome.DONE
    stdout: str = ""
    stderr: str = ""
    result: str = ""  # the repr of the last expression, when the block ends with one (and it is not None)
    error: str = ""  # the traceback of the exception that ended it
    seconds: float = 0.0  # how long it ran
    cut: int = 0  # characters of output not kept (core/running.OUTPUT_CHARS)
    ran_at: float = 0.0  # when (ms)

    def to_record(self) -> dict[str, Any]:
        record = {**asdict(self), "outcome": str(self.outcome)}
        return {name: value for name, value in record.items() if value or name in ("code", "outcome", "seconds")}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Self:
        values = _from_mapping(cls, record)
        values["outcome"] = RunOutcome(values.get("outcome") or RunOutcome.DONE)
        return cls(**values)


# Files copied with messages (a fork, a duplicate): (the copy's file id, the id whose bytes it copies).
FileCopies = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Message:
    id: str
    conversation_id: str
    parent_id: str | None
    role: Role
    content: str
    created_at: float
    status: MessageStatus = MessageStatus.COMPLETE
    model: str | None = None
    finish_reason: str | None = None
    usage: Usage | None = None
    error: ErrorInfo | None = None
    attachments: tuple[Attachment, ...] = ()  # a question's files, in the order they were added
    # An answer's thinking, apart from its text (never sent back to the model), and how long it took (ms).
    reasoning: str = ""
    reasoning_ms: float | None = None
    replacements: int = 0  # a question's findings replaced by placeholders when it was last sent (core/privacy)
    images: tuple[Image, ...] = ()  # a question's pictures, in the order they were added; or an answer's drawn
    generation: Generation | None = None  # set on an answer that is pictures (core/image_api.py)
    runs: tuple[CodeRun, ...] = ()  # an answer's code blocks the user ran, the latest run of each (core/running)

    @property
    def stored_files(self) -> tuple[Image | Attachment, ...]:
        """What the files store keeps bytes of for this message, each under its id: its pictures, and the originals
        of its attachments that have one."""
        return (*self.images, *(attachment for attachment in self.attachments if attachment.id))

    def to_record(self) -> dict[str, Any]:
        thought = {"reasoning": self.reasoning, "reasoning_ms": self.reasoning_ms} if self.reasoning else {}
        return {
            "id": self.id,
            "conversation_id": self.conversation_id,
            "parent_id": self.parent_id,
            "role": str(self.role),
            "content": self.content,
            "created_at": self.created_at,
            "status": str(self.status),
            "model": self.model,
            "finish_reason": self.finish_reason,
            "usage": asdict(self.usage) if self.usage else None,
            "error": self.error.to_record() if self.error else None,
            **thought,  # only when there is some: records without thinking stay as they were
            **({"attachments": [a.to_record() for a in self.attachments]} if self.attachments else {}),
            **({"replacements": self.replacements} if self.replacements else {}),
            **({"images": [image.to_record() for image in self.images]} if self.images else {}),
            **({"generation": self.generation.to_record()} if self.generation else {}),
            **({"runs": [run.to_record() for run in self.runs]} if self.runs else {}),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Self:
        values = _from_mapping(cls, record)
        values["role"] = Role(values["role"])
        status = MessageStatus(values.get("status") or MessageStatus.COMPLETE)
        # A message still marked as streaming when read back was cut off by a closed page.
        values["status"] = MessageStatus.INTERRUPTED if status is MessageStatus.STREAMING else status
        values["usage"] = Usage(**values["usage"]) if values.get("usage") else None
        values["error"] = ErrorInfo.from_record(values["error"]) if values.get("error") else None
        values["attachments"] = tuple(Attachment.from_record(a) for a in values.get("attachments") or ())
        values["images"] = tuple(Image.from_record(image) for image in values.get("images") or ())
        values["runs"] = tuple(CodeRun.from_record(run) for run in values.get("runs") or ())
        generation = values.get("generation")
        values["generation"] = Generation.from_record(generation) if isinstance(generation, dict) else None
        replacements = values.get("replacements")
        values["replacements"] = replacements if type(replacements) is int and replacements > 0 else 0
        return cls(**values)
