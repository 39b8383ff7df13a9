"""Plain text made safe for LaTeX and Markdown.

Anything that did not come from this package (a file name, a message
from a failed step, text the user typed) goes through :func:`escape_latex`
before it reaches a document, so it is typeset as the characters it is
and never run as TeX: ``\\input{/etc/passwd}`` prints, it does not read.
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

_MARKDOWN_SPECIAL = "\\`*_{}[]<>()#+-.!|$~"


def escape_latex(text: object) -> str:
    r"""``text`` as LaTeX that typesets exactly those characters.

    Every TeX special character is replaced by a command that prints it;
    other non-ASCII characters, which the document's fonts may lack,
    become ``?`` unless a spelling is known.

    Args:
        text: anything; it is converted with ``str`` first.

    Returns:
        A string safe to put in LaTeX text mode.

    Example:
        >>> print(escape_latex(r"\input{x} 5% $a_1$ #~^"))
        \textbackslash{}input\{x\} 5\% \$a\_1\$ \#\textasciitilde{}\textasciicircum{}
    """
    pieces = []
    for character in str(text):
        if character in _LATEX:
            pieces.append(_LATEX[character])
        elif character in _UNICODE:
            pieces.append(_UNICODE[character])
        elif ord(character) < 32 or ord(character) == 127:
            pieces.append(" ")
        elif ord(character) > 126:
            pieces.append("?")
        else:
            pieces.append(character)
    return "".join(pieces)


def escape_markdown(text: object) -> str:
    r"""``text`` with Markdown's and MathJax's special characters escaped.

    Example:
        >>> print(escape_markdown("a_1 * $x$"))
        a\_1 \* \$x\$
    """
    pieces = []
    for character in str(text).replace("\n", " "):
        pieces.append("\\" + character if character in _MARKDOWN_SPECIAL else character)
    return "".join(pieces)
