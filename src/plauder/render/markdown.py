"""The configured Markdown parser: CommonMark with the GFM extensions, math, and safe links, images and code.

Raw HTML is off (`html=False`): tags in model output are shown as text. A link target other than
http, https or mailto fails `validateLink`, so markdown-it leaves the link's source as literal text.
Images never load by themselves: each becomes a link naming the host, opened in a new tab on a click
(the page's CSP allows no remote images anyway). A link whose text does not name its host has the host
noted after its text (`links`). Table alignment is written as a class, not a style.
Parsing stays linear in the answer (`guards`); highlighting and math spend the answer's `Budget`,
which the caller puts into the environment under BUDGET.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.renderer import RendererProtocol
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin

from plauder.render.guards import guard
from plauder.render.highlight import code_block
from plauder.render.labels import RenderLabels
from plauder.render.limits import Budget
from plauder.render.links import link_note, shown_host, target_host
from plauder.render.math_brackets import math_brackets_plugin
from plauder.render.mathml import to_mathml
from plauder.render.sanitize import is_safe_url

NEW_TAB = {"target": "_blank", "rel": "noopener noreferrer"}
NOTE_CLASS = "link-host"  # the target's host, noted inside a link whose text does not name it
BUDGET = "budget"  # the environment's key for the answer's Budget
Rule = Callable[[RendererProtocol, Sequence[Token], int, OptionsDict, EnvType], str]


def make_parser(labels: RenderLabels) -> MarkdownIt:
    """A parser whose `render` gives the (not yet sanitized) HTML of an answer."""
    md = MarkdownIt("commonmark", {"html": False, "tasklists": True})
    md.enable(["table", "strikethrough"])
    md.use(gfm_autolink_plugin)
    # No digits or spaces next to `$`, so prices ("$5 and $10") stay text; no blank lines inside `$$`,
    # so a block that streaming has finished cannot become math later.
    md.use(
        dollarmath_plugin,
        allow_labels=False,
        allow_space=False,
        allow_digits=False,
        allow_blank_lines=False,
        double_inline=True,
    )
    md.use(math_brackets_plugin)
    guard(md)
    md.validateLink = is_safe_url  # type: ignore[method-assign]

    def link_open(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        tokens[idx].attrs.update(NEW_TAB)
        close = next(i for i in range(idx + 1, len(tokens)) if tokens[i].type == "link_close")
        text = self.renderInlineAsText(tokens[idx + 1 : close], options, env)  # type: ignore[attr-defined]
        tokens[close].meta["note"] = link_note(text, str(tokens[idx].attrs["href"]))
        return self.renderToken(tokens, idx, options, env)  # type: ignore[attr-defined,no-any-return]

    def link_close(
        self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        note = tokens[idx].meta.get("note")
        return f'<span class="{NOTE_CLASS}"> ({escape(note)})</span></a>' if note else "</a>"

    def image(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children or [], options, env)  # type: ignore[attr-defined]
        return remote_image(str(token.attrs["src"]), alt, labels)

    def fence(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        info = unescapeAll(token.info).split(maxsplit=1)
        language = info[0] if info else ""
        return code_block(token.content, language, labels.copy, budget(env), labels.run, labels.run_note)

    md.add_render_rule("link_open", link_open)
    md.add_render_rule("link_close", link_close)
    md.add_render_rule("image", image)
    md.add_render_rule("fence", fence)
    md.add_render_rule("code_block", fence)
    for cell in ("th_open", "td_open"):
        md.add_render_rule(cell, _aligned_cell)
    # Token types of both math plugins: $...$ and \(...\); $$...$$ inside a paragraph; $$ and \[ blocks.
    md.add_render_rule("math_inline", _math(display=False))
    md.add_render_rule("math_inline_double", _math(display=True))
    md.add_render_rule("math_block", _math(display=True, block=True))
    return md


def budget(env: EnvType) -> Budget:
    """The Budget the caller of `render` or `parse` put into the environment."""
    spending: Budget = env[BUDGET]
    return spending


def remote_image(src: str, alt: str, labels: RenderLabels) -> str:
    """A link to the image naming its host, or just the alt text when the source is not http(s)."""
    host = target_host(src) if src.lower().startswith(("http://", "https://")) else None
    if not host:
        return escape(alt)
    described = f' <span class="remote-image-alt">{escape(alt)}</span>' if alt else ""
    return (
        f'<a class="remote-image" href="{escape(src)}" target="_blank" rel="noopener noreferrer">'
        f"{escape(labels.image_placeholder(shown_host(host)))}{described}</a>"
    )


def _aligned_cell(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """`style="text-align:right"` (forbidden by the CSP) becomes `class="align-right"`."""
    attrs = tokens[idx].attrs
    if isinstance(style := attrs.pop("style", None), str):
        attrs["class"] = "align-" + style.removeprefix("text-align:")
    return self.renderToken(tokens, idx, options, env)  # type: ignore[attr-defined,no-any-return]


def _math(display: bool, block: bool = False) -> Rule:
    def rule(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        mathml = to_mathml(tokens[idx].content.strip(), display, budget(env))
        return f'<div class="math-block">{mathml}</div>\n' if block else mathml

    return rule
