"""Compiling a LaTeX document with ``pdflatex``.

The document is compiled in a fresh temporary folder, in batch mode, and
the log is read: an error, or an undefined control sequence, is a failure
even when ``pdflatex`` produced a PDF.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import SymbackpropError, Unsupported

INSTALL_HINT = (
    "pdflatex not found; install TeX Live, e.g. apt-get install "
    "texlive-latex-base texlive-latex-recommended texlive-pictures"
)
#: longest a compilation may take, in seconds
TIMEOUT = 120


class LatexError(SymbackpropError):
    """pdflatex failed; the message quotes the first error in its log."""


def log_errors(log: str) -> list[str]:
    """The error lines of a pdflatex log (``!`` lines, undefined macros).

    Example:
        >>> log_errors("ok\\n! Undefined control sequence.\\nl.3 \\\\foo\\n")
        ['! Undefined control sequence.']
    """
    return [
        line
        for line in log.splitlines()
        if line.startswith("!") or "Undefined control sequence" in line
    ]


def compile_pdf(source: str) -> bytes:
    """The PDF that ``pdflatex`` makes of ``source``.

    Raises:
        Unsupported: pdflatex is not installed (the message says how to
            install it).
        LatexError: pdflatex reported an error.
    """
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None:
        raise Unsupported(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="symbackprop-") as folder:
        tex = Path(folder) / "derivation.tex"
        tex.write_text(source, encoding="utf-8")
        command = [
            pdflatex,
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-no-shell-escape",
            tex.name,
        ]
        try:
            subprocess.run(
                command,
                cwd=folder,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise LatexError(f"pdflatex took longer than {TIMEOUT} s") from None
        log_path = tex.with_suffix(".log")
        log = log_path.read_text(errors="replace") if log_path.exists() else ""
        errors = log_errors(log)
        pdf = tex.with_suffix(".pdf")
        if errors or not pdf.exists():
            first = errors[0] if errors else "no PDF was written"
            raise LatexError(f"pdflatex failed: {first}")
        return pdf.read_bytes()
