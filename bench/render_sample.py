"""A long model answer in Markdown for the render benchmarks (importable by a browser bench too).

`sample_answer()` holds prose, three fenced code blocks, a table, a task list and math, repeated until it
reaches the wanted number of tokens; `tokens(text)` cuts it as a model would stream it, word by word.
"""

from __future__ import annotations

import re

_PROSE = (
    "Streaming answers arrive a few characters at a time, and every *update* must stay cheap enough that "
    "the page keeps responding while the model writes. The renderer therefore keeps finished blocks, "
    "re-renders only the **growing tail**, and checks all HTML against an allowlist before it reaches "
    "the page. Links such as https://example.org/docs stay links; `inline code` stays code.\n\n"
)
_SECTION = (
    _PROSE * 3 + "```python\nimport statistics\n\n\ndef median_ms(samples: list[float]) -> float:\n"
    '    """The median of samples in milliseconds."""\n    return statistics.median(samples) * 1000\n```\n\n'
    + _PROSE
    * 2
    + "| Step | Time | Note |\n|:--|--:|:-:|\n| parse | 1.2 ms | block and inline |\n"
    "| render | 0.8 ms | HTML rules |\n| sanitize | 0.9 ms | allowlist |\n\n"
    + "The energy is $E = mc^2$, and for a sample the mean is \\(\\bar{x} = \\frac{1}{n}\\sum_i x_i\\):\n\n"
    "$$\n\\sigma^2 = \\frac{1}{n-1} \\sum_{i=1}^{n} (x_i - \\bar{x})^2\n$$\n\n"
    + "```javascript\nconst total = samples.reduce((sum, x) => sum + x, 0);\nconsole.log(total / samples.length);\n```\n\n"
    + _PROSE * 2
    + "- [x] parse the stream\n- [ ] draw the answer\n- [ ] store it\n\n"
    + "```bash\n$ .venv/bin/python bench/render.py --runs 20\n```\n\n"
    + _PROSE
)
_TOKEN = re.compile(r"\s*\S+|\s+")


def tokens(text: str) -> list[str]:
    """The text cut into word-sized chunks (leading whitespace attached), as a stream delivers it."""
    return _TOKEN.findall(text)


def sample_answer(min_tokens: int = 4000) -> str:
    """An answer of at least `min_tokens` word-sized tokens: sections of prose, code, a table and math."""
    sections: list[str] = []
    while len(tokens("".join(sections))) < min_tokens:
        sections.append(f"## Part {len(sections) + 1}\n\n{_SECTION}")
    return "".join(sections)
