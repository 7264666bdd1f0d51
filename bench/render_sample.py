"""A long model answer in Markdown for the render benchmarks (importable by a browser bench too).

The mix the issue names: about 4,000 tokens of prose (with emphasis, inline code and links), three
fenced code blocks, a table and math (inline and display); `tokens(text)` cuts it as a model would
stream it, word by word.
"""

from __future__ import annotations

import re

_SENTENCES = (
    "Streaming answers arrive a few characters at a time, and every *update* must stay cheap.",
    "The renderer keeps finished blocks and re-renders only the **growing tail** of the answer.",
    "All HTML passes an allowlist before it reaches the page, whatever the parser produced.",
    "Links such as https://example.org/docs stay links, and `inline code` stays code.",
    "A paragraph like this one is what most of a long answer consists of, sentence after sentence.",
    "Numbers such as 3.14 or 2,718 and words like *naïve* or **Straße** appear now and then.",
    "The reader may scroll up while the model writes; the view then stops following the stream.",
)
_CODE = (
    (
        "```python\nimport statistics\n\n\ndef median_ms(samples: list[float]) -> float:\n"
        '    """The median of samples in milliseconds."""\n    return statistics.median(samples) * 1000\n```\n\n'
    ),
    "```javascript\nconst total = samples.reduce((sum, x) => sum + x, 0);\nconsole.log(total / samples.length);\n```\n\n",
    "```bash\n$ .venv/bin/python bench/render.py --runs 20\nrender benchmark: 4096-token answer\n```\n\n",
)
_TABLE = (
    "| Step | Time | Note |\n|:--|--:|:-:|\n| parse | 1.2 ms | block and inline |\n"
    "| render | 0.8 ms | HTML rules |\n| sanitize | 0.9 ms | allowlist |\n\n"
)
_MATH = (
    "The energy is $E = mc^2$, and the mean of a sample is \\(\\bar{x} = \\frac{1}{n}\\sum_i x_i\\).\n\n",
    "$$\n\\sigma^2 = \\frac{1}{n-1} \\sum_{i=1}^{n} (x_i - \\bar{x})^2\n$$\n\n",
    "For a circle, $A = \\pi r^2$ and $C = 2 \\pi r$; the roots are \\(x = \\frac{-b \\pm \\sqrt{b^2-4ac}}{2a}\\).\n\n",
    "\\[\n\\int_0^1 x^2 \\, dx = \\frac{1}{3}\n\\]\n\n",
)
# Where the non-prose blocks go, as fractions of the answer.
_PLACES = ((0.1, _MATH[0]), (0.2, _CODE[0]), (0.35, _TABLE), (0.45, _MATH[1]), (0.55, _CODE[1]))
_PLACES += ((0.7, _MATH[2]), (0.8, _CODE[2]), (0.9, _MATH[3]))
_TOKEN = re.compile(r"\s*\S+|\s+")


def tokens(text: str) -> list[str]:
    """The text cut into word-sized chunks (leading whitespace attached), as a stream delivers it."""
    return _TOKEN.findall(text)


def _paragraph(number: int) -> str:
    """Four to six sentences, varied so that no two neighbouring paragraphs are alike."""
    count = 4 + number % 3
    return " ".join(_SENTENCES[(number + i * 3) % len(_SENTENCES)] for i in range(count)) + "\n\n"


def sample_answer(min_tokens: int = 4000) -> str:
    """An answer of at least `min_tokens` word-sized tokens: prose, three code blocks, a table and math."""
    prose_tokens = min_tokens - sum(len(tokens(block)) for _, block in _PLACES) - 10
    paragraphs = ["## A long answer\n\n"]
    while len(tokens("".join(paragraphs))) < prose_tokens:
        paragraphs.append(_paragraph(len(paragraphs)))
    for fraction, block in reversed(_PLACES):
        paragraphs.insert(max(1, round(fraction * len(paragraphs))), block)
    return "".join(paragraphs)
