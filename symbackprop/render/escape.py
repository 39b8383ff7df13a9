"""Plain text made safe for LaTeX and Markdown.

Anything that did not come from this package (a file name, a message
from a failed step, text the user typed) goes through :func:`escape_latex`
before it reaches a document, so it is typeset as the characters it is
and never run as TeX: ``\\input{/etc/passwd}`` prints, it does not read.

The documents are UTF-8 with ``\\usepackage[T1]{fontenc}``, so pdflatex
sets Latin letters with accents, umlauts, ``ß``, dashes, curly quotes and
the like as they are (:data:`TYPESETTABLE`). It has no glyphs for other
scripts or emoji: :func:`escape_latex` writes those as ``?``, and
:func:`untypesettable` names them so a caller can say so.
"""

from __future__ import annotations

_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "\n": " ",
    "\r": " ",
}

#: Unicode the default LaTeX fonts cannot set, spelled out
_UNICODE = {
    "∂": r"$\partial$",
    "ᵀ": r"$^{T}$",
    "−": "-",
    "‖": r"$\|$",
    "→": r"$\to$",
    "×": r"$\times$",
    "…": r"\ldots{}",
    "½": r"$\frac{1}{2}$",
    "§": r"\S{}",
    "α": r"$\alpha$",
}

#: what pdflatex sets from UTF-8 input with the T1 and TS1 encodings: Latin-1
#: and Latin Extended-A (less the few letters T1 lacks) and common punctuation
TYPESETTABLE = frozenset(
    chr(code)
    for code in range(0xA0, 0x180)
    if code not in (0x126, 0x127, 0x138, 0x13F, 0x140, 0x149, 0x166, 0x167, 0x17F)
) | frozenset("ȘșȚțẞ‐‑‒–—―‘’‚“”„†‡•‰‹›€™№")

#: characters Markdown (and MathJax, for ``$``) reads as markup anywhere in text
_MARKDOWN_INLINE = "\\`*_[]<>$~&|"


def escape_latex(text: object) -> str:
    r"""``text`` as LaTeX that typesets exactly those characters.

    Every TeX special character is replaced by a command that prints it;
    the non-ASCII characters of :data:`TYPESETTABLE` stay as they are,
    a few mathematical ones are spelled in math mode, and any other
    becomes ``?`` (see :func:`untypesettable`).

    Args:
        text: anything; it is converted with ``str`` first.

    Returns:
        A string safe to put in LaTeX text mode.

    Example:
        >>> print(escape_latex(r"\input{x} 5% $a_1$ #~^"))
        \textbackslash{}input\{x\} 5\% \$a\_1\$ \#\textasciitilde{}\textasciicircum{}
        >>> print(escape_latex("Übung für „alle“ — 日本"))
        Übung für „alle“ — ??
    """
    pieces = []
    for character in str(text):
        if character in _LATEX:
            pieces.append(_LATEX[character])
        elif character in _UNICODE:
            pieces.append(_UNICODE[character])
        elif ord(character) < 32 or ord(character) == 127:
            pieces.append(" ")
        elif ord(character) > 126 and character not in TYPESETTABLE:
            pieces.append("?")
        else:
            pieces.append(character)
    return "".join(pieces)


def untypesettable(text: object) -> list[str]:
    """The characters of ``text`` that :func:`escape_latex` writes as ``?``.

    Args:
        text: anything; it is converted with ``str`` first.

    Returns:
        Each such character once, in order of appearance.

    Example:
        >>> untypesettable("Übung — 日本 🙂 日")
        ['日', '本', '🙂']
    """
    found: list[str] = []
    for character in str(text):
        if (
            ord(character) > 126
            and character not in TYPESETTABLE
            and character not in _UNICODE
            and character not in found
        ):
            found.append(character)
    return found


def escape_markdown(text: object) -> str:
    r"""``text`` as Markdown that shows exactly those characters.

    Only what Markdown reads as markup is escaped: emphasis, code, links,
    HTML, table bars and MathJax's ``$`` anywhere, and a ``#``, ``>``,
    ``-``, ``+`` or ``1.`` that would start a heading, quote or list.
    A dash inside a word or a bracketed remark stays as it is.

    Args:
        text: anything; it is converted with ``str`` first; newlines
            become spaces.

    Returns:
        One line of Markdown, safe in a heading, a paragraph or a table cell.

    Example:
        >>> print(escape_markdown("a_1 * $x$ for a 2-3 (net) + 1"))
        a\_1 \* \$x\$ for a 2-3 (net) + 1
        >>> print(escape_markdown("# 1. -x"))
        \# 1. -x
    """
    text = str(text).replace("\r", " ").replace("\n", " ")
    pieces = []
    for character in text:
        pieces.append("\\" + character if character in _MARKDOWN_INLINE else character)
    escaped = "".join(pieces)

    # block markup only counts at the start of a line
    stripped = escaped.lstrip(" ")
    indent = escaped[: len(escaped) - len(stripped)]
    if stripped[:1] in ("#", ">", "-", "+", "="):
        return f"{indent}\\{stripped}"
    number = len(stripped) - len(stripped.lstrip("0123456789"))
    if number and stripped[number : number + 1] in (".", ")"):
        return f"{indent}{stripped[:number]}\\{stripped[number:]}"
    return escaped
