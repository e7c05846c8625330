"""French typography of a text or of an HTML page: the spaces a French reader expects.

Authors type ordinary spaces; French typography wants them unbreakable, and some of them narrow:

* a no-break space (U+00A0) before « : », a narrow one (U+202F) before « ; ! ? »;
* a narrow no-break space inside « guillemets » (added when missing);
* a narrow no-break space between a number and its unit (``12 Go``, ``150 W``, ``2 s``) and a
  no-break space before % (``80 %``, added when missing), as :mod:`hvlab.fr` writes them;
* thousands grouped by narrow no-break spaces: ``1 000`` (the spaces made narrow and unbreakable)
  and ``2500 W`` → ``2 500 W``. A bare number without a unit (a year, a port, an article number)
  is left as it is.

Only spaces that are there are changed (except inside guillemets and before %): « Yahoo! » or an
address ``http://…`` are not touched. :func:`french` works on a text; :func:`french_html` on HTML,
whose tags and attributes it leaves as they are, and whose code, preformatted blocks, keyboard
keys, scripts, styles, text areas, SVG, MathML, diagrams and verbatim data (class
``hv-verbatim``: a student's answer as typed) it does not change.

Standard library only. Two users: the course site (:mod:`hvlab.site.typography`, a Markdown
extension built on these functions) and the grading server (:mod:`hvlab.server`, on every page it
renders and on the messages its API returns).
"""

from __future__ import annotations

__all__ = [
    "HTML_TAG",
    "NBSP",
    "NNBSP",
    "PLACEHOLDER",
    "UNIT",
    "french",
    "french_html",
    "group_digits",
    "is_left_alone",
    "number_before_unit",
    "tag_classes",
]

import re
from collections.abc import Iterable

#: No-break space: before « : » and « % ».
NBSP = "\u00a0"
#: Narrow no-break space: before « ; ! ? », inside « », thousands, number and unit.
NNBSP = "\u202f"

_SPACES = "[ \u00a0\u202f]"
#: Units written after a number (French symbols); a whole word: « 2 s » but not « 2 s'exécute ».
_UNITS = (
    "Kio|Mio|Gio|Tio|Pio|Ko|Mo|Go|To|Po|octets?|"
    "kbit/s|Mbit/s|Gbit/s|Tbit/s|Kio/s|Mio/s|Gio/s|Ko/s|Mo/s|Go/s|Gbps|Mbps|IOPS|"
    "kWh|MWh|GWh|TWh|Wh|kW|MW|W|"
    "GHz|MHz|kHz|Hz|ns|µs|ms|min|s|h|"
    "€|°C|U|kg"
)
_UNIT_AFTER = rf"(?:{_UNITS})(?![\w'’])"
_NUMBER_UNIT = re.compile(rf"(?<=\d){_SPACES}+(?={_UNIT_AFTER})")
_PERCENT = re.compile(rf"(?<=\d){_SPACES}*%")
_GROUPED = re.compile(rf"(?<![\w.,])\d{{1,3}}(?:{_SPACES}\d{{3}})+(?![\d])")
_BARE_BEFORE_UNIT = re.compile(rf"(?<![\w.,:/\-])(\d{{4,}})(?=(?:,\d+)?{_SPACES}+{_UNIT_AFTER})")
_BEFORE_COLON = re.compile(rf"(?<!{_SPACES}){_SPACES}+:")
_BEFORE_NARROW = re.compile(rf"(?<!{_SPACES}){_SPACES}+([;!?])")
_AFTER_OPENING = re.compile(rf"«{_SPACES}*")
_BEFORE_CLOSING = re.compile(rf"{_SPACES}*»")
#: What is never changed in a text: ``\x02…\x03``
#: (Python-Markdown leaves them in text for stashed HTML and escaped characters.)
PLACEHOLDER = re.compile("(\x02[^\x03]*\x03)")
#: HTML: comments, then tags (attribute values are escaped: no « > » inside a tag).
_HTML_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
#: An HTML start or end tag: ``/`` if closing, the name, the attributes, ``/`` if self-closing.
HTML_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)([^>]*?)(/?)>", re.DOTALL)
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
#: A text ending with a number then spaces, before an element that holds a unit (an <abbr>).
_NUMBER_AT_END = re.compile(rf"(?<![\w.,:/\-])(\d+)((?:,\d+)?){_SPACES}+$")
#: A unit French writes after a number (whole text: ``UNIT.fullmatch``).
UNIT = re.compile(_UNITS)
_SKIPPED = frozenset({"code", "pre", "kbd", "samp", "script", "style", "svg", "math", "textarea"})
_SKIPPED_CLASSES = frozenset({"arithmatex", "mermaid", "highlight", "hv-verbatim"})


def group_digits(digits: str) -> str:
    """``"2500"`` → ``"2\\u202f500"`` (groups of three, narrow no-break spaces)."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NNBSP.join(groups)


def _french_segment(text: str) -> str:
    text = _GROUPED.sub(lambda m: re.sub(_SPACES, NNBSP, m.group(0)), text)
    text = _BARE_BEFORE_UNIT.sub(lambda m: group_digits(m.group(1)), text)
    text = _NUMBER_UNIT.sub(NNBSP, text)
    text = _PERCENT.sub(NBSP + "%", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _BEFORE_NARROW.sub(lambda m: NNBSP + m.group(1), text)
    text = _AFTER_OPENING.sub("«" + NNBSP, text)
    return _BEFORE_CLOSING.sub(NNBSP + "»", text)


def french(text: str) -> str:
    """``text`` with French typography's spaces (see the module docstring).

    Python-Markdown's placeholders (``\\x02…\\x03``) are left as they are.

    Example:
        >>> shown = french("Attention : 2500 W pour 80% des « VM » !")
        >>> shown.replace(NBSP, "_").replace(NNBSP, "^")
        'Attention_: 2^500^W pour 80_% des «^VM^»^!'
    """
    return "".join(
        part if PLACEHOLDER.fullmatch(part) else _french_segment(part)
        for part in PLACEHOLDER.split(text)
        if part
    )


def french_html(fragment: str) -> str:
    """The HTML ``fragment`` with :func:`french` applied to its text, tags and attributes kept.

    Text inside code, preformatted blocks, keyboard keys, scripts, styles, text areas, SVG,
    MathML, diagrams and ``hv-verbatim`` elements is left as it is; comments too.

    Example:
        >>> shown = french_html('<p title="a : b">Note : <code>x : y</code> !</p>')
        >>> shown.replace(NBSP, "_").replace(NNBSP, "^")
        '<p title="a : b">Note_: <code>x : y</code>^!</p>'
    """
    parts: list[str] = []
    open_tags: list[str] = []
    skipped_at: int | None = None  # depth of the element whose text is left alone
    for token in _HTML_TOKEN.split(fragment):
        tag = HTML_TAG.fullmatch(token) if token.startswith("<") else None
        if tag is None:
            skip = skipped_at is not None or token.startswith("<!--")
            parts.append(token if skip or not token else french(token))
            continue
        parts.append(token)
        closing, name = tag.group(1), tag.group(2).lower()
        if closing:
            if name in open_tags:
                while open_tags and open_tags.pop() != name:
                    pass
            if skipped_at is not None and len(open_tags) <= skipped_at:
                skipped_at = None
        elif name not in _VOID and not tag.group(4):
            if skipped_at is None and is_left_alone(name, tag_classes(tag.group(3))):
                skipped_at = len(open_tags)
            open_tags.append(name)
    return "".join(parts)


def is_left_alone(name: str, classes: Iterable[str] = ()) -> bool:
    """Whether the text of element ``name`` of ``classes`` is left as it is (code, scripts,
    diagrams, verbatim data…)."""
    return name in _SKIPPED or not _SKIPPED_CLASSES.isdisjoint(classes)


def tag_classes(attributes: str) -> list[str]:
    """The classes in the ``attributes`` of a tag as written (``' class="a b" id=x'``)."""
    found = _CLASS.search(attributes)
    return "".join(found.groups("")).split() if found else []


def number_before_unit(text: str) -> str:
    """``text`` ending with a number then spaces (the unit is the next element, an ``<abbr>``):
    the number grouped and the space before the unit made a narrow no-break one.

    Example:
        >>> number_before_unit("soit 2048 ").replace(NNBSP, "^")
        'soit 2^048^'
    """
    match = _NUMBER_AT_END.search(text)
    if match is None:
        return text
    whole = match.group(1)
    digits = group_digits(whole) if len(whole) >= 4 else whole
    return text[: match.start()] + digits + match.group(2) + NNBSP
